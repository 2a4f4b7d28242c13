package io.etiqueta.trial;

import java.util.List;

/**
 * A trial's k-fold cross-validation: the training pool split into {@code folds} stratified parts from the seed,
 * one model trained per fold with that fold held out for validation. Each fold keeps its best epoch (lowest
 * val_loss); the means and standard deviations (population, over the folds) summarise the spread. The final
 * model is then trained on the whole training pool for {@code chosenEpochs} epochs, the folds' median best epoch.
 *
 * @param results one entry per fold, in fold order
 */
public record CrossValidation(int folds, List<Fold> results, double meanValAccuracy, double stdValAccuracy,
                              double meanValLoss, double stdValLoss, int chosenEpochs) {

    public CrossValidation {
        results = List.copyOf(results);
    }

    /**
     * One fold's outcome at its kept epoch.
     *
     * @param fold           1-based
     * @param bestEpoch      the epoch kept (lowest val_loss)
     * @param epochsRun      epochs trained before stopping
     */
    public record Fold(int fold, int trainSize, int validationSize, int bestEpoch, int epochsRun,
                       double accuracy, double loss, double valAccuracy, double valLoss) {}

    /** Summarises per-fold results: means, population standard deviations, the median best epoch. */
    public static CrossValidation of(List<Fold> results) {
        if (results.isEmpty()) throw new IllegalArgumentException("cross-validation needs at least one fold's result");
        double[] acc = results.stream().mapToDouble(Fold::valAccuracy).toArray();
        double[] loss = results.stream().mapToDouble(Fold::valLoss).toArray();
        int[] best = results.stream().mapToInt(Fold::bestEpoch).sorted().toArray();
        int median = best[(best.length - 1) / 2];
        return new CrossValidation(results.size(), results, mean(acc), std(acc), mean(loss), std(loss), median);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double std(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }
}
