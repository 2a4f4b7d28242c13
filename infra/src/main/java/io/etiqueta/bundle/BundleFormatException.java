package io.etiqueta.bundle;

/** A file that is not a readable etiqueta model bundle; the message says what is wrong with it. */
public class BundleFormatException extends RuntimeException {
    public BundleFormatException(String message, Throwable cause) { super(message, cause); }

    public BundleFormatException(String message) { super(message); }
}
