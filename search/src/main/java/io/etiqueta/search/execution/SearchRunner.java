package io.etiqueta.search.execution;

import io.etiqueta.errors.Failures;
import io.etiqueta.search.lease.LeaseHeldException;
import io.etiqueta.search.lease.SearchLease;
import io.etiqueta.search.spec.ExecutorSettings;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.search.spec.StrategyKind;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.search.store.TrialAssignment;
import io.etiqueta.search.strategy.Strategy;
import io.etiqueta.storage.Store;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Coordinates a search, steady state: whenever one of the executor's slots is free it asks the strategy for one
 * configuration, writes the trial's {@code request.json} and has the {@link TrialExecutor} start it; as each trial
 * ends it tells the outcome back. No slot waits for slower trials. It stops when the budget is spent, the space is
 * exhausted or a stop is requested (running trials then finish). The pieces are separate: the executor runs trials
 * ({@link TrialRun} writes their records, once, by compare-and-swap), {@link BudgetCheck} says when to stop,
 * {@link SearchTally} counts, {@link Heartbeat} keeps search.json fresh, {@link PatientStore} rides out outages.
 *
 * <p>Resuming replays the stored requests in trial order: before re-asking each one it tells the outcomes the
 * request records as told before it, in the recorded order, so the strategy proposes the same configurations
 * again. Finished trials are kept and never trained again; trials left RUNNING (or never started) are started
 * again, unless the executor adopts them (remote jobs that outlived the earlier coordinator).
 *
 * <p>One process runs a search at a time: a run holds the search's {@link SearchLease}, renewed with the heartbeat.
 * A run whose lease another process took ({@code search resume --force}) starts no further trial, lets its running
 * ones finish and ends as stopped, leaving search.json to the new owner.
 */
public final class SearchRunner {
    private static final String STOP = "stop requested";
    /** Why running trials end on {@code search stop --now} (their cancel markers and terminated jobs say so). */
    static final String STOPPED_NOW = "search stopped with --now";
    private static final Duration POLL = Duration.ofMillis(500);

    private final SearchStore searches;
    /** The store without patience, for the lease: a lease write must not hold up the process through an outage. */
    private final Store leaseStore;
    private final TrialEngine engine;
    private final SearchListener listener;
    private final Clock clock;
    private final TrialExecutors.Factory executors;
    private String executorOverride;

    public SearchRunner(Store store, TrialEngine engine, SearchListener listener) {
        this(store, engine, listener, Clock.systemUTC(), TrialExecutors::create);
    }

    public SearchRunner(Store store, TrialEngine engine, SearchListener listener, TrialExecutors.Factory executors) {
        this(store, engine, listener, Clock.systemUTC(), executors);
    }

    SearchRunner(Store store, TrialEngine engine, SearchListener listener, Clock clock) {
        this(store, engine, listener, clock, TrialExecutors::create);
    }

    SearchRunner(Store store, TrialEngine engine, SearchListener listener, Clock clock, TrialExecutors.Factory executors) {
        this.searches = new SearchStore(PatientStore.of(store));
        this.leaseStore = store instanceof PatientStore patient ? patient.underlying() : store;
        this.engine = engine;
        this.listener = listener == null ? SearchListener.NONE : listener;
        this.clock = clock;
        this.executors = executors;
    }

    /** Runs trials with this executor kind instead of the search file's ({@code --executor}); null keeps the file's. */
    public SearchRunner withExecutorKind(String kind) {
        this.executorOverride = kind;
        return this;
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
        return run(searchId, workers, false);
    }

