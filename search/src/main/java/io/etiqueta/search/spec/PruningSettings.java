package io.etiqueta.search.spec;

import io.etiqueta.trial.Metric;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Multi-fidelity pruning: how a running trial is judged against its peers while it trains.
 * <ul>
 * <li>{@code median}: at epoch e, after the warm-up, a trial whose best value so far of {@code metric} is worse than
 * the median of its peers' best values up to the same epoch is stopped.</li>
 * <li>{@code asha} (asynchronous successive halving): rungs at {@code minResource * eta^k} epochs (a rung may be a
 * fraction of an epoch: the trainer measures validation after that share of the epoch's batches); a trial reaching
 * a rung goes on only if it is in the top 1/eta of all trials that reached that rung so far (Optuna's
 * SuccessiveHalvingPruner), with no waiting for the others.</li>
 * </ul>
 *
 * @param warmupEpochs median: no trial is pruned before finishing this many epochs
 * @param minPeers     no decision until this many peers reached the epoch (median) or rung (asha: Optuna's
 *                     bootstrap_count)
 * @param metric       a per-epoch metric (val_accuracy, val_loss, accuracy, loss; asha: val_accuracy or val_loss,
 *                     the two measured at rungs inside an epoch)
 * @param eta          asha: the reduction factor, at least 2
 * @param minResource  asha: the first rung, in epochs (0.25 = a quarter of the first epoch's data)
 * @param retrain      asha under a time budget: the share of the budget's hours, at its end, that retrains the best
 *                     configurations the rungs found, from scratch, for as many epochs as fit; the rungs are then
 *                     strict (a trial goes past a rung only among the top 1/eta of at least eta trials there), so
 *                     no early trial takes the budget unchallenged. Null: plain ASHA, no retrain phase
 */
public record PruningSettings(Rule rule, int warmupEpochs, int minPeers, String metric, Goal goal, double eta, double minResource, Double retrain) {
    public static final double DEFAULT_ETA = 3;
    public static final double DEFAULT_MIN_RESOURCE = 0.25;

    public enum Rule {
        NONE, MEDIAN, ASHA;

        @JsonValue public String id() { return name().toLowerCase(Locale.ROOT); }

        @JsonCreator public static Rule parse(String v) {
            String s = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
            if (s.equals("off")) return NONE;
            for (Rule r : values()) if (r.id().equals(s)) return r;
            throw new IllegalArgumentException("unknown pruning rule '" + v + "' (use asha, median or none)");
        }
    }

    public PruningSettings {
        if (rule == null) rule = Rule.NONE;
        if (warmupEpochs < 1) throw new IllegalArgumentException("warmup_epochs must be at least 1, got " + warmupEpochs);
        if (minPeers < (rule == Rule.ASHA ? 0 : 1)) {
            throw new IllegalArgumentException("min_peers must be at least " + (rule == Rule.ASHA ? 0 : 1) + ", got " + minPeers);
        }
        if (!Metric.epochIds().contains(metric)) {
            throw new IllegalArgumentException("pruning metric must be one reported every epoch (" + String.join(", ", Metric.epochIds()) + "), got '" + metric + "'");
        }
        if (rule == Rule.ASHA && !metric.startsWith("val_")) {
            throw new IllegalArgumentException("asha pruning compares a validation metric (val_accuracy or val_loss), measured at every rung, got '" + metric + "'");
        }
        if (!(eta >= 2) || eta > 100) throw new IllegalArgumentException("eta must be in 2..100, got " + eta);
        if (!(minResource > 0) || minResource > 1000) throw new IllegalArgumentException("min_resource must be a positive number of epochs, got " + minResource);
        if (retrain != null && rule != Rule.ASHA) throw new IllegalArgumentException("retrain applies to asha pruning only (this is " + rule.id() + ")");
        if (retrain != null && !(retrain > 0 && retrain < 1)) throw new IllegalArgumentException("retrain must be a share of the time budget between 0 and 1 (0.6 = its last 60 %), got " + retrain);
        if (goal == null) goal = Goal.natural(metric);
    }

    public PruningSettings(Rule rule, int warmupEpochs, int minPeers, String metric, Goal goal, double eta, double minResource) {
        this(rule, warmupEpochs, minPeers, metric, goal, eta, minResource, null);
    }

    public PruningSettings(Rule rule, int warmupEpochs, int minPeers, String metric, Goal goal) {
        this(rule, warmupEpochs, minPeers, metric, goal, DEFAULT_ETA, DEFAULT_MIN_RESOURCE);
    }

    public static PruningSettings none() { return new PruningSettings(Rule.NONE, 1, 3, "val_accuracy", Goal.MAXIMIZE); }

    /** ASHA with Optuna's defaults for the decision (no bootstrap) and a quarter-epoch first rung. */
    public static PruningSettings asha(String metric) {
        return new PruningSettings(Rule.ASHA, 1, 0, metric, null, DEFAULT_ETA, DEFAULT_MIN_RESOURCE);
    }

    public boolean enabled() { return rule != Rule.NONE; }

    /** Whether the end of the time budget retrains the best configurations (and the rungs are strict). */
    public boolean retrains() { return retrain != null; }

    /** asha: the rungs below {@code maxEpochs} (reaching the last epoch ends training anyway), in order; else none. */
    public List<Double> rungs(int maxEpochs) {
        List<Double> out = new ArrayList<>();
        if (rule != Rule.ASHA) return out;
        for (int k = 0; ; k++) {
            double r = rung(k);
            if (r >= maxEpochs - 1e-9) return out;
            out.add(r);
        }
    }

    /** asha: the k-th rung in epochs, rounded to 9 decimals so that checkpoints and comparisons agree exactly. */
    public double rung(int k) {
        return Math.round(minResource * Math.pow(eta, k) * 1e9) / 1e9;
    }
}
