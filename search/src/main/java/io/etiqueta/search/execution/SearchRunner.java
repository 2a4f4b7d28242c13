package io.etiqueta.search.execution;

import io.etiqueta.search.pruning.LearningCurve;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.search.pruning.Pruner;
import io.etiqueta.search.spec.Budget;
import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.spec.StrategyKind;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.search.strategy.Strategy;
import io.etiqueta.errors.Failures;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.train.EpochObserver;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.train.TrialRequest;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a search: asks the strategy for a batch, trains it on a local pool of worker threads through the
 * {@link TrialEngine}, stores every trial as it starts and ends, tells the outcomes back, and repeats until the
 * budget is spent, the space exhausted or a stop is requested.
 *
 * <p>Resuming replays the stored trials in trial order: every batch the strategy proposes again is matched with the
 * stored outcomes, so finished trials are kept and told back (never retrained), RUNNING ones (left by a killed
 * process) are trained again, and the strategy ends up proposing exactly what it would have proposed without the
 * interruption.
 */
public final class SearchRunner {
    private final SearchStore searches;
    private final TrialEngine engine;
    private final SearchListener listener;
    private final Clock clock;

    public SearchRunner(Store store, TrialEngine engine, SearchListener listener) {
        this(store, engine, listener, Clock.systemUTC());
    }

    SearchRunner(Store store, TrialEngine engine, SearchListener listener, Clock clock) {
        this.searches = new SearchStore(store);
        this.engine = engine;
        this.listener = listener == null ? SearchListener.NONE : listener;
        this.clock = clock;
    }

    /** Creates the search in the store without running it (its id is then known to the caller). */
    public SearchRecord create(SearchSpec spec, String source, String file) {
        return searches.create(spec, source, file, clock.instant(), owner());
    }

    /** Creates and runs a search until it ends or stops; returns its final record. */
    public SearchRecord start(SearchSpec spec, String source, String file) {
        return run(create(spec, source, file).id(), null);
    }

    /**
     * Runs (or resumes) a stored search; {@code workers} overrides the stored number when not null. Finished
     * searches are not run again (their record is returned as is).
     */
    public SearchRecord run(String searchId, Integer workers) {
        SearchRecord stored = searches.load(searchId).orElseThrow(() -> new IllegalArgumentException("no search '" + searchId + "' in store " + searches.store().location()));
        if (stored.status() == SearchStatus.FINISHED) return stored;
        SearchSpec spec = SearchFiles.parse(stored.source(), stored.file() == null ? searchId : stored.file())
                // what the caller overrode when creating it (name, dataset, workers) is in the stored spec
                .withName(stored.spec().name())
                .withDataset(stored.spec().dataset())
                .withWorkers(workers != null ? workers : stored.spec().workers())
                .withWarmStart(stored.spec().warmStart());
        searches.clearStop(searchId);
        SearchRecord record = stored.withSession(spec, owner(), clock.instant());
        searches.save(record);
        return new Session(record, spec).run();
    }

    /** One run of a search in this process. */
    private final class Session {
        private final SearchSpec spec;
        private final String id;
        private final Strategy strategy;
        private final Pruner pruner;
        private final Map<Integer, TrialRecord> stored = new TreeMap<>();
        /** Final records by trial number: replayed and new. Guarded by this. */
        private final Map<Integer, TrialRecord> finals = new TreeMap<>();
        private final AtomicInteger running = new AtomicInteger();
        /** The latest measurements of the trials training now in this process, by trial id. */
        private final Map<String, LearningCurve> runningCurves = new java.util.concurrent.ConcurrentHashMap<>();
        private final long sessionStart = System.nanoTime();
        private final double elapsedBefore;
        private volatile boolean stopSeen;
        private volatile String limitHit;
        private SearchRecord record;

        Session(SearchRecord record, SearchSpec spec) {
            this.record = record;
            this.spec = spec;
            this.id = record.id();
            this.strategy = Strategy.of(spec);
            strategy.warmStart(WarmStart.trials(searches, spec, record.created()));
            this.pruner = Pruner.of(spec.pruning());
            this.elapsedBefore = record.elapsedSeconds();
            for (TrialRecord t : searches.trials(id)) stored.put(t.number(), t);
        }