    /**
     * Runs (or resumes) a stored search under its lease ({@link SearchLease}): refused with
     * {@link LeaseHeldException} while another process holds a fresh one, unless {@code force}.
     */
    public SearchRecord run(String searchId, Integer workers, boolean force) {
        SearchRecord stored = searches.load(searchId).orElseThrow(() -> new IllegalArgumentException("no search '" + searchId + "' in store " + searches.store().location()));
        if (stored.status() == SearchStatus.FINISHED) return stored;
        // the stored spec is the truth: the file was parsed once, when the search was created (with the caller's
        // overrides of name, dataset, workers, warm start and executor applied); the YAML text is only shown
        SearchSpec spec = stored.spec();
        if (spec == null) throw new IllegalArgumentException("search '" + searchId + "' has no spec in its search.json: it cannot be run");
        if (workers != null) spec = spec.withWorkers(workers);
        if (executorOverride != null) spec = spec.withExecutor(spec.executor().withKind(executorOverride));
        String owner = owner();
        try (SearchLease lease = SearchLease.acquire(leaseStore, searchId, owner, force, clock, listener::note)) {
            // read again under the lease: the previous owner may have written until it lost or released it
            stored = searches.load(searchId).orElse(stored);
            if (stored.status() == SearchStatus.FINISHED) return stored;
            searches.clearStop(searchId);
            SearchRecord record = stored.withSession(spec, owner, clock.instant());
            searches.save(record);
            return new Session(record, spec, lease).run();
        }
    }

    /** One run of a search in this process: the coordinator. */
    private final class Session {
        private final SearchSpec spec;
        private final String id;
        private final Strategy strategy;
        private final BudgetCheck budget;
        /** Final records by trial number: replayed and new. Guarded by this. */
        private final Map<Integer, TrialRecord> finals = new TreeMap<>();
        /** Trials started and not ended, by trial id, with when this session saw them start. Guarded by this. */
        private final Map<String, Instant> inFlight = new LinkedHashMap<>();
        private final Map<String, TrialAssignment> requests = new LinkedHashMap<>();
        private final Set<Integer> told = new HashSet<>();
        /** Outcomes told since the last proposal, in order: recorded in the next request for replay. */
        private final List<Integer> toldSinceProposal = new ArrayList<>();
        private final long sessionStart = System.nanoTime();
        private final double elapsedBefore;
        private final SearchLease lease;
        private int proposed;
        private SearchRecord record;

        Session(SearchRecord record, SearchSpec spec, SearchLease lease) {
            this.lease = lease;
            this.record = record;
            this.spec = spec;
            this.id = record.id();
            this.strategy = Strategy.of(spec);
            strategy.warmStart(WarmStart.trials(searches, spec, record.created()));
            this.budget = new BudgetCheck(spec.budget());
            this.elapsedBefore = record.elapsedSeconds();
        }

        SearchRecord run() {
            Map<Integer, TrialRecord> stored = new TreeMap<>();
            for (TrialRecord t : searches.trials(id)) stored.put(t.number(), t);
            int replayable = (int) stored.values().stream().filter(t -> t.state().finished()).count();
            listener.started(record, replayable);
            SearchStatus end;
            String reason;
            TrialExecutor executor = executors.create(new TrialExecutors.Context(searches.store(), id, spec.executor(), spec.slots(), engine));
            engine.concurrentTrials(executor.slots()); // trials training in this process share the cores out
            try (executor; Heartbeat beat = new Heartbeat(this::beat)) {
                Deque<TrialAssignment> restart = replay(stored, executor);
                String stop = null;
                while (true) {
                    while (stop == null && inFlightCount() < executor.slots()) {
                        stop = limitBeforeTrial(restart.isEmpty());
                        if (stop != null) break;
                        TrialAssignment next = restart.poll();
                        if (next == null && retraining()) {
                            next = retrain();
                        }
                        if (next == null) {
                            var config = strategy.ask();
                            if (config.isEmpty()) {
                                stop = spec.strategy() == StrategyKind.GRID ? "grid complete" : "search space exhausted";
                                break;
                            }
                            next = plan(config.get());
                            if (next == null) break; // the time budget has no room for it: stop is set
                        }
                        start(executor, next);
                    }
                    if (stop == null && budgetStop != null) stop = budgetStop;
                    if (inFlightCount() == 0) break;
                    for (TrialExecutor.TrialEnd ended : executor.awaitEnded(POLL)) ended(ended);
                    if (!stoppingNow) {
                        Optional<Boolean> marker = searches.stopMarker(id);
                        if (marker.isPresent() && stop == null) stop = STOP;
                        if (marker.orElse(false)) stopRunning(executor);
                    }
                    if (stop == null && lease.lost() != null) stop = lostLease();
                }
                if (stop == null) stop = "search space exhausted";
                end = stop.equals(STOP) || lease.lost() != null ? SearchStatus.STOPPED : SearchStatus.FINISHED;
                reason = stop;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(new IllegalStateException("interrupted while trials were running", e));
            } catch (RuntimeException e) {
                throw fail(e);
            }
            synchronized (this) {
                record = record.with(end, reason, clock.instant());
                progress();
            }
            listener.ended(record);
            return record;
        }

