package io.etiqueta.train;

import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.Timing;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One trial run alone ({@code etiqueta train}): reads the dataset first, so that a bad one is an error (bad input)
 * rather than a failed trial; trains and evaluates it with the local engine; stores its record and bundle under
 * {@code trials/<id>/}; and counts the reading in the trial's data time.
 */
public final class StandaloneTrial {
    private StandaloneTrial() {}

    /**
     * What the trial produced.
     *
     * @param recordSeconds the time to write the trial record, which the record itself cannot hold
     */
    public record Result(TrialRecord record, double recordSeconds) {}

    /**
     * Runs the trial; {@code progress} gets the engine's lines (epochs, evaluation) and a note of skipped files.
     *
     * @param validation share of the training images held out for validation
     * @param test       share held out for the test when the dataset has none of its own
     */
    public static Result run(Store store, Path dataset, TrialConfig config, double validation, double test,
                             boolean skipBadFiles, Consumer<String> progress) {
        return run(store, dataset, config, validation, test, skipBadFiles, CpuBackend.cores(), progress);
    }

    /** As above, with the CPU threads the trial's operations use. */
    public static Result run(Store store, Path dataset, TrialConfig config, double validation, double test,
                             boolean skipBadFiles, int threads, Consumer<String> progress) {
        String id = TrialIds.next();
        LoadOptions options = new LoadOptions(config.imageSize(), config.color(), skipBadFiles);
        long loadStart = System.nanoTime();
        LoadedDataset data = DatasetLoader.load(dataset, options);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        if (!data.skipped().isEmpty()) progress.accept("skipped " + data.skipped().size() + " unreadable files, e.g. " + data.skipped().getFirst());
        var engine = new LocalTrialEngine(store, new EngineSettings(validation, test, EngineSettings.defaults().galleryPerKind(), skipBadFiles).withThreads(threads),
                (path, o) -> o.equals(options) ? data : DatasetLoader.load(path, o), progress);
        TrialRecord record = engine.run(new TrialRequest(id, null, 0, dataset.toString(), config), EpochObserver.NONE);
        // the engine got the dataset already read: count the reading as this trial's data time
        Timing timing = record.timing();
        record = record.withTiming(new Timing(timing.dataSeconds() + loadSeconds, timing.trainSeconds(), timing.evaluateSeconds(), timing.storeSeconds()));
        long writeStart = System.nanoTime();
        store.put(StoreLayout.trialRecord(null, id), Json.bytes(record));
        double recordSeconds = (System.nanoTime() - writeStart) / 1e9;
        return new Result(record, recordSeconds);
    }
}
