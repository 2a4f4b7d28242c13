package io.etiqueta.data;

import io.etiqueta.errors.UserError;

/** A dataset that cannot be used as given; the message names the file or folder and the problem. */
public class DatasetException extends UserError {
    public DatasetException(String message) { super(Kind.BAD_INPUT, message); }

    public DatasetException(String message, Throwable cause) { super(Kind.BAD_INPUT, message, cause); }
}
