package io.etiqueta.batch;

/** Batch could not be reached or refused a request; the message names the job or queue and Batch's own words. */
public final class BatchException extends RuntimeException {
    public BatchException(String message, Throwable cause) { super(message, cause); }
}
