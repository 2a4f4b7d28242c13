package io.etiqueta.cli;

import io.etiqueta.search.execution.PatientStore;
import io.etiqueta.search.execution.TrialRun;
import io.etiqueta.storage.Store;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.worker.Worker;
import io.etiqueta.worker.WorkerExit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code etiqueta worker}: runs one trial of a search from its request in the store (what a Batch job runs). */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run one trial of a search from its request in the store, as an AWS Batch job does (docs/aws.md).",
                "Exit codes: 0 the trial has its final record (complete, pruned, stopped or failed by its own fault),",
                "3 the request cannot be used, 75 a fault outside the trial (store, host): Batch tries again."})
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--search", required = true, paramLabel = "SEARCH-ID", description = "The search.") String searchId;
    @Option(names = "--trial", required = true, paramLabel = "TRIAL-ID", description = "The trial, e.g. t0007.") String trialId;
    @Mixin StoreOption storeOption;
    @Spec CommandSpec spec;

    private final Function<Store, TrialEngine> engines;

    public WorkerCommand() { this(io.etiqueta.train.LocalTrialEngine::forSearch); }

    /** @param engines the trial engine that trains on a store (tests pass a fake one) */
    public WorkerCommand(Function<Store, TrialEngine> engines) { this.engines = engines; }

    @Override public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try (Store store = PatientStore.of(storeOption.open(), line -> { err.println(line); err.flush(); })) {
            Worker.Outcome outcome = Worker.run(new TrialRun(store, engines.apply(store), batchIds(), Clock.systemUTC())::run, searchId, trialId);
            (outcome.exitCode() == WorkerExit.DONE ? out : err).println("etiqueta worker: " + outcome.message());
            return outcome.exitCode();
        }
    }

    /** The Batch job and attempt this process runs as, recorded in the trial's progress (empty outside Batch). */
    static Map<String, String> batchIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        String job = System.getenv("AWS_BATCH_JOB_ID");
        if (job != null) ids.put("batch_job_id", job);
        String attempt = System.getenv("AWS_BATCH_JOB_ATTEMPT");
        if (attempt != null) ids.put("batch_job_attempt", attempt);
        return ids;
    }
}
