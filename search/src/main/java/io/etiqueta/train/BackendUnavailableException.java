package io.etiqueta.train;

import io.etiqueta.errors.UserError;

/** The ND4J backend cannot run here (typically: the CUDA build on a machine without a GPU); the message says so in one line. */
public final class BackendUnavailableException extends UserError {
    public BackendUnavailableException(String message) { super(Kind.FAILED, message); }
}
