package io.etiqueta.search;

import io.etiqueta.trial.Metric;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Multi-fidelity pruning: a running trial is stopped at epoch e when its best value so far of {@code metric} is worse
 * than the median of its peers' best values up to the same epoch. Peers are the finished trials of earlier batches,
 * so the decision does not depend on timing and a resumed search decides the same way.
 *
 * @param warmupEpochs no trial is pruned before finishing this many epochs
 * @param minPeers     no decision at an epoch until this many peers reached it
 * @param metric       a per-epoch metric (val_accuracy, val_loss, accuracy, loss)
 */
public record PruningSettings(Rule rule, int warmupEpochs, int minPeers, String metric, Goal goal) {
    public enum Rule {
        NONE, MEDIAN;

        @JsonValue public String id() { return name().toLowerCase(Locale.ROOT); }

        @JsonCreator public static Rule parse(String v) {
            for (Rule r : values()) if (r.id().equals(v == null ? "" : v.trim().toLowerCase(Locale.ROOT))) return r;
            throw new IllegalArgumentException("unknown pruning rule '" + v + "' (use median or none)");
        }
    }

    public PruningSettings {
        if (rule == null) rule = Rule.NONE;
        if (warmupEpochs < 1) throw new IllegalArgumentException("warmup_epochs must be at least 1, got " + warmupEpochs);
        if (minPeers < 1) throw new IllegalArgumentException("min_peers must be at least 1, got " + minPeers);
        if (!Metric.epochIds().contains(metric)) {
            throw new IllegalArgumentException("pruning metric must be one reported every epoch (" + String.join(", ", Metric.epochIds()) + "), got '" + metric + "'");
        }
        if (goal == null) goal = Goal.natural(metric);
    }

    public static PruningSettings none() { return new PruningSettings(Rule.NONE, 1, 3, "val_accuracy", Goal.MAXIMIZE); }

    public boolean enabled() { return rule != Rule.NONE; }
}
