package io.etiqueta.search.execution;

import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialRecord;

import java.time.Duration;
import java.util.Collection;

/** The counts search.json shows, recomputed from the finished trials' records (the source of truth). */
final class SearchTally {
    private SearchTally() {}

    static SearchRecord.Counts count(Collection<TrialRecord> finals, int running, int cacheHits) {
        int complete = 0, pruned = 0, failed = 0, epochs = 0, saved = 0;
        double savedSeconds = 0;
        for (TrialRecord t : finals) {
            epochs += t.epochs().size();
            switch (t.state()) {
                case COMPLETE -> complete++;
                case FAILED -> failed++;
                case PRUNED -> {
                    pruned++;
                    int missing = Math.max(0, t.config().epochs() - t.epochs().size());
                    saved += missing;
                    savedSeconds += missing * t.epochs().stream().mapToDouble(EpochMetrics::seconds).average().orElse(0);
                }
                default -> { }
            }
        }
        return new SearchRecord.Counts(finals.size(), complete, pruned, failed, running, cacheHits, epochs, saved, savedSeconds,
                instanceHours(finals));
    }

    static int epochs(Collection<TrialRecord> finals) { return finals.stream().mapToInt(t -> t.epochs().size()).sum(); }

    /** Start-to-end time of the finished trials, in hours. */
    static double instanceHours(Collection<TrialRecord> finals) {
        double seconds = 0;
        for (TrialRecord t : finals) {
            if (t.started() != null && t.finished() != null) seconds += Math.max(0, Duration.between(t.started(), t.finished()).toMillis() / 1000.0);
        }
        return seconds / 3600;
    }
}
