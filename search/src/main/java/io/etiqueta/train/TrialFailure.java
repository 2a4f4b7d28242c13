package io.etiqueta.train;

/** A trial that cannot go on (divergence, a model that cannot be built, missing weights); recorded as FAILED with this message. */
public class TrialFailure extends RuntimeException {
    public TrialFailure(String message) { super(message); }

    public TrialFailure(String message, Throwable cause) { super(message, cause); }
}
