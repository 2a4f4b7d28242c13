package io.etiqueta.search.execution;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rewrites search.json on a timer, so that its {@code updated} shows the search is alive even while every trial is
 * inside a long epoch (nothing else would write it then). Every {@value #DEFAULT_SECONDS} s by default, or the
 * {@code etiqueta.heartbeat.seconds} property.
 */
final class Heartbeat implements AutoCloseable {
    static final long DEFAULT_SECONDS = 30;
    private final ScheduledExecutorService timer;

    Heartbeat(Runnable beat) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etiqueta-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = period().toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                beat.run();
            } catch (RuntimeException e) {
                // a failed beat (store down beyond patience) is not fatal here: the coordinator's own writes report it
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    static Duration period() {
        return Duration.ofMillis((long) (Double.parseDouble(System.getProperty("etiqueta.heartbeat.seconds", String.valueOf(DEFAULT_SECONDS))) * 1000));
    }

    @Override public void close() { timer.shutdownNow(); }
}
