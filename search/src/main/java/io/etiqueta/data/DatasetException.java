package io.etiqueta.data;

/** A dataset that cannot be used as given; the message names the file or folder and the problem. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) { super(message); }

    public DatasetException(String message, Throwable cause) { super(message, cause); }
}
