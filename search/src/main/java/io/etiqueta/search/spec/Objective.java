package io.etiqueta.search.spec;

import io.etiqueta.trial.Metric;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a search optimises: one {@link Metric} with its goal, then tie-breaks in order (for example the smaller
 * latency among equally accurate models). The one ranking of trials: the search picks its best trial by it and
 * reports order their leaderboards by it.
 */
public record Objective(String metric, Goal goal, List<TieBreak> tieBreaks) {

    public record TieBreak(String metric, Goal goal) {}

    public Objective {
        Metric.parse(metric);
        if (goal == null) goal = Goal.natural(metric);
        tieBreaks = tieBreaks == null ? List.of() : List.copyOf(tieBreaks);
    }

    /** The metric with its natural goal and no tie-breaks. */
    public static Objective of(String metric) { return new Objective(metric, null, List.of()); }

    public boolean maximize() { return goal == Goal.MAXIMIZE; }

    /** The trial's value of the metric; empty when it has none or it is not a number (a diverged loss). */
    public OptionalDouble value(TrialRecord trial) {
        OptionalDouble v = trial.metric(metric);
        return v.isPresent() && !Double.isNaN(v.getAsDouble()) ? v : OptionalDouble.empty();
    }

    /** The trial's objective value turned so that higher is better; empty for a failed trial or a missing metric. */
    public OptionalDouble score(TrialRecord trial) {
        if (trial == null || trial.state() == TrialState.FAILED) return OptionalDouble.empty();
        OptionalDouble v = value(trial);
        return v.isPresent() ? OptionalDouble.of(goal.signed(v.getAsDouble())) : OptionalDouble.empty();
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

    /**
     * A leaderboard: the trials with a score first, by {@link #ranking()}, then the rest (failed, or without the
     * metric) by number.
     */
    public List<TrialRecord> leaderboard(List<TrialRecord> trials) {
        List<TrialRecord> scored = new ArrayList<>(), rest = new ArrayList<>();
        for (TrialRecord t : trials) (score(t).isPresent() ? scored : rest).add(t);
        scored.sort(ranking().thenComparing(TrialRecord::id));
        rest.sort(Comparator.comparingInt(TrialRecord::number).thenComparing(TrialRecord::id));
        scored.addAll(rest);
        return scored;
    }

    private static double signedOrWorst(TrialRecord t, String metric, Goal goal) {
        OptionalDouble v = t.metric(metric);
        return v.isPresent() && !Double.isNaN(v.getAsDouble()) ? goal.signed(v.getAsDouble()) : Double.NEGATIVE_INFINITY;
    }
}
