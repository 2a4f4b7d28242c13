package io.etiqueta.search.spec;

import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a search optimises: one metric of {@link TrialRecord#metric(String)} with its goal, then tie-breaks in order
 * (for example the smaller latency among equally accurate models).
 */
public record Objective(String metric, Goal goal, List<TieBreak> tieBreaks) {
    /** Metrics a trial reports after every epoch, which pruning can compare mid-training. */
    public static final List<String> EPOCH_METRICS = List.of("val_accuracy", "val_loss", "accuracy", "loss");
    /** Every metric an objective may name (see {@link TrialRecord#metric(String)}). */
    public static final List<String> METRICS = List.of("val_accuracy", "val_loss", "accuracy", "loss", "test_accuracy",
            "test_loss", "test_f1", "latency_ms", "parameters", "seconds", "epochs", "cv_accuracy", "cv_loss", "cv_accuracy_std");

    public record TieBreak(String metric, Goal goal) {}

    public Objective {
        if (!METRICS.contains(metric)) throw new IllegalArgumentException("unknown metric '" + metric + "' (use one of " + String.join(", ", METRICS) + ")");
        if (goal == null) goal = Goal.natural(metric);
        tieBreaks = tieBreaks == null ? List.of() : List.copyOf(tieBreaks);
    }

    /** The trial's objective value turned so that higher is better; empty for a failed trial or a missing metric. */
    public OptionalDouble score(TrialRecord trial) {
        if (trial == null || trial.state() == TrialState.FAILED) return OptionalDouble.empty();
        OptionalDouble v = trial.metric(metric);
        return v.isPresent() && !Double.isNaN(v.getAsDouble()) ? OptionalDouble.of(goal.signed(v.getAsDouble())) : OptionalDouble.empty();
    }

    /** Best first: by the metric, then each tie-break, then the lower trial number (the earlier one). */
    public Comparator<TrialRecord> ranking() {
        Comparator<TrialRecord> c = Comparator.comparingDouble(t -> -signedOrWorst(t, metric, goal));
        for (TieBreak tb : tieBreaks) c = c.thenComparingDouble(t -> -signedOrWorst(t, tb.metric(), tb.goal()));
        return c.thenComparingInt(TrialRecord::number);
    }

    /** The best complete trial, by {@link #ranking()}. */
    public Optional<TrialRecord> best(List<TrialRecord> trials) {
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE && score(t).isPresent()).min(ranking());
    }

    private static double signedOrWorst(TrialRecord t, String metric, Goal goal) {
        OptionalDouble v = t.metric(metric);
        return v.isPresent() && !Double.isNaN(v.getAsDouble()) ? goal.signed(v.getAsDouble()) : Double.NEGATIVE_INFINITY;
    }
}
