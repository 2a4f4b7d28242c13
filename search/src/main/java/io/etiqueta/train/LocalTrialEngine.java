package io.etiqueta.train;

import io.etiqueta.errors.Failures;
import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.BundleManifest;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.bundle.Provenance;
import io.etiqueta.data.DatasetException;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.data.Split;
import io.etiqueta.data.Splits;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import io.etiqueta.trial.Timing;
import org.deeplearning4j.nn.api.Model;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Runs trials in this JVM: the engine behind {@code etiqueta train} and the local search executor. */
public final class LocalTrialEngine implements TrialEngine {
    public static final String DL4J_VERSION = "1.0.0-M2.1";

    private final Store store;
    private volatile EngineSettings settings;
    private final DatasetProvider datasets;
    private final Consumer<String> log;

    public LocalTrialEngine(Store store, EngineSettings settings, DatasetProvider datasets, Consumer<String> log) {
        CpuBackend.configure();
        this.store = store;
        this.settings = settings;
        this.datasets = datasets;
        this.log = log;
    }

    /**
     * The engine a search on the command line trains with: default settings, one dataset cache shared by its
     * trials, the engine's lines on stderr only with {@code -Detiqueta.verbose=true}.
     */
    public static LocalTrialEngine forSearch(Store store) {
        return new LocalTrialEngine(store, EngineSettings.defaults(), io.etiqueta.data.Datasets::load,
                line -> { if (Boolean.getBoolean("etiqueta.verbose")) System.err.println(line); });
    }

    /**
     * Trains the trial; the record names the backend and device that trained it. A backend that cannot load (the CUDA
     * build without a GPU) is not the trial's fault: it is thrown ({@link BackendUnavailableException}), not recorded.
     */
    @Override
    public void concurrentTrials(int trials) { settings = settings.forWorkers(trials); }

    @Override
    public TrialRecord run(TrialRequest request, EpochObserver observer) {
        String backend = Backend.describe();
        return train(request, observer).withBackend(backend);
    }

