package io.etiqueta.cli;

import io.etiqueta.errors.Failures;
import io.etiqueta.errors.UserError;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

import java.io.UncheckedIOException;

/**
 * The one place where an error becomes an exit code ({@link ExitCodes}) and a message. Every command line
 * etiqueta builds installs it ({@link #install}), so a command reports the same error the same way whether it runs
 * under {@link Main} or alone in a test: a {@link UserError}, an IllegalArgumentException or an UncheckedIOException
 * is one line on stderr; only an unexpected error shows its stack trace.
 */
final class ExitCodeMapper implements IExitCodeExceptionMapper, IExecutionExceptionHandler {
    static final ExitCodeMapper INSTANCE = new ExitCodeMapper();

    private ExitCodeMapper() {}

    /** Makes {@code cli} (and its subcommands) report errors through this mapper; returns it. */
    static CommandLine install(CommandLine cli) {
        return cli.setExitCodeExceptionMapper(INSTANCE).setExecutionExceptionHandler(INSTANCE);
    }

    @Override public int getExitCode(Throwable e) {
        if (e instanceof CommandLine.ParameterException) return ExitCodes.USAGE;
        if (e instanceof UserError u) {
            return switch (u.kind()) {
                case BAD_INPUT -> ExitCodes.BAD_INPUT;
                case STORE -> ExitCodes.STORE;
                case FAILED -> ExitCodes.FAILED;
                case LEASE_HELD -> ExitCodes.LEASE_HELD;
            };
        }
        // an IllegalArgumentException is a bad value given by the user; an UncheckedIOException a path or file
        // that could not be read or written (a report's --out, a bundle's bytes)
        if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) return ExitCodes.BAD_INPUT;
        if (e instanceof InterruptedException) return ExitCodes.INTERRUPTED;
        return ExitCodes.FAILED;
    }

    /** Whether the error is one the user can act on from its message alone (else its stack trace is shown too). */
    static boolean expected(Throwable e) {
        // IllegalStateException: the job could not go on (another process writes the trial, a promotion kept
        // losing the race); its message says so
        return e instanceof UserError || e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                || e instanceof IllegalStateException || e instanceof InterruptedException;
    }

    @Override public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        var err = cli.getErr();
        if (expected(e)) {
            err.println("etiqueta: " + Failures.describe(e));
        } else {
            err.println("etiqueta: unexpected error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return getExitCode(e);
    }
}
