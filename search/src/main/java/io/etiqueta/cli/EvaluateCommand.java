package io.etiqueta.cli;

import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.json.Json;
import io.etiqueta.train.Evaluation;
import picocli.CommandLine.*;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "evaluate", sortOptions = false,
        description = {"Evaluate a model bundle on a dataset.",
                "Uses the bundle's own preprocessing; prints accuracy, loss, the classification report, the",
                "confusion matrix and latency. Uses the dataset's test set when it has one, else all of its images."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle file, s3://bucket/key.etq, or in the store: champion, a trial id, searchId:trialId, or a key.")
    String bundle;
    @Parameters(index = "1", paramLabel = "DATASET", description = "A dataset in any format etiqueta reads.")
    Path dataset;
    @Mixin StoreOption storeOption;
    @Option(names = "--skip-bad-files", description = "Skip (and count) unreadable images.")
    boolean skipBadFiles;
    @Option(names = "--json", description = "Print the evaluation as one JSON document.")
    boolean json;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelBundle model = BundleLocator.load(bundle, storeOption);
        ImageSpec input = model.manifest().input();
        if (input.width() != input.height()) throw new IllegalArgumentException("bundles with non-square input are not supported by evaluate");
        LoadedDataset data = DatasetLoader.load(dataset, new LoadOptions(input.width(), input.color(), skipBadFiles));
        Examples examples = remap(data, model.manifest().labels());
        var result = Evaluation.evaluate(model.network(), examples, new Preprocessor(input), model.manifest().labels(), 0);
        if (json) {
            out.println(Json.write(result.metrics()));
        } else {
            out.println("model " + model.manifest().modelId() + " on " + dataset + (data.hasTestSet() ? " (test set)" : " (all images)"));
            Text.test(out, result.metrics());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The dataset's examples with labels renumbered into the bundle's label order; unknown classes are an error. */
    static Examples remap(LoadedDataset data, List<String> bundleLabels) {
        Examples examples = data.hasTestSet() ? data.test() : data.train();
        int[] map = new int[data.classes().size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = bundleLabels.indexOf(data.classes().get(c));
            if (map[c] < 0) {
                throw new IllegalArgumentException("dataset class '" + data.classes().get(c) + "' is not one the model knows ("
                        + String.join(", ", bundleLabels) + ")");
            }
        }
        int[] labels = new int[examples.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = map[examples.labels()[i]];
        return new Examples(examples.pixels(), labels);
    }
}
