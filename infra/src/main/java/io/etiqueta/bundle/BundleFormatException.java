package io.etiqueta.bundle;

import io.etiqueta.errors.UserError;

/** A file that is not a readable etiqueta model bundle; the message says what is wrong with it. */
public class BundleFormatException extends UserError {
    public BundleFormatException(String message, Throwable cause) { super(Kind.BAD_INPUT, message, cause); }

    public BundleFormatException(String message) { super(Kind.BAD_INPUT, message); }
}
