package io.etiqueta.train;

/** The ND4J backend cannot run here (typically: the CUDA build on a machine without a GPU); the message says so in one line. */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) { super(message); }
}
