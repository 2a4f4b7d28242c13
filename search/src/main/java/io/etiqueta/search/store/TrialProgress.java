package io.etiqueta.search.store;

import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.EpochMetrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How far a running trial got: {@code searches/<id>/trials/<t>/progress.json}, rewritten after every epoch by
 * whoever trains it (a local thread or a remote worker), never touching {@code trial.json}. Pruners read running
 * peers' curves from here, and {@code search status} shows it.
 *
 * @param epoch     epochs done
 * @param maxEpochs epochs configured
 * @param epochs    the curve so far
 * @param checkpoints measurements part-way through epochs (what ASHA's rungs below one epoch compare)
 * @param updated   when it was written: a trial whose progress stops moving is not training any more
 * @param host      the machine training it
 * @param backend   the ND4J backend training it (cpu, cuda)
 * @param executor  executor-specific ids (for example Batch's job id and log stream); empty for local threads
 */
public record TrialProgress(
        String trialId,
        int epoch,
        int maxEpochs,
        List<EpochMetrics> epochs,
        List<Checkpoint> checkpoints,
        Instant updated,
        String host,
        String backend,
        Map<String, String> executor) {

    public TrialProgress {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        executor = executor == null ? Map.of() : Map.copyOf(executor);
    }
}
