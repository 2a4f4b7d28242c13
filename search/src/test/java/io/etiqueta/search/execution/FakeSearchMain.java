package io.etiqueta.search.execution;

import io.etiqueta.cli.SearchCommand;

import java.nio.file.Path;

/**
 * The search command line with the fake trial engine, for tests that need a real child process (kill -9).
 * Usage: FakeSearchMain <sleep-ms-per-epoch> <log-file> search start|resume ...
 */
public final class FakeSearchMain {
    public static void main(String[] args) {
        long sleep = Long.parseLong(args[0]);
        Path log = Path.of(args[1]);
        String[] rest = java.util.Arrays.copyOfRange(args, 3, args.length); // args[2] is "search"
        int code = SearchCommand.commandLine(store -> new FakeTrialEngine(store, sleep, log)).execute(rest);
        System.exit(code);
    }
}
