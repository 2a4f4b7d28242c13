package io.etiqueta.search.execution;

import io.etiqueta.search.pruning.Pruner;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.search.store.TrialAssignment;
import io.etiqueta.search.store.TrialProgress;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.train.BackendUnavailableException;
import io.etiqueta.train.EpochObserver;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one way a search's trial is run, wherever it runs: the local executor calls it on a thread, {@code etiqueta
 * worker} calls it inside a remote job. Everything it needs is in the store: it reads the trial's
 * {@code request.json} ({@link TrialAssignment}), and
 * <ul>
 *   <li>returns the final record untouched when the trial is already final: a retried attempt never trains or
 *       writes twice;</li>
 *   <li>else records it RUNNING and trains it; after every epoch it writes {@code progress.json}, honours the
 *       trial's {@code cancel} marker and a {@code stop --now} of the search, and asks the pruner, comparing with
 *       peers read from the store (finished trials and running trials' progress, wherever those run);</li>
 *   <li>writes the final {@code trial.json} once, by compare-and-swap; when another attempt finished it first,
 *       that record stands and is returned.</li>
 * </ul>
 * Give it a {@link PatientStore} so that a store outage during training does not lose the trained trial.
 */
public final class TrialRun {
    private final SearchStore searches;
    private final TrialEngine engine;
    private final Clock clock;
    private final String host;
    private final Map<String, String> executorIds;

    public TrialRun(Store store, TrialEngine engine) { this(store, engine, Map.of(), Clock.systemUTC()); }

    /** @param executorIds the executor's own ids for this attempt (job id, log stream), recorded in progress.json */
    public TrialRun(Store store, TrialEngine engine, Map<String, String> executorIds, Clock clock) {
        this.searches = new SearchStore(store);
        this.engine = engine;
        this.clock = clock;
        this.host = hostName();
        this.executorIds = Map.copyOf(executorIds);
    }

    /** Runs the trial (or returns its existing final record); never throws for the trial's own failures. */
    public TrialRecord run(String searchId, String trialId) {
        TrialAssignment request = searches.request(searchId, trialId).orElseThrow(() -> new IllegalArgumentException(
                "trial " + trialId + " of search " + searchId + " has no request.json in store " + searches.store().location()));
        var existing = searches.trial(searchId, trialId).filter(t -> t.state().finished());
        if (existing.isPresent()) return existing.get();

        Instant started = clock.instant();
        TrialRecord running = new TrialRecord(trialId, searchId, request.number(), TrialState.RUNNING, request.config(), request.dataset(),
                null, null, null, null, null, null, null, null, null, null, started, null);
        if (!searches.markRunning(running)) {
            return searches.trial(searchId, trialId).orElseThrow(); // finished meanwhile by another attempt: keep theirs
        }
        Pruner pruner = Pruner.of(request.pruning());
        // median: finished peers; asha: whoever reached the rung so far, finished or still running, wherever
        StoredPeers peers = new StoredPeers(searches, searchId, request.pruning().rule() == PruningSettings.Rule.ASHA);
        EpochObserver pruning = pruner.observer(trialId, request.config(), request.epochLimit(), peers::curves, curve ->
                searches.writeProgress(searchId, new TrialProgress(trialId, curve.epochs().size(), curve.maxEpochs(), curve.epochs(),
                        curve.checkpoints(), clock.instant(), host, backend(), executorIds)));
        EpochObserver pruningAndCancel = new EpochObserver() {
            @Override public String afterEpoch(List<EpochMetrics> epochsSoFar) {
                String prune = pruning.afterEpoch(epochsSoFar);
                return prune != null ? prune : cancelled(searchId, trialId);
            }

            @Override public List<Double> checkpoints() { return pruning.checkpoints(); }

            @Override public String atCheckpoint(List<Checkpoint> checkpointsSoFar, List<EpochMetrics> epochsSoFar) {
                return pruning.atCheckpoint(checkpointsSoFar, epochsSoFar);
            }
        };
        // the search's hours budget ends the trial at its next epoch or checkpoint, keeping what it trained
        TimeBudget hours = TimeBudget.of(searches, searchId, clock, request.retrainOf() == null);
        // where exploration ends (retrain phase) at once: its slot is needed, and what it trains since its last
        // measurement would be retrained from scratch anyway
        EpochObserver observer = hours == null ? pruningAndCancel
                : hours.exploration() ? pruningAndCancel.haltingWhen(hours::spent) : pruningAndCancel.stoppingWhen(hours::spent);
        TrialRecord outcome;
        try {
            outcome = engine.run(request.request(), observer);
            if (outcome == null || !outcome.state().finished()) {
                outcome = failed(running, "the trial engine returned " + (outcome == null ? "nothing" : "state " + outcome.state().id()));
            } else {
                outcome = outcome.withIds(trialId, searchId, request.number());
                if (request.epochLimit() != null && outcome.epochLimit() != null && outcome.state() == TrialState.COMPLETE
                        && outcome.stopReason() != null && outcome.stopReason().startsWith("budget: shrunk")) {
                    outcome = outcome.withState(outcome.state(), "budget: " + request.budgetNote(), outcome.error(), outcome.finished());
                }
                if (request.retrainOf() != null && outcome.stopReason() != null) {
                    outcome = outcome.withState(outcome.state(), outcome.stopReason() + " (retrain of " + request.retrainOf() + ")", outcome.error(), outcome.finished());
                }
                if (outcome.finished() == null) outcome = outcome.withState(outcome.state(), outcome.stopReason(), outcome.error(), clock.instant());
                if (outcome.state() == TrialState.COMPLETE && outcome.bundleKey() == null && searches.store().exists(StoreLayout.bundle(searchId, trialId))) {
                    outcome = outcome.withBundleKey(StoreLayout.bundle(searchId, trialId));
                }
                if (!outcome.config().equals(request.config())) outcome = failed(running, "the trial engine changed the configuration");
            }
        } catch (BackendUnavailableException e) {
            throw e; // this host cannot train (a CUDA build without a GPU): not the trial's fault; a worker asks for a retry
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme && !(e instanceof OutOfMemoryError)) throw vme;
            outcome = failed(running, "crashed: " + e);
        }
        try {
            searches.finish(outcome);
            return outcome;
        } catch (IllegalStateException alreadyFinal) {
            // another attempt (a resumed coordinator, a retried job) finished this trial first: its record stands
            return searches.trial(searchId, trialId).filter(t -> t.state().finished()).orElseThrow(() -> alreadyFinal);
        }
    }

    /** What the engine says it trains on; asked after an epoch, when its backend has loaded. */
    private String backend() {
        try {
            return engine.backend();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Why the trial must end now: its cancel marker, or the search stopped with --now; null to go on. */
    private String cancelled(String searchId, String trialId) {
        String reason = searches.cancelRequested(searchId, trialId).orElse(null);
        if (reason != null) return "cancelled: " + reason;
        return searches.stopMarker(searchId).orElse(false) ? "cancelled: " + SearchRunner.STOPPED_NOW : null;
    }

    private TrialRecord failed(TrialRecord running, String reason) {
        return running.withState(TrialState.FAILED, reason, reason, clock.instant());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
