package io.etiqueta.report;

import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Orders a search's trials by its objective and names its champion. */
final class Ranking {
    private Ranking() {}

    /**
     * Trials with an objective value first, best first (ties by number), then the rest by number. A failed trial
     * counts as having no value, whatever its last epochs said.
     */
    static List<TrialRecord> ranked(List<TrialRecord> trials, Objective objective) {
        Comparator<TrialRecord> byValue = (a, b) -> {
            OptionalDouble va = rankable(a, objective), vb = rankable(b, objective);
            if (va.isPresent() != vb.isPresent()) return va.isPresent() ? -1 : 1;
            if (va.isPresent()) {
                int c = Double.compare(va.getAsDouble(), vb.getAsDouble());
                if (c != 0) return objective.maximize() ? -c : c;
            }
            return 0;
        };
        List<TrialRecord> sorted = new ArrayList<>(trials);
        sorted.sort(byValue.thenComparingInt(TrialRecord::number).thenComparing(TrialRecord::id));
        return sorted;
    }

    private static OptionalDouble rankable(TrialRecord t, Objective objective) {
        return t.state() == TrialState.FAILED ? OptionalDouble.empty() : objective.value(t);
    }

    /** The trial the search named best, else the best complete trial by the objective. */
    static Optional<TrialRecord> champion(SearchSummary search, List<TrialRecord> trials) {
        if (search.bestTrialId() != null) {
            Optional<TrialRecord> named = trials.stream().filter(t -> t.id().equals(search.bestTrialId())).findFirst();
            if (named.isPresent()) return named;
        }
        return ranked(trials, search.objective()).stream()
                .filter(t -> t.state() == TrialState.COMPLETE && search.objective().value(t).isPresent())
                .findFirst();
    }

    /** Seconds the trial took: its timing when recorded, else the sum of its epochs; null when neither. */
    static Double seconds(TrialRecord trial) {
        if (trial.timing() != null) return trial.timing().totalSeconds();
        if (trial.epochs().isEmpty()) return null;
        return trial.epochs().stream().mapToDouble(e -> e.seconds()).sum();
    }
}
