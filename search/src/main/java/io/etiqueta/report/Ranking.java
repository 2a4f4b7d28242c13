package io.etiqueta.report;

import io.etiqueta.search.spec.Objective;
import io.etiqueta.trial.TrialRecord;

import java.util.List;
import java.util.Optional;

/** Names a search's champion (the order of its trials is {@link Objective#leaderboard}). */
final class Ranking {
    private Ranking() {}

    /** The trial the search named best, else the best complete trial by the search's objective. */
    static Optional<TrialRecord> champion(SearchSummary search, List<TrialRecord> trials) {
        if (search.bestTrialId() != null) {
            Optional<TrialRecord> named = trials.stream().filter(t -> t.id().equals(search.bestTrialId())).findFirst();
            if (named.isPresent()) return named;
        }
        return search.objective().best(trials);
    }

    /** Seconds the trial took: its timing when recorded, else the sum of its epochs; null when neither. */
    static Double seconds(TrialRecord trial) {
        if (trial.timing() != null) return trial.timing().totalSeconds();
        if (trial.epochs().isEmpty()) return null;
        return trial.epochs().stream().mapToDouble(e -> e.seconds()).sum();
    }
}
