package io.etiqueta.cli;

/** What etiqueta's exit status means, for scripts; the only place these numbers are written ({@link ExitCodeMapper} maps errors to them). */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran but its job did not succeed: a trial failed or diverged, an image could not be labelled. */
    public static final int FAILED = 1;
    /** Wrong options or arguments (picocli's usage errors). */
    public static final int USAGE = 2;
    /** Bad input: a missing path, an unreadable dataset, image or bundle, a malformed search file, an unknown search. */
    public static final int BAD_INPUT = 3;
    /** The store could not be read or written. */
    public static final int STORE = 4;
    /** The search is being run by another process (its lease is fresh): see {@code search resume --force}. */
    public static final int LEASE_HELD = 5;
    /** Interrupted or stopped by the user; a search can be resumed. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
