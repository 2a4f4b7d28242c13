package io.etiqueta.train;

import io.etiqueta.trial.EpochMetrics;

import java.util.List;

/** Watches a trial epoch by epoch; a search uses it to prune weak trials against their peers. */
@FunctionalInterface
public interface EpochObserver {
    EpochObserver NONE = epochs -> null;

    /** Called after every epoch with the curve so far; returns why to prune the trial now, or null to go on. */
    String afterEpoch(List<EpochMetrics> epochsSoFar);
}
