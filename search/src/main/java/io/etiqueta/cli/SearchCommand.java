package io.etiqueta.cli;

import io.etiqueta.search.execution.PatientStore;
import io.etiqueta.search.execution.WarmStart;
import io.etiqueta.search.lease.SearchLease;
import io.etiqueta.search.spec.SearchFileException;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.execution.SearchRunner;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.errors.Failures;
import io.etiqueta.batch.BatchExecutor;
import io.etiqueta.batch.BatchJob;
import io.etiqueta.storage.Store;
import io.etiqueta.train.LocalTrialEngine;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code etiqueta search start|resume|status|list|stop}: thin shells over {@link SearchRunner} and {@link SearchStore}. */
@Command(name = "search", description = "Search for the best configuration: start, watch, stop and resume searches.",
        mixinStandardHelpOptions = true,
        subcommands = {SearchCommand.Start.class, SearchCommand.Resume.class, SearchCommand.Status.class,
                SearchCommand.ListSearches.class, SearchCommand.Stop.class})
public final class SearchCommand implements Callable<Integer> {

    private final Function<Store, TrialEngine> engines;
    private final Function<String, String> fingerprints;
    @Spec CommandSpec spec;

    /** @param engines opens the trial engine that trains on a store (tests pass a fake one) */
    public SearchCommand(Function<Store, TrialEngine> engines) { this(engines, SearchCommand::fingerprint); }

    /** @param fingerprints a dataset path's content fingerprint, for --warm-start (tests pass their own) */
    public SearchCommand(Function<Store, TrialEngine> engines, Function<String, String> fingerprints) {
        this.engines = engines;
        this.fingerprints = fingerprints;
    }

    static String fingerprint(String dataset) {
        return io.etiqueta.data.Datasets.load(java.nio.file.Path.of(dataset), io.etiqueta.data.LoadOptions.defaults()).fingerprint();
    }

    /** The command line's search: trials train in this JVM with the DL4J engine, sharing one dataset cache. */
    public SearchCommand() { this(LocalTrialEngine::forSearch); }

    @Override public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    abstract static class StoreCommand implements Callable<Integer> {
        @Mixin StoreOption storeOption;
        @Spec CommandSpec spec;

        PrintWriter out() { return spec.commandLine().getOut(); }

        PrintWriter err() { return spec.commandLine().getErr(); }

        Store openStore() { return storeOption.open(); }

        @Override public final Integer call() { return run(); }

        abstract int run();

        int finished(SearchRecord r) {
            return switch (r.status()) {
                case FAILED -> ExitCodes.FAILED;
                // stopped on request before its budget was spent: resume it later
                case STOPPED -> ExitCodes.INTERRUPTED;
                default -> ExitCodes.OK;
            };
        }
    }

    abstract static class RunningCommand extends StoreCommand {
        @ParentCommand SearchCommand parent;
        @Option(names = "--workers", description = "Trials trained at once (default: the file's workers, else 1).")
        Integer workers;
        @Option(names = "--executor", paramLabel = "KIND",
                description = "Where trials run: local (threads of this process) or batch (one AWS Batch job per trial); default: the file's executor.kind, else local.")
        String executor;

        /**
         * Patient (rides out a store outage): the coordinator, its trials and the trial engine's bundle writes all go
         * through this one store, so no training that finished is lost because the store blinked.
         */
        @Override Store openStore() { return PatientStore.of(super.openStore(), line -> { err().println(line); err().flush(); }); }

        SearchRunner runner(Store s) {
            boolean terminal = Terminal.interactive() && !"false".equals(System.getProperty("etiqueta.progress"));
            return new SearchRunner(s, parent.engines.apply(s), new SearchProgress(out(), terminal)).withExecutorKind(executor);
        }
    }

    @Command(name = "start", description = "Start a search from a search file (YAML) and run it until its budget is spent.")
    static final class Start extends RunningCommand {
        @Parameters(paramLabel = "FILE", description = "The search file.") Path file;
        @Option(names = "--name", description = "Name of the search (default: the file's name).") String name;
        @Option(names = "--warm-start", arity = "1..*", paramLabel = "SEARCH",
                description = "Earlier searches on the same dataset (same content fingerprint) whose finished trials the strategy is told "
                        + "before it proposes anything: known configurations are not trained again, the best seed a genetic search.")
        List<String> warmStart;

