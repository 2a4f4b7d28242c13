package io.etiqueta.report;

import io.etiqueta.errors.UserError;

/** A report that cannot be made as asked (no such search, an unreadable record); the message names the key. */
public class ReportException extends UserError {
    private final boolean notFound;

    public ReportException(String message) { this(message, false, null); }

    public ReportException(String message, Throwable cause) { this(message, false, cause); }

    private ReportException(String message, boolean notFound, Throwable cause) {
        super(Kind.BAD_INPUT, message, cause);
        this.notFound = notFound;
    }

    /** The named search is not in the store. */
    public static ReportException notFound(String message) { return new ReportException(message, true, null); }

    public boolean notFound() { return notFound; }
}