    private TrialRecord train(TrialRequest request, EpochObserver observer) {
        Instant started = Instant.now();
        EngineSettings settings = this.settings;
        CpuBackend.useThreads(settings.threads());
        TrialConfig config = request.config();
        long t0 = System.nanoTime();
        LoadedDataset data = null;
        try {
            data = datasets.load(Path.of(request.dataset()), new LoadOptions(config.imageSize(), config.color(), settings.skipBadFiles()));
            if (config.model() == ModelFamily.VGG16) {
                ImageSpec vgg = ModelFactory.inputSpec(config, data.spec());
                if (config.imageSize() != null && config.imageSize() != vgg.width()) {
                    throw new IllegalArgumentException("vgg16 takes " + vgg.width() + "x" + vgg.height() + " images; leave out the image size");
                }
                // VGG16's pretrained weights expect 224x224 RGB: convert and resize
                if (data.spec().width() != vgg.width() || data.spec().height() != vgg.height() || data.spec().color() != ColorMode.RGB) {
                    data = datasets.load(Path.of(request.dataset()), new LoadOptions(vgg.width(), ColorMode.RGB, settings.skipBadFiles()));
                }
            }
            ImageSpec spec = ModelFactory.inputSpec(config, data.spec());
            Split split = Splits.of(data, settings.validationFraction(), settings.testFraction(), config.seed());
            if (split.train().size() == 0 || split.validation().size() == 0 || split.test().size() == 0) {
                throw new DatasetException("dataset " + request.dataset() + " is too small to split into train, validation and test ("
                        + data.train().size() + " examples)");
            }
            double dataSeconds = (System.nanoTime() - t0) / 1e9;
            List<String> labels = data.classes();
            log.accept(String.format("trial %s: %s on %s (%d train, %d validation, %d test, %s)", request.trialId(), config.summary(),
                    request.dataset(), split.train().size(), split.validation().size(), split.test().size(), spec));
            Model model = ModelFactory.build(config, spec, labels.size());
            long parameters = model.numParams();
            Preprocessor preprocessor = new Preprocessor(spec);
            Trainer.Outcome outcome = new Trainer(log).train(model, split, preprocessor, labels.size(), config, observer,
                    request.effectiveEpochLimit());
            double trainSeconds = outcome.trainSeconds() - outcome.batchSeconds();
            dataSeconds += outcome.batchSeconds();
            Double imagesPerSecond = outcome.trainSeconds() > 0 ? outcome.imagesTrained() / outcome.trainSeconds() : null;
            TrialRecord record = new TrialRecord(request.trialId(), request.searchId(), request.number(), outcome.state(), config,
                    request.dataset(), labels, outcome.epochs(), outcome.bestEpoch(), outcome.stopReason(), null, parameters,
                    new Timing(dataSeconds, trainSeconds, 0, 0), imagesPerSecond, null, outcome.error(), started, null)
                    .withCheckpoints(outcome.checkpoints(), request.effectiveEpochLimit());
            if (outcome.state() != TrialState.COMPLETE || outcome.bestEpoch() == null) {
                return record.withState(outcome.state() == TrialState.COMPLETE ? TrialState.FAILED : outcome.state(),
                        outcome.stopReason(), outcome.error(), Instant.now());
            }
            long t1 = System.nanoTime();
            Evaluation.Result evaluation = Evaluation.evaluate(model, split.test(), preprocessor, labels, settings.galleryPerKind());
            double evaluateSeconds = (System.nanoTime() - t1) / 1e9;
            log.accept(String.format("trial %s: test accuracy %.4f, loss %.4f, macro F1 %.4f", request.trialId(),
                    evaluation.metrics().accuracy(), evaluation.metrics().loss(), evaluation.metrics().macro().f1()));
            record = new TrialRecord(record.id(), record.searchId(), record.number(), TrialState.COMPLETE, config, request.dataset(),
                    labels, outcome.epochs(), outcome.bestEpoch(), outcome.stopReason(), evaluation.metrics(), parameters,
                    new Timing(dataSeconds, trainSeconds, evaluateSeconds, 0), imagesPerSecond, null, null, started, null)
                    .withCheckpoints(outcome.checkpoints(), request.effectiveEpochLimit());
            long t2 = System.nanoTime();
            String bundleKey = StoreLayout.bundle(request.searchId(), request.trialId());
            BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, modelId(request), Instant.now(),
                    BundleIO.networkType(model), labels, spec, config, parameters,
                    record.best().map(e -> e.valAccuracy()).orElse(null), evaluation.metrics(),
                    new Provenance(request.dataset(), data.fingerprint(), config.seed(), request.trialId(), request.searchId(),
                            version(), DL4J_VERSION, System.getProperty("java.version"), host()));
            storeBundle(new ModelBundle(manifest, model), bundleKey);
            store.put(StoreLayout.examples(request.searchId(), request.trialId()), Json.bytes(evaluation.examples()));
            double storeSeconds = (System.nanoTime() - t2) / 1e9;
            return record.withBundleKey(bundleKey)
                    .withTiming(record.timing().withStoreSeconds(storeSeconds))
                    .withState(TrialState.COMPLETE, outcome.stopReason(), null, Instant.now());
        } catch (TrialFailure | DatasetException | StoreException | IllegalArgumentException e) {
            return failed(request, data, started, t0, Failures.describe(e));
        } catch (OutOfMemoryError e) {
            return failed(request, data, started, t0, "out of memory: " + Failures.describe(e) + " (try a smaller batch, model or image size)");
        } catch (RuntimeException e) {
            return failed(request, data, started, t0, "crashed: " + e);
        }
    }

    private void storeBundle(ModelBundle bundle, String key) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("etiqueta-bundle", ".etq");
            BundleIO.write(bundle, tmp);
            store.put(key, tmp);
        } catch (IOException e) {
            throw new TrialFailure("cannot write the model bundle: " + Failures.describe(e), e);
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* temp file */ }
        }
    }

    private TrialRecord failed(TrialRequest request, LoadedDataset data, Instant started, long t0, String error) {
        log.accept("trial " + request.trialId() + " failed: " + error);
        return new TrialRecord(request.trialId(), request.searchId(), request.number(), TrialState.FAILED, request.config(),
                request.dataset(), data == null ? List.of() : data.classes(), List.of(), null, "failed", null, null,
                new Timing((System.nanoTime() - t0) / 1e9, 0, 0, 0), null, null, error, started, Instant.now());
    }

    private static String modelId(TrialRequest request) {
        return request.searchId() == null ? request.trialId() : request.searchId() + ":" + request.trialId();
    }

    static String version() {
        String v = LocalTrialEngine.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
