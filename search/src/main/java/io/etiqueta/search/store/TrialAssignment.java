package io.etiqueta.search.store;

import io.etiqueta.search.spec.Objective;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.train.TrialRequest;
import io.etiqueta.trial.TrialConfig;

import java.util.List;

/**
 * What a trial is to do, written to {@code searches/<id>/trials/<t>/request.json} by the coordinator before any
 * executor starts it: everything a worker on another machine needs besides the store and the dataset. Never
 * changes once written (a retried attempt reads the same request).
 *
 * @param seed       the search's seed (the config carries the training seed; this one is for reproducing the search)
 * @param toldBefore trial numbers whose outcomes the strategy was told, in that order, after the previous proposal
 *                   and before this one: a resume replays them in the same order, so the strategy proposes again
 *                   exactly what it proposed before
 * @param epochLimit under a time budget, the epochs the trial may train (it then stops there, complete); null: all
 * @param budgetNote why it was shrunk, for its stop reason
 * @param retrainOf  the trial whose configuration this one trains again in the retrain phase ({@code
 *                   pruning.retrain}); null for the strategy's proposals
 */
public record TrialAssignment(
        String searchId,
        String trialId,
        int number,
        String dataset,
        TrialConfig config,
        Objective objective,
        PruningSettings pruning,
        long seed,
        List<Integer> toldBefore,
        Integer epochLimit,
        String budgetNote,
        String retrainOf) {

    public TrialAssignment {
        toldBefore = toldBefore == null ? List.of() : List.copyOf(toldBefore);
    }

    /** What the trial engine is asked to train. */
    public TrialRequest request() { return new TrialRequest(trialId, searchId, number, dataset, config, epochLimit); }
}