        private RuntimeException fail(RuntimeException e) {
            synchronized (this) {
                record = record.with(SearchStatus.FAILED, Failures.describe(e), clock.instant());
                if (lease.lost() == null) searches.save(record);
            }
            listener.ended(record);
            return e;
        }

        /**
         * Rebuilds the strategy from the stored requests (see the class comment) and returns the trials to start
         * again; trials the executor adopts are in flight already.
         */
        private Deque<TrialAssignment> replay(Map<Integer, TrialRecord> stored, TrialExecutor executor) {
            Deque<TrialAssignment> restart = new ArrayDeque<>();
            for (TrialAssignment request : searches.requests(id)) {
                for (int n : request.toldBefore()) {
                    TrialRecord outcome = stored.get(n);
                    if (outcome != null && outcome.state().finished() && told.add(n)) strategy.tell(outcome.config(), outcome);
                }
                // a retrain was the runner's choice, not a proposal: the strategy is not asked for it
                TrialConfig again = request.retrainOf() != null ? request.config() : strategy.ask().orElse(null);
                if (request.retrainOf() != null) retrained.add(request.config());
                if (!request.config().equals(again)) {
                    throw new IllegalStateException("trial " + request.trialId() + " in the store was " + request.config().summary()
                            + " but the search now proposes " + (again == null ? "nothing" : again.summary())
                            + ": the search file or etiqueta changed since it started");
                }
                proposed = request.number();
                requests.put(request.trialId(), request);
                TrialRecord known = stored.get(request.number());
                if (known != null && known.state().finished()) {
                    synchronized (this) { finals.put(known.number(), known); }
                } else {
                    restart.add(request); // RUNNING when an earlier coordinator stopped, or never started
                }
            }
            // outcomes that arrived after the last proposal: told in the order they finished
            finals.values().stream().filter(t -> !told.contains(t.number()))
                    .sorted(Comparator.comparing((TrialRecord t) -> t.finished() == null ? Instant.EPOCH : t.finished()).thenComparingInt(TrialRecord::number))
                    .forEach(this::tell);
            Set<String> adopted = executor.adopt(List.copyOf(restart));
            restart.removeIf(r -> {
                if (!adopted.contains(r.trialId())) return false;
                synchronized (this) { inFlight.put(r.trialId(), clock.instant()); }
                return true;
            });
            return restart;
        }

        private boolean stoppingNow;

        /**
         * {@code search stop --now}: every running trial gets its cancel marker (a trial training here or in a worker
         * ends after its current epoch or checkpoint, keeping what it trained) and the executor ends it its own way (a
         * Batch job is terminated). They are recorded as they end; the search then stops.
         */
        private void stopRunning(TrialExecutor executor) {
            stoppingNow = true;
            List<String> running;
            synchronized (this) { running = List.copyOf(inFlight.keySet()); }
            for (String trialId : running) {
                searches.requestCancel(id, trialId, STOPPED_NOW);
                executor.cancel(trialId, STOPPED_NOW);
            }
        }

