package io.etiqueta.search.execution;

import io.etiqueta.search.pruning.LearningCurve;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The retrain phase of ASHA under a time budget ({@code pruning.retrain}): which configurations the end of the
 * budget trains again, from scratch, for as many epochs as fit. Candidates are the trials the rungs stopped, ranked
 * as ASHA ranks them: the higher the rung a trial reached (each rung passed beat the others there), the better;
 * within a rung, by the best value up to it. Retraining from scratch rather than resuming costs the few epochs the
 * candidate trained, a small share of a final run, and gives the final run a learning-rate schedule planned over
 * its own epochs.
 */
final class Retraining {
    private Retraining() {}

    /** A trial to retrain: where it stood when the rungs stopped it. */
    record Candidate(TrialRecord trial, int rung, double rungEpochs, double value) {
        String describe(PruningSettings settings) {
            return String.format(Locale.ROOT, "%s's configuration (%s %.4f at rung %d, %s epochs)", trial.id(), settings.metric(),
                    settings.goal().signed(value), rung, io.etiqueta.trial.Checkpoint.format(rungEpochs));
        }
    }

    /**
     * The candidates, best first: finished trials that stopped short of their epochs (pruned at a rung, or stopped
     * where exploration ended, even after a whole epoch), were measured at the first rung at least, and whose
     * configuration is neither being trained nor retrained already. Failed trials (diverged, crashed), those that
     * trained all their epochs and those their own patience stopped are no candidates.
     */
    static List<Candidate> ranked(Collection<TrialRecord> finished, Set<TrialConfig> taken, PruningSettings settings) {
        List<Candidate> out = new ArrayList<>();
        for (TrialRecord t : finished) {
            if (!(t.state() == TrialState.PRUNED || t.cutShort()) || t.config() == null || taken.contains(t.config())) continue;
            LearningCurve curve = LearningCurve.of(t);
            Candidate best = null;
            for (int k = 0; ; k++) {
                double r = settings.rung(k);
                if (!curve.measuredAt(r)) break;
                double v = curve.bestUpTo(r, settings.metric(), settings.goal());
                if (Double.isNaN(v)) break;
                best = new Candidate(t, k, r, v);
            }
            if (best != null) out.add(best);
        }
        out.sort(Comparator.comparingInt(Candidate::rung).reversed()
                .thenComparing(Comparator.comparingDouble(Candidate::value).reversed())
                .thenComparingInt(c -> c.trial().number()));
        Set<TrialConfig> seen = new HashSet<>();
        out.removeIf(c -> !seen.add(c.trial().config())); // the same configuration twice (a warm start, a replay): its best stands
        return out;
    }
}
