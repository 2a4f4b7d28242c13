package io.etiqueta.train;

import io.etiqueta.trial.TrialRecord;

/**
 * Runs one trial: loads (or reuses) the dataset, trains, evaluates on the test split and stores the bundle at
 * {@code StoreLayout.bundle(searchId, trialId)}. Never throws for the trial's own failures: a diverging or
 * crashing trial comes back as a FAILED record with the reason, a pruned one as PRUNED. The caller owns the
 * trial record (writes {@code trial.json}).
 */
public interface TrialEngine {
    TrialRecord run(TrialRequest request, EpochObserver observer);

    /**
     * Tells the engine how many trials will run at once from now on, so that an engine training in this process
     * shares the cores out among them (two workers on two cores: one thread each, not two pools of two).
     */
    default void concurrentTrials(int trials) {}

    /**
     * The backend and device this engine trains on, as the live ND4J backend describes it ("cpu: avx2, 2 threads",
     * "cuda: NVIDIA A10G"); null when the engine does not say (a test's stand-in). Asked once a trial trains.
     */
    default String backend() { return null; }
}
