package io.etiqueta.worker;

/**
 * The exit status of {@code etiqueta worker}, read by Batch's retry strategy: only {@link #RETRY} (and a lost host)
 * makes Batch run the job again; every other status is final for that job.
 */
public final class WorkerExit {
    /** The trial has its final record: complete, pruned, stopped, or failed by its own fault (diverged, crashed). */
    public static final int DONE = 0;
    /** The request could not be used (no request.json, a malformed one, an unknown dataset): another attempt would fail the same way. */
    public static final int BAD_REQUEST = 3;
    /**
     * The trial could not finish for a reason outside it (the store unreachable past the ride-out, the host out of
     * memory or GPU): worth another attempt on another host. 75 is sysexits' EX_TEMPFAIL.
     */
    public static final int RETRY = 75;

    private WorkerExit() {}
}
