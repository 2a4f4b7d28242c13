package io.etiqueta.errors;

/**
 * An error the user can act on (bad input, an unreachable store): reported as its one-line message, never as a
 * stack trace. Every exception of etiqueta that means "fix what you gave me" extends it, so the command line
 * maps all of them to exit codes in one place.
 */
public class UserError extends RuntimeException {
    /** What kind of problem it is; the command line turns each into its documented exit code. */
    public enum Kind {
        /** A missing path, an unreadable dataset, image or bundle, a malformed search file, an unknown search. */
        BAD_INPUT,
        /** The store could not be read or written. */
        STORE,
        /** The job ran but did not succeed. */
        FAILED,
        /** Another process runs the search (its lease is fresh): see {@code search resume --force}. */
        LEASE_HELD
    }

    private final Kind kind;

    public UserError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UserError(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