        SearchRecord run() {
            int replayable = (int) stored.values().stream().filter(t -> t.state().finished()).count();
            listener.started(record, replayable);
            ExecutorService pool = Executors.newFixedThreadPool(spec.workers(), r -> {
                Thread t = new Thread(r, "etiqueta-trial");
                t.setDaemon(true);
                return t;
            });
            SearchStatus end;
            String reason;
            try {
                int number = 0;
                while (true) {
                    String limit = limitBeforeBatch(number);
                    if (limit != null) {
                        end = limit.equals(STOP) ? SearchStatus.STOPPED : SearchStatus.FINISHED;
                        reason = limit;
                        break;
                    }
                    List<TrialConfig> batch = strategy.ask();
                    if (batch.isEmpty()) {
                        end = SearchStatus.FINISHED;
                        reason = spec.strategy() == StrategyKind.GRID ? "grid complete" : "search space exhausted";
                        break;
                    }
                    List<TrialRecord> peers;
                    synchronized (this) { peers = List.copyOf(finals.values()); }
                    List<Future<TrialRecord>> futures = new ArrayList<>();
                    List<TrialConfig> configs = new ArrayList<>();
                    for (TrialConfig config : batch) {
                        number++;
                        if (spec.budget().trials() != null && number > spec.budget().trials()) break;
                        configs.add(config);
                        TrialRecord known = stored.get(number);
                        if (known != null && known.state().finished()) {
                            if (!known.config().equals(config)) {
                                throw new IllegalStateException("trial " + known.id() + " in the store was " + known.config().summary()
                                        + " but the search now proposes " + config.summary() + ": the search file or etiqueta changed since it started");
                            }
                            synchronized (this) { finals.put(number, known); }
                            futures.add(java.util.concurrent.CompletableFuture.completedFuture(known));
                        } else {
                            int n = number;
                            futures.add(pool.submit(() -> runTrial(n, config, peers)));
                        }
                    }
                    boolean skipped = false;
                    for (int i = 0; i < futures.size(); i++) {
                        TrialRecord outcome = get(futures.get(i));
                        if (outcome == null) skipped = true;
                        else strategy.tell(configs.get(i), outcome);
                    }
                    progress();
                    if (skipped) {
                        end = stopSeen ? SearchStatus.STOPPED : SearchStatus.FINISHED;
                        reason = stopSeen ? STOP : limitHit;
                        break;
                    }
                }
            } catch (RuntimeException e) {
                pool.shutdownNow();
                synchronized (this) {
                    record = record.with(SearchStatus.FAILED, Failures.describe(e), clock.instant());
                    searches.save(record);
                }
                listener.ended(record);
                throw e;
            }
            pool.shutdown();
            synchronized (this) {
                record = record.with(end, reason, clock.instant());
                progress();
            }
            listener.ended(record);
            return record;
        }

        private static final String STOP = "stop requested";

        /** Why no further batch may start, or null. */
        private String limitBeforeBatch(int trialsSoFar) {
            if (searches.stopRequested(id)) {
                stopSeen = true;
                return STOP;
            }
            Budget b = spec.budget();
            if (b.trials() != null && trialsSoFar >= b.trials()) return "budget: " + b.trials() + " trials";
            return limitBeforeTrial();
        }

        /** Hours and epochs limits and the stop marker, checked before each trial starts. */
        private String limitBeforeTrial() {
            Budget b = spec.budget();
            if (b.hours() != null && elapsed() >= b.hours() * 3600) return "budget: " + java.math.BigDecimal.valueOf(b.hours()).stripTrailingZeros().toPlainString() + " hours";
            if (b.epochs() != null && epochsTrained() >= b.epochs()) return "budget: " + b.epochs() + " epochs";
            return null;
        }

        private double elapsed() { return elapsedBefore + (System.nanoTime() - sessionStart) / 1e9; }

        private synchronized int epochsTrained() {
            return finals.values().stream().mapToInt(t -> t.epochs().size()).sum();
        }

