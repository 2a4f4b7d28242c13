package io.etiqueta.report;

import io.etiqueta.trial.TrialRecord;

import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a search optimised: a metric by {@link TrialRecord#metric(String)}'s names and its direction.
 * Reports rank trials by it and plot its progress.
 */
public record Objective(String metric, boolean maximize) {
    private static final Set<String> LOWER_IS_BETTER = Set.of("val_loss", "loss", "test_loss", "latency_ms", "parameters", "seconds", "epochs", "cv_loss", "cv_accuracy_std");

    public Objective {
        if (metric == null || metric.isBlank()) throw new IllegalArgumentException("objective metric is missing");
    }

    /** The metric with its natural direction: losses, latency, size and time are minimised, the rest maximised. */
    public static Objective of(String metric) { return new Objective(metric, !LOWER_IS_BETTER.contains(metric)); }

    /** The trial's value of this metric; empty when it has none or it is not a number (a diverged loss). */
    public OptionalDouble value(TrialRecord trial) {
        OptionalDouble v = trial.metric(metric);
        return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v : OptionalDouble.empty();
    }

    /** True when {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) { return maximize ? a > b : a < b; }

    @Override public String toString() { return (maximize ? "maximize " : "minimize ") + metric; }
}
