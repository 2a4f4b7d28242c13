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
 * @param crossValidation the folds' results when the trial was cross-validated (config.folds()), else null
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
        CrossValidation crossValidation) {

    public TrialRecord {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A record without cross-validation. */
    public TrialRecord(String id, String searchId, int number, TrialState state, TrialConfig config, String dataset,
                       List<String> labels, List<EpochMetrics> epochs, Integer bestEpoch, String stopReason, TestMetrics test,
                       Long parameters, Timing timing, Double trainImagesPerSecond, String bundleKey, String error,
                       Instant started, Instant finished) {
        this(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test, parameters, timing,
                trainImagesPerSecond, bundleKey, error, started, finished, null);
    }

    public TrialRecord withCrossValidation(CrossValidation cv) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, error, started, finished, cv);
    }

    /** The epoch whose weights were kept, or empty when no epoch finished. */
    @JsonIgnore public java.util.Optional<EpochMetrics> best() {
        if (bestEpoch == null) return java.util.Optional.empty();
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst();
    }

    /**
     * A metric by the names search files and reports use: val_accuracy, val_loss, accuracy, loss (at the kept
     * epoch), test_accuracy, test_loss, test_f1 (macro), latency_ms, parameters, seconds, epochs.
     */
    public OptionalDouble metric(String name) {
        var kept = best();
        // a cross-validated trial's own curve is its final fit on all the training data: its validation is the folds'
        if (crossValidation != null && name.equals("val_accuracy")) return OptionalDouble.of(crossValidation.meanValAccuracy());
        if (crossValidation != null && name.equals("val_loss")) return OptionalDouble.of(crossValidation.meanValLoss());
        return switch (name) {
            case "val_accuracy" -> kept.map(e -> OptionalDouble.of(e.valAccuracy())).orElse(OptionalDouble.empty());
            case "val_loss" -> kept.map(e -> OptionalDouble.of(e.valLoss())).orElse(OptionalDouble.empty());
            case "accuracy" -> kept.map(e -> OptionalDouble.of(e.accuracy())).orElse(OptionalDouble.empty());
            case "loss" -> kept.map(e -> OptionalDouble.of(e.loss())).orElse(OptionalDouble.empty());
            case "test_accuracy" -> test == null ? OptionalDouble.empty() : OptionalDouble.of(test.accuracy());
            case "test_loss" -> test == null ? OptionalDouble.empty() : OptionalDouble.of(test.loss());
            case "test_f1" -> test == null || test.macro() == null ? OptionalDouble.empty() : OptionalDouble.of(test.macro().f1());
            case "latency_ms" -> test == null ? OptionalDouble.empty() : OptionalDouble.of(test.latencyMillis());
            case "parameters" -> parameters == null ? OptionalDouble.empty() : OptionalDouble.of(parameters);
            case "seconds" -> timing == null ? OptionalDouble.empty() : OptionalDouble.of(timing.totalSeconds());
            case "epochs" -> OptionalDouble.of(epochs.size());
            case "cv_accuracy" -> crossValidation == null ? OptionalDouble.empty() : OptionalDouble.of(crossValidation.meanValAccuracy());
            case "cv_loss" -> crossValidation == null ? OptionalDouble.empty() : OptionalDouble.of(crossValidation.meanValLoss());
            case "cv_accuracy_std" -> crossValidation == null ? OptionalDouble.empty() : OptionalDouble.of(crossValidation.stdValAccuracy());
            default -> throw new IllegalArgumentException("unknown metric '" + name + "' (use val_accuracy, val_loss, accuracy, loss, "
                    + "test_accuracy, test_loss, test_f1, latency_ms, parameters, seconds, epochs, cv_accuracy, cv_loss, cv_accuracy_std)");
        };
    }

    public TrialRecord withState(TrialState newState, String newStopReason, String newError, Instant newFinished) {
        return new TrialRecord(id, searchId, number, newState, config, dataset, labels, epochs, bestEpoch, newStopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, newError, started, newFinished, crossValidation);
    }

    public TrialRecord withBundleKey(String key) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, key, error, started, finished, crossValidation);
    }

    public TrialRecord withTiming(Timing newTiming) {
        return new TrialRecord(id, searchId, number, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, newTiming, trainImagesPerSecond, bundleKey, error, started, finished, crossValidation);
    }

    public TrialRecord withIds(String newId, String newSearchId, int newNumber) {
        return new TrialRecord(newId, newSearchId, newNumber, state, config, dataset, labels, epochs, bestEpoch, stopReason, test,
                parameters, timing, trainImagesPerSecond, bundleKey, error, started, finished, crossValidation);
    }
}
