package io.etiqueta.search.pruning;

import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialRecord;

import java.util.List;

/** Decides after each epoch whether a running trial is too weak to continue, by comparison with its peers. */
public interface Pruner {
    Pruner NEVER = (curve, peers) -> null;

    /**
     * Why to prune the trial now (becomes its stop reason), or null to let it train on.
     *
     * @param curve the trial's epochs so far
     * @param peers finished trials to compare with (the runner passes those of earlier batches)
     */
    String check(List<EpochMetrics> curve, List<TrialRecord> peers);

    static Pruner of(PruningSettings settings) {
        return settings.enabled() ? new MedianPruner(settings) : NEVER;
    }

    /** A per-epoch metric by its name. */
    static double metric(EpochMetrics e, String name) {
        return switch (name) {
            case "val_accuracy" -> e.valAccuracy();
            case "val_loss" -> e.valLoss();
            case "accuracy" -> e.accuracy();
            case "loss" -> e.loss();
            default -> throw new IllegalArgumentException("not a per-epoch metric: " + name);
        };
    }
}
