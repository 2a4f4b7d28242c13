package io.etiqueta.image;

import io.etiqueta.errors.UserError;

/** An input that is not an image etiqueta can use; the message says why, in words a caller can act on. */
public class ImageRejectedException extends UserError {
    /** Why an image was rejected, so an API can map it to a status code. */
    public enum Reason { EMPTY, NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TRUNCATED, TOO_LARGE, UNREADABLE }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(Kind.BAD_INPUT, message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(Kind.BAD_INPUT, message, cause);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
