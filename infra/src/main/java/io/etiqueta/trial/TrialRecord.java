package io.etiqueta.trial;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Everything known about one trial: what it was, how it went per epoch, how it ended and how it scored.
 * Stored as {@code trial.json} (see {@code StoreLayout}); once its state is final it is never rewritten.
 *
 * @param number     the trial's position in its search (0 for a standalone trial)
 * @param bestEpoch  the epoch (1-based) whose weights were kept (lowest val_loss), null before the first epoch
 * @param stopReason why training stopped: "max epochs", "early stopping (patience 5)", "time limit", "pruned ...",
 *                   "diverged: loss is NaN at epoch 3", ...
 * @param error      for a failed trial, what went wrong
 * @param checkpoints validation measurements taken part-way through epochs (multi-fidelity rungs), in order
 * @param epochLimit  the epochs the search let it train when a time budget could not fit its configured epochs
 *                    (it stopped there as complete); null when it could train them all
 * @param crossValidation the folds' results when the trial was cross-validated (config.folds()), else null
 * @param backend     the ND4J backend and device that trained it ("cpu: avx2, 2 threads", "cuda: NVIDIA A10G"); null
 *                    in records written before it was recorded
 */
public record TrialRecord(
        String id,
        String searchId,
        int number,
        TrialState state,
        TrialConfig config,
        String dataset,
        List<String> labels,
        List<EpochMetrics> epochs,
        Integer bestEpoch,
        String stopReason,
        TestMetrics test,
        Long parameters,
        Timing timing,
        Double trainImagesPerSecond,
        String bundleKey,
        String error,
        Instant started,
        Instant finished,
        List<Checkpoint> checkpoints,
        Integer epochLimit,
        CrossValidation crossValidation,
        String backend) {

    public TrialRecord {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        labels = labels == null ? List.of() : List.copyOf(labels);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }

    /** A record without checkpoints or epoch limit (every trial that is neither multi-fidelity nor shrunk). */
    public TrialRecord(String id, String searchId, int number, TrialState state, TrialConfig config, String dataset,
                       List<String> labels, List<EpochMetrics> epochs, Integer bestEpoch, String stopReason, TestMetrics test,
                       Long parameters, Timing timing, Double trainImagesPerSecond, String bundleKey, String error,
                       Instant started, Instant finished) {
        this(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test, parameters, timing,
                trainImagesPerSecond, bundleKey, error, started, finished, null, null, null, null);
    }

    /** A record without cross-validation. */
    public TrialRecord(String id, String searchId, int number, TrialState state, TrialConfig config, String dataset,
                       List<String> labels, List<EpochMetrics> epochs, Integer bestEpoch, String stopReason, TestMetrics test,
                       Long parameters, Timing timing, Double trainImagesPerSecond, String bundleKey, String error,
                       Instant started, Instant finished, List<Checkpoint> checkpoints, Integer epochLimit) {
        this(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test, parameters, timing,
                trainImagesPerSecond, bundleKey, error, started, finished, checkpoints, epochLimit, null, null);
    }

    /** A record whose backend is not (yet) known; the engine that trains it adds it with {@link #withBackend}. */
    public TrialRecord(String id, String searchId, int number, TrialState state, TrialConfig config, String dataset,
                       List<String> labels, List<EpochMetrics> epochs, Integer bestEpoch, String stopReason, TestMetrics test,
                       Long parameters, Timing timing, Double trainImagesPerSecond, String bundleKey, String error,
                       Instant started, Instant finished, List<Checkpoint> checkpoints, Integer epochLimit, CrossValidation crossValidation) {
        this(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test, parameters, timing,
                trainImagesPerSecond, bundleKey, error, started, finished, checkpoints, epochLimit, crossValidation, null);
    }

    public TrialRecord withBackend(String newBackend) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, error, started, finished, checkpoints, epochLimit, crossValidation, newBackend);
    }

    public TrialRecord withCrossValidation(CrossValidation cv) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, error, started, finished, checkpoints, epochLimit, cv, backend);
    }

    /**
     * Complete, but stopped before its epochs from outside its training: a time budget, the end of a search's
     * exploration, a cancel (stop reasons "stopped at ...") or its own time limit. Early stopping is not: the trial
     * had stopped improving.
     */
    @JsonIgnore public boolean cutShort() {
        return state == TrialState.COMPLETE && stopReason != null && (stopReason.startsWith("stopped at ") || stopReason.startsWith("time limit"));
    }

    /** How much training it had, in epochs: whole epochs, or the last checkpoint when it stopped part-way. */
    @JsonIgnore public double resource() {
        double r = epochs.size();
        for (Checkpoint c : checkpoints) r = Math.max(r, c.resource());
        return r;
    }

    public TrialRecord withCheckpoints(List<Checkpoint> newCheckpoints, Integer newEpochLimit) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, error, started, finished, newCheckpoints, newEpochLimit, crossValidation, backend);
    }

    /** The epoch whose weights were kept, or empty when no epoch finished. */
    @JsonIgnore public java.util.Optional<EpochMetrics> best() {
        if (bestEpoch == null) return java.util.Optional.empty();
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst();
    }

    /**
     * A metric by the names search files and reports use ({@link Metric}): the per-epoch ones at the kept epoch,
     * test_f1 the macro average.
     */
    public OptionalDouble metric(String name) { return Metric.parse(name).of(this); }

    public TrialRecord withState(TrialState newState, String newStopReason, String newError, Instant newFinished) {
        return new TrialRecord(id, searchId, number, newState, config, dataset, labels, epochs, bestEpoch, newStopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, newError, started, newFinished, checkpoints, epochLimit, crossValidation, backend);
    }

    /** A running trial's record with its epochs so far (from its progress file: status and reports show them). */
    public TrialRecord withEpochs(List<EpochMetrics> soFar) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, soFar, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, error, started, finished, checkpoints, epochLimit, crossValidation, backend);
    }

    public TrialRecord withBundleKey(String key) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, key, error, started, finished, checkpoints, epochLimit, crossValidation, backend);
    }

    public TrialRecord withTiming(Timing newTiming) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, newTiming, trainImagesPerSecond, bundleKey, error, started, finished, checkpoints, epochLimit, crossValidation, backend);
    }

    public TrialRecord withIds(String newId, String newSearchId, int newNumber) {
        return new TrialRecord(newId, newSearchId, newNumber, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, error, started, finished, checkpoints, epochLimit, crossValidation, backend);
    }
}
