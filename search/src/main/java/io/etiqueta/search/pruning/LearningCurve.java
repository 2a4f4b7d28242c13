package io.etiqueta.search.pruning;

import io.etiqueta.search.spec.Goal;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialRecord;

import java.util.List;

/**
 * What a pruner sees of one trial, finished or still running: its whole epochs and its checkpoints part-way through
 * epochs. Built from a final {@link TrialRecord} or from a running trial's progress, so peers trained elsewhere
 * (another worker, another machine) count the same as local ones.
 *
 * @param trialId   null when unknown (a pruner never compares a trial with itself by id)
 * @param maxEpochs the epochs the trial is configured (or limited) to train
 */
public record LearningCurve(String trialId, int maxEpochs, List<EpochMetrics> epochs, List<Checkpoint> checkpoints) {
    private static final double EPS = 1e-9;

    public LearningCurve {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }

    public static LearningCurve of(TrialRecord t) {
        int max = t.config() == null ? t.epochs().size() : t.epochLimit() != null ? t.epochLimit() : t.config().epochs();
        return new LearningCurve(t.id(), max, t.epochs(), t.checkpoints());
    }

    /** How much training it had, in epochs (the last measurement). */
    public double resource() {
        double r = epochs.size();
        for (Checkpoint c : checkpoints) r = Math.max(r, c.resource());
        return r;
    }

    /** Whether it was measured at exactly {@code r} epochs (an epoch end or a checkpoint). */
    public boolean measuredAt(double r) {
        if (Math.abs(r - Math.rint(r)) < EPS) return r >= 1 && epochs.size() >= Math.round(r);
        for (Checkpoint c : checkpoints) if (Math.abs(c.resource() - r) < EPS) return true;
        return false;
    }

    /**
     * The best value (signed: higher is better) of a validation or per-epoch metric over every measurement up to
     * {@code r} epochs; NaN when there is none. Checkpoints carry only validation metrics.
     */
    public double bestUpTo(double r, String metric, Goal goal) {
        double best = Double.NaN;
        for (EpochMetrics e : epochs) {
            if (e.epoch() > r + EPS) break;
            best = better(best, goal.signed(Pruner.metric(e, metric)));
        }
        for (Checkpoint c : checkpoints) {
            if (c.resource() > r + EPS) break;
            double v = switch (metric) {
                case "val_accuracy" -> c.valAccuracy();
                case "val_loss" -> c.valLoss();
                default -> Double.NaN;
            };
            best = better(best, goal.signed(v));
        }
        return best;
    }

    private static double better(double best, double v) {
        return !Double.isNaN(v) && (Double.isNaN(best) || v > best) ? v : best;
    }
}
