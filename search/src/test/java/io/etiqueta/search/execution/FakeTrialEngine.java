package io.etiqueta.search.execution;

import io.etiqueta.search.strategy.Seeds;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.train.EpochObserver;
import io.etiqueta.train.TrialEngine;
import io.etiqueta.train.TrialRequest;
import io.etiqueta.trial.ActivationType;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.TestMetrics;
import io.etiqueta.trial.Timing;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fast, deterministic stand-in for the DL4J trial engine: the final validation accuracy is a smooth function of
 * the configuration (a known optimum: cnn-bn, adam/nadam, lr near 1e-3, relu/elu, dropout near 0.2) plus noise
 * seeded by the configuration, and curves rise towards it epoch by epoch. SGD with a learning rate above 0.05
 * diverges (FAILED), sigmoid with dropout of 0.45 or more crashes (an exception), like real trials can.
 */
public final class FakeTrialEngine implements TrialEngine {
    private final Store store;
    private final long sleepMillisPerEpoch;
    private final Path log;
    private final Map<TrialConfig, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public FakeTrialEngine(Store store) { this(store, 0, null); }

    /** @param log when not null, a line "start <trialId>" then "end <trialId> <state>" is appended per trial */
    public FakeTrialEngine(Store store, long sleepMillisPerEpoch, Path log) { this(store, sleepMillisPerEpoch, log, 0.5); }

    /** @param reportedSecondsPerEpoch the epoch time its records report (what budget-aware proposals estimate from) */
    public FakeTrialEngine(Store store, long sleepMillisPerEpoch, Path log, double reportedSecondsPerEpoch) {
        this.store = store;
        this.sleepMillisPerEpoch = sleepMillisPerEpoch;
        this.log = log;
        this.reportedSecondsPerEpoch = reportedSecondsPerEpoch;
    }

    private final double reportedSecondsPerEpoch;
    private volatile Path bundleGate;

    /**
     * Before storing a completed trial's bundle, logs "trained <trialId>" and waits until {@code gate} exists: a test
     * can then take the store down exactly between the end of training and the bundle write.
     */
    public FakeTrialEngine gateBundlesOn(Path gate) {
        this.bundleGate = gate;
        return this;
    }

    /** How many times this configuration was trained by this engine. */
    public int runs(TrialConfig c) { return runs.getOrDefault(c, new AtomicInteger()).get(); }

    public int totalRuns() { return total.get(); }

    public Map<TrialConfig, AtomicInteger> allRuns() { return runs; }

    /** The accuracy a configuration converges to. */
    public static double quality(TrialConfig c) {
        double q = switch (c.model()) {
            case MLP -> 0.50;
            case CNN -> 0.62;
            case CNN_BN -> 0.70;
            case RESNET18 -> 0.66;
            case VGG16 -> 0.60;
        };
        q += switch (c.optimizer()) {
            case ADAM, NADAM -> 0.06;
            case RMSPROP -> 0.04;
            case SGD -> 0.0;
        };
        q += switch (c.activation()) {
            case RELU, ELU, LEAKYRELU -> 0.05;
            case TANH -> 0.02;
            case SIGMOID -> -0.04;
        };
        double lr = Math.log10(c.learningRate()) + 3;
        q -= 0.04 * lr * lr;
        q -= 0.3 * (c.dropout() - 0.2) * (c.dropout() - 0.2);
        q += 0.01 * Math.min(c.layers().size(), 3);
        q += noise(c) * 0.01;
        return Math.max(0.1, Math.min(0.99, q));
    }

    private static double noise(TrialConfig c) {
        return (Seeds.mix(c.toString().hashCode() * 31L + c.seed()) >>> 11) * 0x1.0p-53 - 0.5;
    }

    @Override public TrialRecord run(TrialRequest request, EpochObserver observer) {
        TrialConfig c = request.config();
        runs.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        append("start " + request.trialId());
        if (c.activation() == ActivationType.SIGMOID && c.dropout() >= 0.45) {
            append("end " + request.trialId() + " crash");
            throw new IllegalStateException("simulated native crash in " + request.trialId());
        }
        Instant started = Instant.now();
        double target = quality(c);
        List<EpochMetrics> curve = new ArrayList<>();
        TrialState state = TrialState.COMPLETE;
        Integer limit = request.effectiveEpochLimit();
        String reason = limit != null ? "budget: shrunk to " + limit + " of " + c.epochs() + " epochs" : "max epochs";
        String error = null;
        int best = 0;
        for (int e = 1; e <= (limit != null ? limit : c.epochs()); e++) {
            sleep();
            boolean diverged = c.optimizer() == OptimizerType.SGD && c.learningRate() > 0.05 && e >= 2;
            double acc = target * (1 - Math.exp(-e / 2.0));
            double loss = diverged ? Double.NaN : 2.3 * (1 - acc);
            curve.add(new EpochMetrics(e, loss, acc + 0.02, loss * 1.05, acc, reportedSecondsPerEpoch));
            if (diverged) {
                state = TrialState.FAILED;
                reason = "diverged: loss is NaN at epoch " + e;
                error = reason;
                break;
            }
            best = e;
            String prune = observer.afterEpoch(List.copyOf(curve));
            if (prune != null) {
                state = TrialState.PRUNED;
                reason = "pruned at epoch " + e + ": " + prune; // as the real engine words it
                break;
            }
            String stop = observer.stopNow();
            if (stop != null && e < (limit != null ? limit : c.epochs())) {
                reason = "stopped at epoch " + e + ": " + stop; // as the real engine words it: complete, best epoch kept
                break;
            }
        }
        String bundleKey = null;
        TestMetrics test = null;
        if (state == TrialState.COMPLETE) {
            bundleKey = StoreLayout.bundle(request.searchId(), request.trialId());
            awaitGate(request.trialId());
            store.put(bundleKey, ("fake bundle " + c.summary()).getBytes(StandardCharsets.UTF_8));
            test = new TestMetrics(100, target - 0.01, 1.0, List.of("a", "b"), List.of(), null, null, null, List.of(), List.of(),
                    c.model() == ModelFamily.MLP ? 0.2 : 1.5);
        }
        append("end " + request.trialId() + " " + state.id());
        return new TrialRecord(request.trialId(), request.searchId(), request.number(), state, c, request.dataset(), List.of("a", "b"),
                curve, best == 0 ? null : best, reason, test, (long) c.layers().stream().mapToInt(i -> i).sum() * 100,
                new Timing(0, reportedSecondsPerEpoch * curve.size(), 0, 0), null, bundleKey, error, started, Instant.now(), null, limit);
    }

    private void awaitGate(String trialId) {
        Path gate = bundleGate;
        if (gate == null) return;
        append("trained " + trialId);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(gate)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the bundle gate " + gate + " never opened");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        append("storing " + trialId);
    }

    private void sleep() {
        if (sleepMillisPerEpoch <= 0) return;
        try {
            Thread.sleep(sleepMillisPerEpoch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void append(String line) {
        if (log == null) return;
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
