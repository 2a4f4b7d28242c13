package io.etiqueta.search.execution;

import io.etiqueta.search.store.TrialAssignment;
import io.etiqueta.trial.TrialRecord;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where and how a search's trials run: the coordinator ({@link SearchRunner}) writes a trial's
 * {@code request.json} and asks the executor to start it; whatever runs it runs {@link TrialRun}, which writes the
 * final record into the store. Implementations: {@link LocalTrialExecutor} (threads of this process, the default)
 * and, plugged in through {@link TrialExecutors}, remote ones such as AWS Batch.
 */
public interface TrialExecutor extends AutoCloseable {

    /** Trials this executor runs at once (the search's max_in_flight or workers). */
    int slots();

    /** Starts the trial whose request.json is in the store; returns at once. */
    void start(TrialAssignment request);

    /**
     * Trials that ended since the last call, waiting up to {@code timeout} for the first one; empty when none did.
     * A trial ends with its final record in the store, or with the reason it could not run (for example every
     * Batch attempt failed), which the coordinator records as FAILED.
     */
    List<TrialEnd> awaitEnded(Duration timeout) throws InterruptedException;

    /**
     * Ends a running trial early (the coordinator has already written its cancel marker, which a running
     * {@link TrialRun} honours after its current epoch; a remote executor may also terminate the job).
     */
    default void cancel(String trialId, String reason) {}

    /**
     * On resume: of the trials an earlier coordinator proposed that have no final record (left RUNNING, or never
     * seen running: it may have died right after handing them over), those this executor still watches (remote jobs
     * that outlived it, found by their recorded ids or by name); the coordinator starts the others again.
     */
    default Set<String> adopt(List<TrialAssignment> unfinished) { return Set.of(); }

    /** Stops watching; running local trials are abandoned (their RUNNING records are redone on resume). */
    @Override void close();

    /**
     * A trial that ended.
     *
     * @param record  its final record as stored, or null when it could not run
     * @param failure why it could not run (null when record is given)
     */
    record TrialEnd(String trialId, TrialRecord record, String failure) {
        public static TrialEnd finished(TrialRecord record) { return new TrialEnd(record.id(), record, null); }

        public static TrialEnd failed(String trialId, String failure) { return new TrialEnd(trialId, null, failure); }
    }
}
