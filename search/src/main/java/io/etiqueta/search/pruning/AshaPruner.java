package io.etiqueta.search.pruning;

import io.etiqueta.search.spec.Goal;
import io.etiqueta.search.spec.PruningSettings;
import io.etiqueta.trial.Checkpoint;
import io.etiqueta.trial.TrialConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Asynchronous successive halving (ASHA; Li et al. 2020), with the decision rule of Optuna's
 * SuccessiveHalvingPruner. Rungs sit at {@code min_resource * eta^k} epochs. When a trial reaches a rung, its best
 * value so far is compared with the values at that rung of every peer that reached it (finished or still running):
 * it goes on only if it is among the best {@code floor(n / eta)} of the n trials at the rung (the best one when
 * fewer than eta have reached it). Nobody waits for anybody: early trials are judged against fewer peers, which is
 * the price of never leaving a worker idle.
 *
 * <p>With a retrain phase ({@link PruningSettings#retrains()}) the rungs are strict: fewer than eta trials at a rung
 * promote nobody, so the first trials of a search stop at the first rung instead of taking the budget unchallenged;
 * the retrain phase, not the rungs, trains the best of them to the end.
 */
final class AshaPruner implements Pruner {
    private static final double EPS = 1e-9;
    private final PruningSettings settings;

    AshaPruner(PruningSettings settings) { this.settings = settings; }

    @Override public List<Double> checkpoints(TrialConfig config, Integer epochLimit) {
        int max = epochLimit != null ? Math.min(epochLimit, config.epochs()) : config.epochs();
        return settings.rungs(max).stream().filter(r -> Math.abs(r - Math.rint(r)) > EPS).toList();
    }

    @Override public String check(LearningCurve trial, List<LearningCurve> peers) {
        double r = trial.resource();
        Integer rung = rungAt(r, trial.maxEpochs());
        if (rung == null) return null;
        String metric = settings.metric();
        Goal goal = settings.goal();
        double own = trial.bestUpTo(r, metric, goal);
        List<Double> competing = new ArrayList<>();
        for (LearningCurve p : peers) {
            if (!p.measuredAt(r)) continue;
            double v = p.bestUpTo(r, metric, goal);
            if (!Double.isNaN(v)) competing.add(v);
        }
        if (competing.size() < settings.minPeers()) return null;
        competing.add(Double.isNaN(own) ? Double.NEGATIVE_INFINITY : own);
        competing.sort(Comparator.reverseOrder());
        int n = competing.size();
        if (settings.retrains() && n < settings.eta() - EPS) {
            return String.format(Locale.ROOT, "%s %.4f at rung %d (%s epochs) among %d trial%s, fewer than the %s needed to go on (the retrain phase ranks it)",
                    metric, goal.signed(own), rung, Checkpoint.format(r), n, n == 1 ? "" : "s", Checkpoint.format(settings.eta()));
        }
        int promotable = Math.max(0, (int) Math.floor(n / settings.eta() + EPS) - 1);
        double threshold = competing.get(promotable);
        if (own >= threshold) return null;
        // the trainer records it as "pruned at <r> epochs: <this>"
        return String.format(Locale.ROOT, "%s %.4f not in the top 1/%s of the %d trials at rung %d (%s epochs; needed %.4f)",
                metric, goal.signed(own), Checkpoint.format(settings.eta()), n, rung, Checkpoint.format(r), goal.signed(threshold));
    }

    /** The index of the rung at exactly {@code r} epochs, or null when r is no rung (or the end of training). */
    private Integer rungAt(double r, int maxEpochs) {
        List<Double> rungs = settings.rungs(maxEpochs);
        for (int k = 0; k < rungs.size(); k++) if (Math.abs(rungs.get(k) - r) < EPS) return k;
        return null;
    }
}
