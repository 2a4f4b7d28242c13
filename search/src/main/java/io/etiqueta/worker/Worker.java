package io.etiqueta.worker;

import io.etiqueta.storage.StoreException;
import io.etiqueta.train.BackendUnavailableException;
import io.etiqueta.trial.TrialRecord;

/**
 * What {@code etiqueta worker} does with one trial: run it to its final record and say, by the exit status,
 * whether Batch should try again. The trial run itself (request, progress, stop/cancel/pruning, the final record
 * by compare-and-swap) is the search's, shared with the local executor; this class only decides the status.
 */
public final class Worker {
    /** Runs one trial of a search to its final record; throws when the request cannot be used. */
    @FunctionalInterface
    public interface TrialRunner {
        TrialRecord run(String searchId, String trialId);
    }

    /** How the worker ended: its exit status, the final record when there is one, and one line for the log. */
    public record Outcome(int exitCode, TrialRecord record, String message) {}

    private Worker() {}

    public static Outcome run(TrialRunner runner, String searchId, String trialId) {
        String trial = "trial " + trialId + " of search " + searchId;
        try {
            TrialRecord record = runner.run(searchId, trialId);
            if (record == null || !record.state().finished()) {
                return new Outcome(WorkerExit.RETRY, record, trial + " ended without a final record; another attempt will run it");
            }
            String how = record.state().id() + (record.stopReason() == null ? "" : " (" + record.stopReason() + ")")
                    + (record.error() == null ? "" : ": " + record.error());
            return new Outcome(WorkerExit.DONE, record, trial + " is " + how + (record.backend() == null ? "" : " on " + record.backend()));
        } catch (StoreException e) {
            return new Outcome(WorkerExit.RETRY, null, trial + ": the store failed (" + e.getMessage() + "); another attempt will resume it");
        } catch (BackendUnavailableException e) {
            return new Outcome(WorkerExit.RETRY, null, trial + ": " + e.getMessage() + "; another attempt may get a working host");
        } catch (IllegalArgumentException e) {
            return new Outcome(WorkerExit.BAD_REQUEST, null, trial + ": " + e.getMessage());
        }
    }
}
