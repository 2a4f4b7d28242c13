package io.etiqueta.train;

import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;

import java.util.List;

/**
 * Watches a trial as it trains; a search uses it to prune weak trials against their peers. Besides the end of every
 * epoch it may ask for validation measurements part-way through epochs ({@link #checkpoints}, the rungs of
 * multi-fidelity pruning): the trainer then scores the model after that share of the epoch's batches. Scoring does
 * not touch the weights, the batch order or the random streams, so a trial that is not stopped learns exactly what
 * it would have learned without checkpoints.
 */
@FunctionalInterface
public interface EpochObserver {
    EpochObserver NONE = epochs -> null;

    /** Called after every epoch with the curve so far; returns why to prune the trial now, or null to go on. */
    String afterEpoch(List<EpochMetrics> epochsSoFar);

    /**
     * Points of training, in epochs and not whole (0.25 = after a quarter of the first epoch), at which to measure
     * validation and call {@link #atCheckpoint}; none by default.
     */
    default List<Double> checkpoints() { return List.of(); }

    /** Called at each checkpoint with the checkpoints and whole epochs so far; returns why to prune now, or null. */
    default String atCheckpoint(List<Checkpoint> checkpointsSoFar, List<EpochMetrics> epochsSoFar) { return null; }
}
