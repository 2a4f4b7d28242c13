package io.etiqueta.train;

import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.data.DatasetLoader;
import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadOptions;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;

import java.nio.file.Path;
import java.util.List;

/**
 * A stored model evaluated on a dataset ({@code etiqueta evaluate}): the dataset read at the bundle's input size and
 * colour, its classes renumbered into the bundle's label order, then the same {@link Evaluation} a trial gets.
 */
public final class BundleEvaluation {
    private BundleEvaluation() {}

    /** The evaluation and whether it ran on the dataset's own test set (else on all its images). */
    public record Result(Evaluation.Result evaluation, boolean onTestSet) {}

    public static Result evaluate(ModelBundle model, Path dataset, boolean skipBadFiles) {
        ImageSpec input = model.manifest().input();
        if (input.width() != input.height()) throw new IllegalArgumentException("bundles with non-square input are not supported by evaluate");
        LoadedDataset data = DatasetLoader.load(dataset, new LoadOptions(input.width(), input.color(), skipBadFiles));
        List<String> labels = model.manifest().labels();
        Examples examples = inLabelOrder(data, labels);
        return new Result(Evaluation.evaluate(model.network(), examples, new Preprocessor(input), labels, 0), data.hasTestSet());
    }

    /**
     * The dataset's test examples (all of them when it has no test set) with labels renumbered into the model's
     * label order; a class the model does not know is an error.
     */
    public static Examples inLabelOrder(LoadedDataset data, List<String> modelLabels) {
        Examples examples = data.hasTestSet() ? data.test() : data.train();
        int[] map = new int[data.classes().size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = modelLabels.indexOf(data.classes().get(c));
            if (map[c] < 0) {
                throw new IllegalArgumentException("dataset class '" + data.classes().get(c) + "' is not one the model knows ("
                        + String.join(", ", modelLabels) + ")");
            }
        }
        int[] labels = new int[examples.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = map[examples.labels()[i]];
        return new Examples(examples.pixels(), labels);
    }
}
