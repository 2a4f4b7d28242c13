package io.etiqueta.batch;

import io.etiqueta.cli.WorkerCommand;
import io.etiqueta.search.execution.FakeTrialEngine;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code etiqueta worker} with the fake trial engine, as the local Batch service's jobs run it in tests.
 * Usage: FakeWorkerMain <sleep-ms-per-epoch> <log-file> worker --search S --trial T --store STORE; with
 * {@code FAKE_BUNDLE_GATE=<file>} in the environment, bundles wait for that file ({@link FakeTrialEngine#gateBundlesOn}).
 */
public final class FakeWorkerMain {
    public static void main(String[] args) {
        long sleep = Long.parseLong(args[0]);
        Path log = Path.of(args[1]);
        String[] rest = Arrays.copyOfRange(args, 3, args.length); // args[2] is "worker"
        String gate = System.getenv("FAKE_BUNDLE_GATE"); // see FakeTrialEngine.gateBundlesOn
        System.exit(new CommandLine(new WorkerCommand(store -> {
            FakeTrialEngine engine = new FakeTrialEngine(store, sleep, log);
            return gate == null ? engine : engine.gateBundlesOn(Path.of(gate));
        })).execute(rest));
    }
}
