package io.etiqueta.search.strategy;

import io.etiqueta.search.pruning.LearningCurve;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.search.spec.SearchSpec;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the genetic algorithm values finished trials, some of which were stopped early.
 *
 * <p>Without ASHA a trial's fitness is its objective value (higher is better; a median-pruned trial keeps its best
 * value before pruning, failed ones are worst). With ASHA the rungs already judged the trials, so the fitness
 * follows them: a trial that went further up the rungs is fitter than one stopped below it (it was in the top 1/eta
 * at every rung the other also reached), and trials stopped at the same rung are ordered by their value at that
 * rung, where they were measured at the same amount of training. A trial that trained all its epochs (or stopped
 * early by its own patience) is above every stopped one and ordered by the objective; one a budget cut short counts
 * as having passed the last rung it reached. Raw values at different amounts of training are never compared (a
 * quarter-epoch accuracy is not comparable with a ten-epoch one), so the order is the rank under this rule: only
 * the order matters to Jenetics' tournament and elite selection.
 */
final class Fitness {
    private static final double EPS = 1e-9;
    private final SearchSpec spec;

    Fitness(SearchSpec spec) { this.spec = spec; }

    /** The fitness of every known trial (higher is better); failed ones are negative infinity. */
    Map<TrialConfig, Double> of(Collection<TrialRecord> known) {
        Map<TrialConfig, TrialRecord> byConfig = new HashMap<>();
        for (TrialRecord t : known) byConfig.put(t.config(), t);
        return of(byConfig);
    }

    /**
     * The fitness of every known configuration (higher is better); failed ones are negative infinity. The key is the
     * configuration in this search (a warm-start trial's differs from its record's by the seed).
     */
    Map<TrialConfig, Double> of(Map<TrialConfig, TrialRecord> known) {
        Map<TrialConfig, Double> out = new HashMap<>();
        if (spec.pruning().rule() != PruningSettings.Rule.ASHA) {
            known.forEach((c, t) -> out.put(c, spec.objective().score(t).orElse(Double.NEGATIVE_INFINITY)));
            return out;
        }
        List<Key> keys = new ArrayList<>();
        known.forEach((c, t) -> keys.add(key(c, t)));
        keys.sort(Comparator.comparingInt(Key::level).thenComparingDouble(Key::value));
        int rank = 0;
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            if (i > 0 && (keys.get(i - 1).level() != k.level() || keys.get(i - 1).value() != k.value())) rank = i;
            out.put(k.config(), k.level() < 0 ? Double.NEGATIVE_INFINITY : rank);
        }
        return out;
    }

    /** Level: -1 failed; 2k+1 stopped at rung k; 2k+2 passed rung k but stopped (budget) before the next; top: trained it all. */
    record Key(TrialConfig config, int level, double value) {}

    Key key(TrialConfig c, TrialRecord t) {
        if (t.state() == TrialState.FAILED) return new Key(c, -1, Double.NEGATIVE_INFINITY);
        if (t.state() == TrialState.COMPLETE && t.epochLimit() == null && !t.cutShort()) {
            return new Key(c, Integer.MAX_VALUE, spec.objective().score(t).orElse(Double.NEGATIVE_INFINITY));
        }
        PruningSettings p = spec.pruning();
        LearningCurve curve = LearningCurve.of(t);
        List<Double> rungs = p.rungs(t.config().epochs());
        int highest = -1;
        for (int k = 0; k < rungs.size(); k++) if (curve.measuredAt(rungs.get(k))) highest = k;
        double at = highest < 0 ? curve.resource() : rungs.get(highest);
        double value = curve.bestUpTo(at, p.metric(), p.goal());
        if (Double.isNaN(value)) value = Double.NEGATIVE_INFINITY;
        if (highest < 0) return new Key(c, 0, value);
        boolean passed = t.state() != TrialState.PRUNED || curve.resource() > at + EPS;
        return new Key(c, 2 * highest + (passed ? 2 : 1), value);
    }
}
