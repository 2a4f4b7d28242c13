package io.etiqueta.cli;

import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.json.Json;
import io.etiqueta.train.BundleEvaluation;
import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "evaluate", sortOptions = false,
        description = {"Evaluate a model bundle on a dataset.",
                "Uses the bundle's own preprocessing; prints accuracy, loss, the classification report, the",
                "confusion matrix and latency. Uses the dataset's test set when it has one, else all of its images."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin BundleArgument bundle;
    @Parameters(index = "1", paramLabel = "DATASET", description = "A dataset in any format etiqueta reads.")
    Path dataset;
    @Mixin StoreOption storeOption;
    @Mixin SkipBadFilesOption skipBadFiles;
    @Option(names = "--json", description = "Print the evaluation as one JSON document.")
    boolean json;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelBundle model = bundle.load(storeOption);
        BundleEvaluation.Result result = BundleEvaluation.evaluate(model, dataset, skipBadFiles.skip());
        if (json) {
            out.println(Json.write(result.evaluation().metrics()));
        } else {
            out.println("model " + model.manifest().modelId() + " on " + dataset + (result.onTestSet() ? " (test set)" : " (all images)"));
            Text.test(out, result.evaluation().metrics());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
