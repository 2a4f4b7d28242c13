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
 */
final class MedianPruner implements Pruner {
    private final PruningSettings settings;

    MedianPruner(PruningSettings settings) { this.settings = settings; }

    @Override public String check(List<EpochMetrics> curve, List<TrialRecord> peers) {
        int e = curve.size();
        if (e < settings.warmupEpochs()) return null;
        double own = bestSoFar(curve, e);
        List<Double> values = new ArrayList<>();
        for (TrialRecord p : peers) if (p.epochs().size() >= e) values.add(bestSoFar(p.epochs(), e));
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

    /** The best (signed: higher is better) value of the metric over the first e epochs. */
    private double bestSoFar(List<EpochMetrics> curve, int e) {
        double best = Double.NaN;
        for (int i = 0; i < e; i++) {
            double v = settings.goal().signed(Pruner.metric(curve.get(i), settings.metric()));
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) best = v;
        }
        return best;
    }
}
