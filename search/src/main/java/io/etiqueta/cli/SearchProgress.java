package io.etiqueta.cli;

import io.etiqueta.search.spec.Budget;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.execution.SearchListener;
import io.etiqueta.search.store.TrialProgress;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Shows a running search: on a terminal one status line rewritten in place (trials done, best so far, elapsed and
 * budget left) with a line per finished trial above it; otherwise plain timestamped log lines.
 */
final class SearchProgress implements SearchListener {
    private final PrintWriter out;
    private final boolean terminal;
    private int lastWidth;

    SearchProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override public synchronized void started(SearchRecord s, int replayed) {
        log("search " + s.id() + " (" + s.spec().strategy().id() + ", " + s.spec().workers() + " worker" + (s.spec().workers() == 1 ? "" : "s")
                + ", store trials kept: " + replayed + ")");
        status(s);
    }

    @Override public synchronized void trialStarted(SearchRecord s, int number, TrialConfig config) {
        if (!terminal) log(String.format(Locale.ROOT, "trial t%04d started: %s", number, config.summary()));
    }

    @Override public synchronized void trialFinished(SearchRecord s, TrialRecord t) {
        String metric = s.spec().objective().metric();
        var v = t.metric(metric);
        String value = v.isPresent() ? String.format(Locale.ROOT, " %s=%.4f", metric, v.getAsDouble()) : "";
        String why = t.stopReason() == null ? "" : " (" + t.stopReason() + ")";
        log(String.format("trial %s %s%s%s | %s | %s", t.id(), t.state().id(), value, why, t.config().summary(), summary(s)));
        status(s);
    }

    @Override public synchronized void note(String message) {
        log(message);
    }

    @Override public synchronized void ended(SearchRecord s) {
        log("search " + s.id() + " " + s.status().id() + (s.statusReason() == null ? "" : ": " + s.statusReason()) + " | " + summary(s));
    }

    static String summary(SearchRecord s) {
        var c = s.counts();
        Budget b = s.spec().budget();
        StringBuilder sb = new StringBuilder();
        sb.append(c.trials()).append(b.trials() == null ? "" : "/" + b.trials()).append(" trials (")
                .append(c.complete()).append(" complete, ").append(c.pruned()).append(" pruned, ").append(c.failed()).append(" failed");
        if (c.cacheHits() > 0) sb.append(", ").append(c.cacheHits()).append(" cached");
        sb.append(')');
        if (s.bestTrialId() != null) {
            sb.append(String.format(Locale.ROOT, ", best %s=%.4f (%s)", s.spec().objective().metric(), s.bestValue(), s.bestTrialId()));
        }
        sb.append(", ").append(duration(s.elapsedSeconds())).append(" elapsed");
        if (b.hours() != null) sb.append(", ").append(duration(Math.max(0, b.hours() * 3600 - s.elapsedSeconds()))).append(" left");
        if (b.epochs() != null) sb.append(", ").append(Math.max(0, b.epochs() - c.epochsTrained())).append(" epochs left");
        return sb.toString();
    }

    /**
     * A running trial's row in {@code search status}, from its progress file: the epoch reached out of its maximum,
     * the last validation value (the objective's metric when that is {@code val_loss}, else {@code val_accuracy}) and
     * how long ago the progress was written, before the configuration:
     * {@code t0003  running         0.8123 2 of 10           epoch 2/10, val_accuracy 0.8123, 14 s ago | mlp 256 ...}.
     * Without a progress file yet: {@code epoch 0/10, started 5 s ago}.
     */
    static String runningTrial(TrialRecord t, Optional<TrialProgress> progress, String metric, Instant now) {
        String valMetric = metric.equals("val_loss") ? "val_loss" : "val_accuracy";
        int maxEpochs = progress.map(TrialProgress::maxEpochs).filter(m -> m > 0).orElse(t.config().epochs());
        int done = progress.map(TrialProgress::epoch).orElse(0);
        String value = "-";
        String where;
        if (progress.isPresent() && !progress.get().epochs().isEmpty()) {
            TrialProgress p = progress.get();
            EpochMetrics last = p.epochs().getLast();
            value = String.format(Locale.ROOT, "%.4f", valMetric.equals("val_loss") ? last.valLoss() : last.valAccuracy());
            where = String.format(Locale.ROOT, "epoch %d/%d, %s %s, %s ago", done, maxEpochs, valMetric, value, age(ageSeconds(p.updated(), now)));
        } else {
            where = String.format(Locale.ROOT, "epoch %d/%d, started %s ago", done, maxEpochs, age(ageSeconds(t.started(), now)));
        }
        return String.format(Locale.ROOT, "%-6s %-9s %12s %-16s  %s | %s", t.id(), t.state().id(), metric.equals(valMetric) ? value : "-",
                done + " of " + maxEpochs, where, t.config().summary());
    }

    private static long ageSeconds(Instant then, Instant now) {
        return then == null ? 0 : Math.max(0, Duration.between(then, now).toSeconds());
    }

    /** A short age: "14 s", "3 min 20 s", "2:05:00". */
    static String age(long seconds) {
        if (seconds < 60) return seconds + " s";
        if (seconds < 3600) return (seconds / 60) + " min " + (seconds % 60) + " s";
        return duration(seconds);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private void log(String line) {
        if (terminal) {
            clear();
            out.println(line);
        } else {
            out.println(Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z") + " " + line);
        }
        out.flush();
    }

    private void status(SearchRecord s) {
        if (!terminal) return;
        String line = "[" + summary(s) + "]";
        out.print("\r" + line);
        lastWidth = line.length();
        out.flush();
    }

    private void clear() {
        if (lastWidth > 0) out.print("\r" + " ".repeat(lastWidth) + "\r");
        lastWidth = 0;
    }
}
