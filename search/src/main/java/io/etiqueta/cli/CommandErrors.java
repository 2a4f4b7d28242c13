package io.etiqueta.cli;

import io.etiqueta.search.spec.SearchFileException;
import io.etiqueta.errors.Failures;
import io.etiqueta.storage.StoreException;

import java.io.PrintWriter;

/**
 * The one-line report and exit code of the errors that the search, promote and champion commands handle
 * themselves (so they behave the same when run without Main's handler, as their tests run them).
 */
final class CommandErrors {
    private CommandErrors() {}

    static int report(RuntimeException e, PrintWriter err) {
        err.println("etiqueta: " + Failures.describe(e));
        if (e instanceof SearchFileException || e instanceof IllegalArgumentException) return ExitCodes.BAD_INPUT;
        if (e instanceof StoreException) return ExitCodes.STORE;
        return ExitCodes.FAILED;
    }
}