        @Override int run() {
            String source;
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read search file " + file + ": " + Failures.describe(e));
            }
            SearchSpec spec = SearchFiles.parse(source, file.toString());
            if (name != null) spec = spec.withName(name);
            if (workers != null) spec = spec.withWorkers(workers);
            if (warmStart != null) spec = spec.withWarmStart(warmStart);
            try (Store s = openStore()) {
                io.etiqueta.search.execution.WarmStart.check(new io.etiqueta.search.store.SearchStore(s), spec, parent.fingerprints);
                SearchRunner runner = runner(s);
                SearchRecord created = runner.create(spec, source, file.toString());
                out().println("search " + created.id() + " in " + s.location());
                out().flush();
                return finished(runner.run(created.id(), null));
            }
        }
    }

    @Command(name = "resume", description = {"Resume a stopped or interrupted search: finished trials are kept, running ones redone.",
            "One process runs a search at a time (its lease in the store): refused with exit status 5 while another process's",
            "lease heartbeat is fresh (younger than 90 s); a stale lease, left by a killed process, is taken over."})
    static final class Resume extends RunningCommand {
        @Parameters(paramLabel = "SEARCH-ID") String id;
        @Option(names = "--force", description = "Take the search's lease even if its owner's heartbeat is fresh (that owner starts no further trial and stops).")
        boolean force;

        @Override int run() {
            try (Store s = openStore()) {
                SearchRecord r = new SearchStore(s).load(id).orElse(null);
                if (r == null) {
                    err().println("etiqueta: no search '" + id + "' in store " + s.location() + " (see 'etiqueta search list')");
                    return ExitCodes.BAD_INPUT;
                }
                if (r.status() == SearchStatus.FINISHED) {
                    out().println("search " + id + " already finished: " + r.statusReason());
                    return ExitCodes.OK;
                }
                return finished(runner(s).run(id, workers, force));
            }
        }
    }

    @Command(name = "stop", description = {"Ask a running search to stop: no new trial starts; running trials finish (drain).",
            "With --now running trials end too: a local trial after its current epoch (keeping what it trained, recorded pruned),",
            "a Batch job is terminated. Resume the search later with 'etiqueta search resume ID'."})
    static final class Stop extends StoreCommand {
        @Parameters(paramLabel = "SEARCH-ID") String id;
        @Option(names = "--now", description = "Also end the running trials (local: after their current epoch; Batch: TerminateJob) instead of letting them finish.")
        boolean now;

        @Override int run() {
            try (Store s = openStore()) {
                SearchStore searches = new SearchStore(s);
                SearchRecord r = searches.load(id).orElse(null);
                if (r == null) {
                    err().println("etiqueta: no search '" + id + "' in store " + s.location());
                    return ExitCodes.BAD_INPUT;
                }
                if (r.status() != SearchStatus.RUNNING) {
                    out().println("search " + id + " is not running (" + r.status().id() + ")");
                    return ExitCodes.OK;
                }
                searches.requestStop(id, now);
                out().println(now
                        ? "asked search " + id + " to stop now: running trials end after their current epoch, Batch jobs are terminated (resume it with 'etiqueta search resume " + id + "')"
                        : "asked search " + id + " to stop; it stops before its next trial, running trials finish (resume it with 'etiqueta search resume " + id + "')");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "status", description = {"Show a search: progress, its owner (the lease), best trial and every trial;",
            "a running trial shows the epoch it reached out of its maximum, its last val metric and how long ago that was written."})
    static final class Status extends StoreCommand {
        @Parameters(paramLabel = "SEARCH-ID", arity = "0..1", description = "Default: the newest search.") String id;

        @Override int run() {
            try (Store s = openStore()) {
                SearchStore searches = new SearchStore(s);
                SearchRecord r = id == null ? searches.list().stream().findFirst().orElse(null) : searches.load(id).orElse(null);
                if (r == null) {
                    err().println("etiqueta: " + (id == null ? "no searches" : "no search '" + id + "'") + " in store " + s.location());
                    return ExitCodes.BAD_INPUT;
                }
                PrintWriter o = out();
                o.println("search   " + r.id() + " (" + r.spec().strategy().id() + ", seed " + r.spec().seed() + ", dataset " + r.spec().dataset() + ")");
                o.println("status   " + state(r) + (r.statusReason() == null ? "" : ": " + r.statusReason()));
                o.println("progress " + SearchProgress.summary(r));
                SearchLease.read(s, r.id()).ifPresent(lease -> o.println("owner    " + lease.owner() + " (lease heartbeat "
                        + SearchProgress.age(lease.age(Instant.now()).toSeconds()) + " ago)"));
                if (r.counts().pruned() > 0) {
                    o.printf(Locale.ROOT, "pruning  saved %d epochs (~%s)%n", r.counts().prunedEpochsSaved(), SearchProgress.duration(r.counts().prunedSecondsSaved()));
                }
                String metric = r.spec().objective().metric();
                o.printf("%-6s %-9s %12s %-16s  %s%n", "trial", "state", metric, "trained (epochs)", "configuration");
                Map<String, BatchJob> jobs = BatchExecutor.recordedJobs(s, r.id());
                Instant now = Instant.now();
                for (TrialRecord t : searches.trials(r.id())) {
                    if (t.state() == TrialState.RUNNING) {
                        o.println(SearchProgress.runningTrial(t, searches.progress(r.id(), t.id()), metric, now));
                    } else {
                        var v = t.metric(metric);
                        o.printf(Locale.ROOT, "%-6s %-9s %12s %-16s  %s%s%n", t.id(), t.state().id(), v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "-",
                                trained(t), t.config().summary(), t.id().equals(r.bestTrialId()) ? "  <- best" : "");
                    }
                    BatchJob job = jobs.get(t.id());
                    if (job != null) o.println("       " + BatchExecutor.describe(job));
                }
                return ExitCodes.OK;
            }
        }
    }

    /** How far a trial trained: "0.25 of 10", "3 of 10 budget" (shrunk by the time budget), "10 of 10". */
    static String trained(TrialRecord t) {
        if (t.config() == null) return "-";
        String done = io.etiqueta.trial.Checkpoint.format(t.resource()) + " of " + t.config().epochs();
        return t.epochLimit() != null ? done + " budget" : done;
    }

    @Command(name = "list", description = "List the searches in the store, newest first.")
    static final class ListSearches extends StoreCommand {
        @Override int run() {
            try (Store s = openStore()) {
                List<SearchRecord> all = new SearchStore(s).list();
                if (all.isEmpty()) {
                    out().println("no searches in " + s.location());
                    return ExitCodes.OK;
                }
                out().printf("%-40s %-9s %-22s %7s  %s%n", "search", "strategy", "status", "trials", "best");
                for (SearchRecord r : all) {
                    String best = r.bestTrialId() == null ? "-" : String.format(Locale.ROOT, "%s %s=%.4f", r.bestTrialId(), r.spec().objective().metric(), r.bestValue());
                    out().printf("%-40s %-9s %-22s %7d  %s%n", r.id(), r.spec().strategy().id(), state(r), r.counts().trials(), best);
                }
                return ExitCodes.OK;
            }
        }
    }

    /** The status, saying when a RUNNING search has no heartbeat (its process was probably killed). */
    static String state(SearchRecord r) {
        return SearchStore.staleFor(r, Instant.now())
                .map(silent -> "running? (no heartbeat for " + SearchProgress.duration(silent.toSeconds()) + ": if its process is gone, resume it)")
                .orElse(r.status().id());
    }

    /** Runs the command line with this command alone (tests, tools). */
    public static CommandLine commandLine(Function<Store, TrialEngine> engines) {
        return Main.commandLine(new SearchCommand(engines));
    }
}
