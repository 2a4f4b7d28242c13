package io.etiqueta.search.execution;

import io.etiqueta.search.spec.Budget;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Budget-aware proposals: before a trial starts under a time budget, estimates how long it will take from the
 * per-epoch times observed so far for its model family (families differ 10-20x in speed, so another family's time
 * would refuse a fast trial or admit a slow one) plus the usual evaluation time, and either lets it train all its
 * epochs, shrinks it to the epochs that fit (it then stops there as complete and its record says so), lets it train
 * towards the first ASHA rung that fits when not one epoch does (the budget stops it at its next checkpoint), or
 * refuses to start it with the reason. Without an observation of its family there is no estimate: the trial starts
 * as proposed, and the running trial's own budget check ends it at the deadline.
 */
final class BudgetPlanner {
    private BudgetPlanner() {}

    /**
     * @param epochLimit null to train all the configured epochs
     * @param stop       why no trial may start (the search ends with it), or null
     * @param note       how the decision was made (for logs), or null when there was no estimate
     */
    record Plan(Integer epochLimit, String stop, String note) {
        static final Plan AS_PROPOSED = new Plan(null, null, null);
    }

    static Plan plan(TrialConfig config, double secondsLeft, Collection<TrialRecord> finished) {
        return plan(config, secondsLeft, finished, 0);
    }

    /**
     * @param firstRung the first ASHA rung in epochs (a trial measured there can be compared and kept), or 0 when
     *                  the search does not prune by rungs
     */
    static Plan plan(TrialConfig config, double secondsLeft, Collection<TrialRecord> finished, double firstRung) {
        List<Double> same = new ArrayList<>(), overheads = new ArrayList<>();
        for (TrialRecord t : finished) {
            double perEpoch = secondsPerEpoch(t);
            if (Double.isNaN(perEpoch)) continue;
            if (t.config() != null && t.config().model() == config.model()) same.add(perEpoch);
            if (t.state() == TrialState.COMPLETE && t.timing() != null) overheads.add(t.timing().evaluateSeconds() + t.timing().storeSeconds());
        }
        if (same.isEmpty()) return Plan.AS_PROPOSED;
        double perEpoch = median(same);
        double overhead = overheads.isEmpty() ? 0 : median(overheads);
        String seen = String.format(Locale.ROOT, "~%s per epoch of %s observed%s", duration(perEpoch),
                config.model().id(), overhead > 0 ? String.format(Locale.ROOT, " + %s to evaluate", duration(overhead)) : "");
        int fits = (int) Math.floor((secondsLeft - overhead) / perEpoch);
        if (fits >= config.epochs()) return new Plan(null, null, seen);
        if (fits < 1) {
            if (firstRung > 0 && firstRung < 1 && firstRung * perEpoch <= secondsLeft) {
                return new Plan(1, null, String.format(Locale.ROOT, "towards its first rung (%s epochs): %s left is less than one epoch, %s",
                        BudgetCheck.plain(firstRung), duration(secondsLeft), seen));
            }
            return new Plan(null, String.format(Locale.ROOT, "budget: %s left is less than one epoch of %s (%s); no trial started",
                    duration(Math.max(0, secondsLeft)), config.model().id(), seen), seen);
        }
        return new Plan(fits, null, String.format(Locale.ROOT, "shrunk to %d of %d epochs: %s left, %s", fits, config.epochs(),
                duration(secondsLeft), seen));
    }

    /** Seconds per epoch of a trial: its mean epoch time, or its time to its last checkpoint over the share trained. */
    static double secondsPerEpoch(TrialRecord t) {
        if (!t.epochs().isEmpty()) return t.epochs().stream().mapToDouble(EpochMetrics::seconds).average().orElse(Double.NaN);
        if (!t.checkpoints().isEmpty()) {
            Checkpoint last = t.checkpoints().get(t.checkpoints().size() - 1);
            return last.resource() > 0 ? last.seconds() / last.resource() : Double.NaN;
        }
        return Double.NaN;
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static String duration(double seconds) {
        if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds < 5400) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
    }
}