        /** Trains one trial; null when it was not started (stop requested or budget spent meanwhile). */
        private TrialRecord runTrial(int number, TrialConfig config, List<TrialRecord> peers) {
            if (searches.stopRequested(id)) {
                stopSeen = true;
                return null;
            }
            String limit = limitBeforeTrial();
            if (limit != null) {
                limitHit = limit;
                return null;
            }
            // a time budget: do not start what cannot finish in time without saying so
            Integer epochLimit = null;
            String budgetNote = null;
            if (spec.budget().hours() != null) {
                List<TrialRecord> finished;
                synchronized (this) { finished = List.copyOf(finals.values()); }
                BudgetPlanner.Plan plan = BudgetPlanner.plan(config, spec.budget().hours() * 3600 - elapsed(), finished);
                if (plan.stop() != null) {
                    limitHit = plan.stop();
                    return null;
                }
                epochLimit = plan.epochLimit();
                budgetNote = plan.note();
            }
            String trialId = SearchStore.trialId(number);
            Instant started = clock.instant();
            TrialRecord runningRecord = new TrialRecord(trialId, id, number, TrialState.RUNNING, config, spec.dataset(), null, null,
                    null, null, null, null, null, null, null, null, started, null);
            if (!searches.markRunning(runningRecord)) {
                return searches.trial(id, trialId).orElseThrow(); // finished meanwhile by someone else: keep theirs
            }
            running.incrementAndGet();
            listener.trialStarted(record, number, config);
            TrialRecord outcome;
            try {
                // median: the finished trials of earlier batches (a resumed search decides the same way);
                // asha: whoever reached the rung so far, finished or still running (asynchronous, no waiting)
                List<LearningCurve> earlier = peers.stream().map(LearningCurve::of).toList();
                java.util.function.Supplier<List<LearningCurve>> peerView =
                        spec.pruning().rule() == PruningSettings.Rule.ASHA ? this::livePeers : () -> earlier;
                EpochObserver observer = pruner.observer(trialId, config, epochLimit, peerView, curve -> {
                    runningCurves.put(trialId, curve);
                    heartbeat();
                });
                outcome = engine.run(new TrialRequest(trialId, id, number, spec.dataset(), config, epochLimit), observer);
                if (outcome == null || !outcome.state().finished()) {
                    outcome = failed(runningRecord, "the trial engine returned " + (outcome == null ? "nothing" : "state " + outcome.state().id()));
                } else {
                    outcome = outcome.withIds(trialId, id, number);
                    if (epochLimit != null && outcome.epochLimit() != null && outcome.state() == TrialState.COMPLETE
                            && outcome.stopReason() != null && outcome.stopReason().startsWith("budget: shrunk")) {
                        outcome = outcome.withState(outcome.state(), "budget: " + budgetNote, outcome.error(), outcome.finished());
                    }
                    if (outcome.finished() == null) outcome = outcome.withState(outcome.state(), outcome.stopReason(), outcome.error(), clock.instant());
                    if (outcome.state() == TrialState.COMPLETE && outcome.bundleKey() == null && searches.store().exists(StoreLayout.bundle(id, trialId))) {
                        outcome = outcome.withBundleKey(StoreLayout.bundle(id, trialId));
                    }
                }
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vme && !(e instanceof OutOfMemoryError)) throw vme;
                outcome = failed(runningRecord, "crashed: " + e);
            } finally {
                running.decrementAndGet();
                runningCurves.remove(trialId);
            }
            if (!outcome.config().equals(config)) outcome = failed(runningRecord, "the trial engine changed the configuration");
            try {
                searches.finish(outcome);
            } catch (IllegalStateException alreadyFinal) {
                // another process resumed the same search and finished this trial first: its record stands
                outcome = searches.trial(id, trialId).filter(t -> t.state().finished()).orElseThrow(() -> alreadyFinal);
            }
            SearchRecord snapshot;
            synchronized (this) {
                finals.put(number, outcome);
                snapshot = progress();
            }
            listener.trialFinished(snapshot, outcome);
            return outcome;
        }

        /** Every trial's measurements so far: the final records and the running trials' latest curves. */
        private List<LearningCurve> livePeers() {
            List<LearningCurve> out = new ArrayList<>();
            synchronized (this) { for (TrialRecord t : finals.values()) out.add(LearningCurve.of(t)); }
            out.addAll(runningCurves.values());
            return out;
        }

        private TrialRecord failed(TrialRecord running, String reason) {
            return running.withState(TrialState.FAILED, reason, reason, clock.instant());
        }

        private long lastBeat = System.nanoTime();

        /** Rewrites search.json at most every 10 s during long trials, so its 'updated' shows the search is alive. */
        private void heartbeat() {
            synchronized (this) {
                if (System.nanoTime() - lastBeat < 10_000_000_000L) return;
                progress();
            }
        }

        /** Recounts from the final records, saves search.json (the heartbeat) and returns it. */
        private synchronized SearchRecord progress() {
            int complete = 0, pruned = 0, failed = 0, epochs = 0, saved = 0;
            double savedSeconds = 0;
            for (TrialRecord t : finals.values()) {
                epochs += t.epochs().size();
                switch (t.state()) {
                    case COMPLETE -> complete++;
                    case FAILED -> failed++;
                    case PRUNED -> {
                        pruned++;
                        int missing = Math.max(0, t.config().epochs() - t.epochs().size());
                        saved += missing;
                        savedSeconds += missing * t.epochs().stream().mapToDouble(EpochMetrics::seconds).average().orElse(0);
                    }
                    default -> { }
                }
            }
            var counts = new SearchRecord.Counts(finals.size(), complete, pruned, failed, running.get(), strategy.cacheHits(), epochs, saved, savedSeconds);
            var best = spec.objective().best(List.copyOf(finals.values()));
            lastBeat = System.nanoTime();
            record = record.withProgress(elapsed(), counts, best.map(TrialRecord::id).orElse(null),
                    best.map(t -> t.metric(spec.objective().metric()).orElse(Double.NaN)).orElse(null), clock.instant());
            searches.save(record);
            return record;
        }

        private static TrialRecord get(Future<TrialRecord> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for trials", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
