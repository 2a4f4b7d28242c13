package io.etiqueta.search.execution;

import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

/** Follows a running search (progress display, logs). Calls may come from worker threads. */
public interface SearchListener {
    SearchListener NONE = new SearchListener() {};

    default void started(SearchRecord search, int replayed) {}

    default void trialStarted(SearchRecord search, int number, TrialConfig config) {}

    /** After a trial's final record is stored; {@code search} is the record with updated counts and best. */
    default void trialFinished(SearchRecord search, TrialRecord trial) {}

    default void ended(SearchRecord search) {}

    /** Something the user should know, in one line (a lease taken over from a stale or forced-out owner). */
    default void note(String message) {}
}
