package io.etiqueta.cli;

import io.etiqueta.search.execution.PatientStore;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.train.CpuBackend;
import io.etiqueta.train.StandaloneTrial;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", sortOptions = false,
        description = {"Train and evaluate one configuration (one trial) on a dataset.",
                "As a Keras notebook cell would: prints accuracy, loss, val_accuracy, val_loss and time per epoch,",
                "then the test evaluation; stores the trial record and the model bundle in the store.", "",
                "Example: etiqueta train ./photos --model mlp --layers 512,256,256 --activation relu --optimizer rmsprop \\",
                "           --lr 0.001 --dropout 0.2 --epochs 50 --patience 5 --batch 64 --seed 1 --store ./runs --json"})
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "DATASET",
            description = "A folder of class folders, a folder with train/ and test/, CIFAR-10 binary files, IDX files, or a .zip/.tar.gz of a folder.")
    Path dataset;
    @Mixin TrainOptions trainOptions;
    @Mixin StoreOption storeOption;
    @Option(names = "--validation", defaultValue = "0.1", description = "Share of the training images held out for validation (default: ${DEFAULT-VALUE}).")
    double validation;
    @Option(names = "--test", defaultValue = "0.1", description = "Share held out for the test when the dataset has no test set (default: ${DEFAULT-VALUE}).")
    double test;
    @Mixin SkipBadFilesOption skipBadFiles;
    @Option(names = "--threads", paramLabel = "N", description = "CPU threads the trial's operations use (default: all cores).")
    Integer threads;
    @Option(names = "--json", description = "Print the whole trial record as one JSON document (progress goes to stderr).")
    boolean json;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        TrialConfig config = trainOptions.config();
        try (Store store = PatientStore.of(storeOption.open(), line -> { err.println(line); err.flush(); })) { // the trained model survives a store outage
            PrintWriter progress = json ? err : out;
            StandaloneTrial.Result result = StandaloneTrial.run(store, dataset, config, validation, test, skipBadFiles.skip(),
                    threads == null ? CpuBackend.cores() : threads, line -> { progress.println(line); progress.flush(); });
            TrialRecord record = result.record();
            if (json) {
                out.println(Json.write(record));
            } else {
                summary(out, record, store.location(), result.recordSeconds());
            }
            out.flush();
            return record.state() == TrialState.COMPLETE ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static void summary(PrintWriter out, TrialRecord record, String location, double recordSeconds) {
        out.println();
        out.println("trial " + record.id() + ": " + record.config().summary());
        if (record.backend() != null) out.println("trained on " + record.backend());
        if (record.crossValidation() != null) Text.folds(out, record.crossValidation());
        if (!record.epochs().isEmpty()) Text.epochs(out, record);
        out.println("stopped: " + record.stopReason());
        if (record.state() != TrialState.COMPLETE) {
            out.println("trial " + record.state().id() + (record.error() == null ? "" : ": " + record.error()));
            return;
        }
        out.println();
        Text.test(out, record.test());
        out.printf(Locale.ROOT, "parameters %,d  training %.1f images/s%n", record.parameters(),
                record.trainImagesPerSecond() == null ? 0 : record.trainImagesPerSecond());
        var t = record.timing();
        out.printf(Locale.ROOT, "time: data %.1fs, training %.1fs, evaluation %.1fs, storing %.2fs%n",
                t.dataSeconds(), t.trainSeconds(), t.evaluateSeconds(), t.storeSeconds() + recordSeconds);
        out.println("stored in " + location + ": " + StoreLayout.trialPrefix(null, record.id()) + " (bundle " + record.bundleKey() + ")");
    }
}
