package io.etiqueta.batch;

/** Batch's job states, in the order a job passes them. */
public enum JobStatus {
    SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED, UNKNOWN;

    public boolean ended() { return this == SUCCEEDED || this == FAILED; }

    static JobStatus of(String status) {
        if (status == null) return UNKNOWN;
        try {
            return valueOf(status);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
