package io.etiqueta.search.execution;

import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A store that rides out an outage: once the store has answered at least once, a failing operation is retried with
 * a growing pause (1 s doubling to 1 min; the first pause is {@value #FIRST_PAUSE_ENV} or the
 * {@value #FIRST_PAUSE_PROPERTY} property) until it succeeds or the patience is spent (default 15 minutes,
 * {@value #PATIENCE_ENV} or the {@value #PATIENCE_PROPERTY} property: {@code 90s}, {@code 15m}, {@code 1h} or plain
 * seconds), and only then fails. A search and its trials keep their state meanwhile: nothing trained is thrown
 * away because the store blinked. Before the first success errors surface at once, so a wrong bucket or missing
 * credentials are reported immediately rather than after the patience. One line says when an outage starts and
 * one when the store is back (on stderr, or to the given notices).
 *
 * <p>Compare-and-swap stays safe when retried: the stores look at the object after a broken connection, and a
 * trial's final record is written once (a retried write that finds it final reports so).
 */
public final class PatientStore implements Store {
    public static final String PATIENCE_ENV = "ETIQUETA_STORE_PATIENCE";
    public static final String PATIENCE_PROPERTY = "etiqueta.store.patience";
    public static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(15);
    /** The first pause after a failure (then doubling): tests shorten it; {@code 1s} by default. */
    public static final String FIRST_PAUSE_ENV = "ETIQUETA_STORE_FIRST_PAUSE";
    public static final String FIRST_PAUSE_PROPERTY = "etiqueta.store.firstPause";
    private static final Duration DEFAULT_FIRST_PAUSE = Duration.ofSeconds(1);
    private static final long LONGEST_PAUSE_MS = 60_000;

    private final Store store;
    private final Duration patience;
    private final long firstPauseMs;
    private final Consumer<String> notices;
    private volatile boolean answeredOnce;
    private final AtomicInteger failures = new AtomicInteger();
    /** When the current outage began (System.nanoTime), 0 while the store answers. */
    private final AtomicLong outageSince = new AtomicLong();

    public PatientStore(Store store, Duration patience) { this(store, patience, DEFAULT_FIRST_PAUSE, System.err::println); }

    /** @param notices where the outage's two lines go (start, and back) */
    public PatientStore(Store store, Duration patience, Duration firstPause, Consumer<String> notices) {
        this.store = store;
        this.patience = patience;
        this.firstPauseMs = Math.max(1, firstPause.toMillis());
        this.notices = notices;
    }

    /** The store with the configured patience and first pause (environment or system property, else 15 minutes and 1 s). */
    public static Store of(Store store) { return of(store, System.err::println); }

    /** As {@link #of(Store)}, the outage's lines going to {@code notices} (a command's error writer). */
    public static Store of(Store store, Consumer<String> notices) {
        return store instanceof PatientStore ? store : new PatientStore(store, configuredPatience(), configuredFirstPause(), notices);
    }

    public static Duration configuredPatience() {
        String v = System.getProperty(PATIENCE_PROPERTY, System.getenv(PATIENCE_ENV));
        return v == null || v.isBlank() ? DEFAULT_PATIENCE : parse(v);
    }

    static Duration configuredFirstPause() {
        String v = System.getProperty(FIRST_PAUSE_PROPERTY, System.getenv(FIRST_PAUSE_ENV));
        return v == null || v.isBlank() ? DEFAULT_FIRST_PAUSE : parse(v);
    }

    /** Failed operations that were retried so far (each retry of each operation counts). */
    public int failures() { return failures.get(); }

    /** {@code 90}, {@code 90s}, {@code 15m} or {@code 1h}. */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("h")) return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PATIENCE_ENV + ": expected a duration like 90s, 15m or 1h, got '" + text + "'");
        }
    }

    public Duration patience() { return patience; }

    public Store underlying() { return store; }

    private <T> T patiently(Supplier<T> operation) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = firstPauseMs;
        while (true) {
            try {
                T result = operation.get();
                answeredOnce = true;
                long since = outageSince.getAndSet(0);
                if (since != 0) notices.accept("etiqueta: the store " + store.location() + " answers again after "
                        + seconds(System.nanoTime() - since) + " s");
                return result;
            } catch (StoreException | UncheckedIOException e) {
                if (!answeredOnce || System.nanoTime() + pause * 1_000_000 > deadline) throw e;
                failures.incrementAndGet();
                if (outageSince.compareAndSet(0, System.nanoTime())) {
                    notices.accept("etiqueta: the store " + store.location() + " does not answer (" + firstLine(e)
                            + "); retrying with growing pauses for up to " + patience.toString().substring(2).toLowerCase(Locale.ROOT)
                            + " (" + PATIENCE_ENV + ")");
                }
                try {
                    Thread.sleep(pause); // backing off from a store that is down, not waiting for a condition
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
            }
        }
    }

    private static long seconds(long nanos) { return Math.round(nanos / 1e9); }

    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }

    private void patiently(Runnable operation) {
        patiently(() -> {
            operation.run();
            return null;
        });
    }

    @Override public String location() { return store.location(); }
    @Override public void put(String key, byte[] content) { patiently(() -> store.put(key, content)); }
    @Override public void put(String key, Path file) { patiently(() -> store.put(key, file)); }
    @Override public Optional<byte[]> get(String key) { return patiently(() -> store.get(key)); }
    @Override public Optional<InputStream> open(String key) { return patiently(() -> store.open(key)); }
    @Override public boolean exists(String key) { return patiently(() -> store.exists(key)); }
    @Override public List<String> list(String prefix) { return patiently(() -> store.list(prefix)); }
    @Override public void delete(String key) { patiently(() -> store.delete(key)); }
    @Override public boolean createIfAbsent(String key, byte[] content) { return patiently(() -> store.createIfAbsent(key, content)); }
    @Override public Optional<Versioned> getVersioned(String key) { return patiently(() -> store.getVersioned(key)); }
    @Override public boolean replace(String key, byte[] content, String expectedVersion) { return patiently(() -> store.replace(key, content, expectedVersion)); }
    @Override public void close() { store.close(); }
}
