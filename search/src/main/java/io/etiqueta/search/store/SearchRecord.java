package io.etiqueta.search.store;

import io.etiqueta.search.spec.SearchSpec;
import java.time.Instant;

/**
 * A search as stored in {@code searches/<id>/search.json}: the file as given and as understood, and how far it got.
 * Rewritten as the search goes (after every trial, so {@code updated} is a heartbeat); the trials themselves live
 * in their own {@code trial.json} files, which are the source of truth (see docs/search.md).
 *
 * @param source        the search file's text, verbatim: shown to people, never parsed again
 * @param file          where the file was read from
 * @param spec          the file as understood (with command-line overrides of name and workers): what a run,
 *                      a resume and a report go by
 * @param statusReason  why it ended or stopped: "budget: 60 trials", "grid complete", "stop requested", ...
 * @param elapsedSeconds running time summed over every session (start and resumes), what budget.hours limits
 * @param sessions      how many times it was started or resumed
 * @param bestTrialId   the best complete trial so far by the objective and its tie-breaks
 * @param bestValue     its objective metric (as measured, not sign-adjusted)
 * @param owner         host and process id of the process that last ran it
 */
public record SearchRecord(
        int formatVersion,
        String id,
        String name,
        String file,
        String source,
        SearchSpec spec,
        SearchStatus status,
        String statusReason,
        Instant created,
        Instant updated,
        Instant finished,
        double elapsedSeconds,
        int sessions,
        Counts counts,
        String bestTrialId,
        Double bestValue,
        String owner) {

    public static final int FORMAT_VERSION = 1;

    /**
     * @param trials            trials with a final state (complete + pruned + failed)
     * @param running           trials training right now
     * @param cacheHits         proposals answered from the cache instead of training again
     * @param epochsTrained     epochs trained over all finished trials
     * @param prunedEpochsSaved epochs pruned trials did not train (configured epochs minus epochs run)
     * @param prunedSecondsSaved those epochs times each pruned trial's mean epoch time: the budget pruning saved
     * @param instanceHours     run time (start to end) of every finished trial, wherever it ran: what
     *                          budget.instance_hours limits
     */
    public record Counts(int trials, int complete, int pruned, int failed, int running, int cacheHits,
                         int epochsTrained, int prunedEpochsSaved, double prunedSecondsSaved, double instanceHours) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Counts(int trials, int complete, int pruned, int failed, int running, int cacheHits,
                      int epochsTrained, int prunedEpochsSaved, double prunedSecondsSaved) {
            this(trials, complete, pruned, failed, running, cacheHits, epochsTrained, prunedEpochsSaved, prunedSecondsSaved, 0);
        }
    }

    public SearchRecord with(SearchStatus newStatus, String reason, Instant now) {
        return new SearchRecord(formatVersion, id, name, file, source, spec, newStatus, reason, created, now,
                newStatus == SearchStatus.RUNNING ? null : now, elapsedSeconds, sessions, counts, bestTrialId, bestValue, owner);
    }

    public SearchRecord withProgress(double elapsed, Counts newCounts, String best, Double value, Instant now) {
        return new SearchRecord(formatVersion, id, name, file, source, spec, status, statusReason, created, now, finished,
                elapsed, sessions, newCounts, best, value, owner);
    }

    public SearchRecord withSession(SearchSpec newSpec, String newOwner, Instant now) {
        return new SearchRecord(formatVersion, id, name, file, source, newSpec, SearchStatus.RUNNING, null, created, now, null,
                elapsedSeconds, sessions + 1, counts, bestTrialId, bestValue, newOwner);
    }
}
