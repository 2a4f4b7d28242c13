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

    /**
     * Asked at every epoch end and checkpoint, after the pruning decision: why to end the trial now as it stands (a
     * time budget ran out), or null to go on. A trial ended after a whole epoch keeps its best epoch and completes;
     * one ended before its first epoch has nothing to keep and is recorded as pruned.
     */
    default String stopNow() { return null; }

    /**
     * Asked after every mini-batch: why to end the trial at once, between measurements, or null. For a search's
     * exploration trials when its retrain phase begins: what they would train up to their next measurement is
     * retrained from scratch anyway, and the phase needs the core now. The trial ends as after {@link #stopNow},
     * without measuring again.
     */
    default String haltNow() { return null; }

    /** This observer, also ending the trial at its next epoch end or checkpoint when {@code why} answers (not null). */
    default EpochObserver stoppingWhen(java.util.function.Supplier<String> why) { return endingWhen(why, false); }

    /** This observer, also ending the trial after its current mini-batch when {@code why} answers (not null). */
    default EpochObserver haltingWhen(java.util.function.Supplier<String> why) { return endingWhen(why, true); }

    private EpochObserver endingWhen(java.util.function.Supplier<String> why, boolean atOnce) {
        EpochObserver self = this;
        return new EpochObserver() {
            @Override public String afterEpoch(List<EpochMetrics> epochsSoFar) { return self.afterEpoch(epochsSoFar); }

            @Override public List<Double> checkpoints() { return self.checkpoints(); }

            @Override public String atCheckpoint(List<Checkpoint> c, List<EpochMetrics> e) { return self.atCheckpoint(c, e); }

            @Override public String stopNow() {
                String mine = self.stopNow();
                return mine != null ? mine : why.get();
            }

            @Override public String haltNow() {
                String mine = self.haltNow();
                return mine != null || !atOnce ? mine : why.get();
            }
        };
    }
}
