package io.etiqueta.cli;

import io.etiqueta.search.spec.Budget;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.execution.SearchListener;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

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