        /** Under a time budget: does not start what cannot finish in time without saying so, shrinks what fits partly. */
        private String budgetStop;

        private TrialAssignment plan(TrialConfig config) {
            Integer epochLimit = null;
            String note = null;
            if (spec.budget().hours() != null) {
                List<TrialRecord> finished;
                synchronized (this) { finished = List.copyOf(finals.values()); }
                double firstRung = spec.pruning().rule() == PruningSettings.Rule.ASHA ? spec.pruning().minResource() : 0;
                BudgetPlanner.Plan plan = BudgetPlanner.plan(config, spec.budget().hours() * 3600 - elapsed(), finished, firstRung);
                if (plan.stop() != null) {
                    budgetStop = plan.stop();
                    return null;
                }
                epochLimit = plan.epochLimit();
                note = plan.note();
            }
            return propose(config, epochLimit, note, spec.pruning(), null);
        }

        /** Configurations retrained in the retrain phase (pruning.retrain). */
        private final Set<TrialConfig> retrained = new HashSet<>();

        /** Whether the search is in the last {@code pruning.retrain} share of its hours. */
        private boolean retraining() {
            Double share = spec.pruning().retrain();
            return share != null && spec.budget().hours() != null && elapsed() >= spec.budget().hours() * 3600 * (1 - share);
        }

        /**
         * In the retrain phase: the best-ranked candidate ({@link Retraining}) whose training fits the time left, from
         * scratch, unpruned, shrunk to the epochs that fit. Null when there is none or none fits: the strategy then
         * proposes (a faster family may still fit the time left, and the budget planner refuses what does not).
         */
        private TrialAssignment retrain() {
            List<TrialRecord> finished;
            Set<TrialConfig> taken;
            synchronized (this) {
                finished = List.copyOf(finals.values());
                taken = new HashSet<>(retrained);
                for (String running : inFlight.keySet()) taken.add(requests.get(running).config()); // trained on already
            }
            double left = spec.budget().hours() * 3600 - elapsed();
            for (Retraining.Candidate c : Retraining.ranked(finished, taken, spec.pruning())) {
                TrialConfig config = c.trial().config();
                BudgetPlanner.Plan plan = BudgetPlanner.plan(config, left, finished);
                if (plan.stop() != null) continue;
                retrained.add(config);
                listener.note(String.format(Locale.ROOT, "trial %s retrains %s%s", SearchStore.trialId(proposed + 1), c.describe(spec.pruning()),
                        plan.note() == null ? "" : ": " + plan.note()));
                return propose(config, plan.epochLimit(), plan.note(), PruningSettings.none(), c.trial().id());
            }
            return null;
        }

        private TrialAssignment propose(TrialConfig config, Integer epochLimit, String budgetNote, PruningSettings pruning, String retrainOf) {
            proposed++;
            TrialAssignment request = new TrialAssignment(id, SearchStore.trialId(proposed), proposed, spec.dataset(), config,
                    spec.objective(), pruning, spec.seed(), toldSinceProposal, epochLimit, budgetNote, retrainOf);
            toldSinceProposal.clear();
            searches.writeRequest(request);
            requests.put(request.trialId(), request);
            return request;
        }

        private void start(TrialExecutor executor, TrialAssignment request) {
            synchronized (this) { inFlight.put(request.trialId(), clock.instant()); }
            listener.trialStarted(record, request.number(), request.config());
            executor.start(request);
        }

        private void ended(TrialExecutor.TrialEnd ended) {
            TrialAssignment request = requests.get(ended.trialId());
            TrialRecord outcome = ended.record();
            if (outcome == null) outcome = recordFailure(request, ended.failure());
            SearchRecord snapshot;
            synchronized (this) {
                inFlight.remove(ended.trialId());
                finals.put(outcome.number(), outcome);
            }
            tell(outcome);
            snapshot = progress();
            listener.trialFinished(snapshot, outcome);
        }

