package io.etiqueta.search;

import io.etiqueta.search.execution.SearchRunner;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.storage.Store;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Search files and search runs the search tests share: the mixed space most of them explore, a search file built
 * from what a test varies, and a search started from its file's text the way {@code search start FILE} starts one
 * (parsed once into the stored spec, the text kept beside it).
 */
public final class SearchFixtures {
    /** Every model family and optimizer, log-uniform learning rates, four activations, uniform dropout (in this order). */
    public static final String MIXED_SPACE = """
            model: [mlp, cnn, cnn-bn]
            optimizer: [sgd, adam, rmsprop, nadam]
            learning_rate: {log_uniform: [0.0001, 0.1]}
            activation: [relu, tanh, sigmoid, elu]
            dropout: {uniform: [0.0, 0.5]}
            """;

    private SearchFixtures() {}

    /**
     * A search file on the fake engine's dataset ({@code fake}) with a trial budget; {@code settings} are more
     * top-level lines (workers, genetic, pruning...; may be empty) and {@code space} the lines under {@code space:}.
     */
    public static String searchFile(String name, String strategy, long seed, int trials, String settings, String space) {
        return "name: " + name + "\ndataset: fake\nstrategy: " + strategy + "\nseed: " + seed + "\nbudget: {trials: " + trials + "}\n"
                + settings.strip() + (settings.isBlank() ? "" : "\n")
                + "space:\n" + space.strip().indent(2);
    }

    /** The spec of a search file's text. */
    public static SearchSpec spec(String source) { return SearchFiles.parse(source, "test.yaml"); }

    /** Creates the search from its file's text and runs it to its end. */
    public static SearchRecord start(SearchRunner runner, String source) { return runner.start(spec(source), source, "test.yaml"); }

    /** Creates the search from its file's text without running it. */
    public static SearchRecord create(SearchRunner runner, String source) { return runner.create(spec(source), source, "test.yaml"); }

    /** Runs a search from its file's text to its end with the engine, as {@code search start FILE} would. */
    public static SearchRecord start(Store store, TrialEngine engine, String source) { return start(new SearchRunner(store, engine, null), source); }

    /** What a trial measured on its way: metrics after whole epochs and checkpoints in between. */
    public record Measurements(List<EpochMetrics> epochs, List<Checkpoint> checkpoints) {}

    /**
     * Measurements at the given resources (whole numbers: after that epoch; fractions: a checkpoint part-way) with
     * these accuracies, as both train and validation accuracy, and 1 - accuracy as the losses.
     */
    public static Measurements measurements(double[] resources, double[] accuracies) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < resources.length; i++) {
            double r = resources[i], a = accuracies[i];
            if (r == Math.rint(r)) epochs.add(new EpochMetrics((int) r, 1 - a, a, 1 - a, a, 1));
            else checkpoints.add(new Checkpoint(r, 1 - a, a, r));
        }
        return new Measurements(epochs, checkpoints);
    }
}
