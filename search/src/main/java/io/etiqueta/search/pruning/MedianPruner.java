package io.etiqueta.search.pruning;

import io.etiqueta.search.spec.Goal;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The median rule (as in Optuna's MedianPruner and Google Vizier's median stopping): at epoch e, after the warm-up,
 * a trial whose best value so far is worse than the median of its peers' best values over their first e epochs
 * is pruned. Comparing best-so-far values, not the last epoch's, keeps a noisy epoch from killing a good trial.
 * It judges at epoch ends only.
 */
final class MedianPruner implements Pruner {
    private final PruningSettings settings;

    MedianPruner(PruningSettings settings) { this.settings = settings; }

    @Override public String check(LearningCurve trial, List<LearningCurve> peers) {
        int e = trial.epochs().size();
        if (e < settings.warmupEpochs() || trial.resource() > e) return null; // not at an epoch end
        double own = trial.bestUpTo(e, settings.metric(), settings.goal());
        List<Double> values = new ArrayList<>();
        for (LearningCurve p : peers) if (p.epochs().size() >= e) values.add(p.bestUpTo(e, settings.metric(), settings.goal()));
        values.removeIf(v -> Double.isNaN(v));
        if (values.size() < settings.minPeers()) return null;
        Collections.sort(values);
        int n = values.size();
        double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        if (!(own < median) && !Double.isNaN(own)) return null;
        Goal g = settings.goal();
        // the engine records it as "pruned at epoch <e>: <this>"
        return String.format(Locale.ROOT, "%s %.4f %s the median %.4f of %d peers", settings.metric(),
                g.signed(own), g == Goal.MAXIMIZE ? "below" : "above", g.signed(median), n);
    }
}