        private void tell(TrialRecord outcome) {
            if (!told.add(outcome.number())) return;
            strategy.tell(outcome.config(), outcome);
            toldSinceProposal.add(outcome.number());
        }

        /**
         * An executor could not run the trial: FAILED with its reason, unless a final record got there first. A trial
         * the coordinator ended ("cancelled: ...", e.g. a Batch job terminated by {@code stop --now}) is PRUNED with
         * the curve its progress file shows, as a trial that saw its cancel marker itself would be.
         */
        private TrialRecord recordFailure(TrialAssignment request, String why) {
            Instant now = clock.instant();
            Instant started;
            synchronized (this) { started = inFlight.getOrDefault(request.trialId(), now); }
            TrialRecord failed;
            if (why.startsWith("cancelled: ")) {
                var progress = searches.progress(id, request.trialId()).orElse(null);
                List<io.etiqueta.trial.EpochMetrics> curve = progress == null ? List.of() : progress.epochs();
                Integer best = curve.stream().min(Comparator.comparingDouble(io.etiqueta.trial.EpochMetrics::valLoss))
                        .map(io.etiqueta.trial.EpochMetrics::epoch).orElse(null);
                failed = new TrialRecord(request.trialId(), id, request.number(), TrialState.PRUNED, request.config(), request.dataset(),
                        null, curve, best, why, null, null, null, null, null, null, started, now,
                        progress == null ? List.of() : progress.checkpoints(), request.epochLimit());
            } else {
                failed = new TrialRecord(request.trialId(), id, request.number(), TrialState.FAILED, request.config(), request.dataset(),
                        null, null, null, why, null, null, null, null, null, why, started, now);
            }
            try {
                searches.finish(failed);
                return failed;
            } catch (IllegalStateException alreadyFinal) {
                return searches.trial(id, request.trialId()).filter(t -> t.state().finished()).orElseThrow(() -> alreadyFinal);
            }
        }

        private synchronized int inFlightCount() { return inFlight.size(); }

        /** Why no further trial may start, or null; the trials budget counts only when a new one would be proposed. */
        private String limitBeforeTrial(boolean newProposal) {
            if (!lease.stillHeld()) return lostLease();
            if (searches.stopRequested(id)) return STOP;
            synchronized (this) {
                return budget.limit(newProposal ? proposed : 0, elapsed() / 3600, SearchTally.epochs(finals.values()), instanceHours());
            }
        }

        /** Finished trials' run time plus the running ones' so far. */
        private synchronized double instanceHours() {
            Instant now = clock.instant();
            double running = inFlight.values().stream().mapToDouble(s -> Duration.between(s, now).toMillis() / 3_600_000.0).sum();
            return SearchTally.instanceHours(finals.values()) + running;
        }

        private double elapsed() { return elapsedBefore + (System.nanoTime() - sessionStart) / 1e9; }

        private String lostLease() { return "the lease was taken by " + lease.lost(); }

        /** The heartbeat: renews the lease, then search.json. */
        private void beat() {
            try {
                lease.renew();
            } catch (RuntimeException storeDown) {
                // the next beat tries again; the lease goes stale only after several missed beats
            }
            progress();
        }

        /**
         * Recounts from the final records, saves search.json (the heartbeat) and returns it. A run that lost its lease
         * leaves search.json to the new owner.
         */
        private synchronized SearchRecord progress() {
            var counts = SearchTally.count(finals.values(), inFlight.size(), strategy.cacheHits());
            var best = spec.objective().best(List.copyOf(finals.values()));
            record = record.withProgress(elapsed(), counts, best.map(TrialRecord::id).orElse(null),
                    best.map(t -> t.metric(spec.objective().metric()).orElse(Double.NaN)).orElse(null), clock.instant());
            if (lease.lost() == null) searches.save(record);
            return record;
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
