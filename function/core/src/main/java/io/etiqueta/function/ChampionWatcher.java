package io.etiqueta.function;

import io.etiqueta.errors.Failures;
import io.etiqueta.bundle.BundleFormatException;
import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.champion.Champion;
import io.etiqueta.image.ImageDecoder;
import io.etiqueta.inference.Labeler;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the champion loaded: reads the small champion.json every poll interval and loads the bundle only when
 * the promotion sequence changes, then swaps it in atomically, so requests in flight finish on the model they
 * started with and the next one names the new version. A failed poll keeps the model already loaded (the
 * website keeps working while the store is away) and is reported by {@link #status()}; with no model loaded
 * a request re-checks at once (at most once a second) so recovery does not wait for the next poll.
 *
 * <p>A request that finds the last check older than two poll intervals checks before it answers. Nothing polls
 * while the process is frozen (a Lambda environment between invocations, or one restored from a SnapStart
 * snapshot), so without this the first request after a long quiet period would be answered by whatever
 * champion was loaded before the pause.
 */
final class ChampionWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChampionWatcher.class.getName());
    private static final Duration RECHECK_WITHOUT_MODEL = Duration.ofSeconds(1);

    private final Store store;
    private final long maxPixels;
    private final Clock clock;
    private final Duration staleAfter;
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private final ScheduledExecutorService poller;
    private volatile LabellingException lastFailure;
    private volatile Instant lastCheck = Instant.EPOCH;

    ChampionWatcher(Store store, long maxPixels, Duration pollInterval, Clock clock) {
        this.store = store;
        this.maxPixels = maxPixels;
        this.clock = clock;
        this.staleAfter = pollInterval.multipliedBy(2);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etiqueta-champion-watcher");
            t.setDaemon(true);
            return t;
        });
        refresh();
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The model to answer with, or the reason there is none. */
    ServedModel current() {
        ServedModel model = current.get();
        if (model != null && isStale()) {
            refreshIfStale();
            model = current.get();
        }
        if (model != null) return model;
        if (Duration.between(lastCheck, clock.instant()).compareTo(RECHECK_WITHOUT_MODEL) >= 0) refresh();
        model = current.get();
        if (model != null) return model;
        LabellingException failure = lastFailure;
        throw failure != null ? failure
                : new LabellingException(Problem.NO_MODEL, "no model promoted in store " + store.location()
                        + " yet: promote one with 'etiqueta promote'");
    }

    /** What the watcher knows now, for health checks. */
    Health status() {
        ServedModel model = current.get();
        LabellingException failure = lastFailure;
        return new Health(model == null ? "DOWN" : "UP", model == null ? null : model.info(),
                failure == null ? null : failure.body(), lastCheck, store.location());
    }

    private boolean isStale() {
        return Duration.between(lastCheck, clock.instant()).compareTo(staleAfter) > 0;
    }

    /** Checks once for all the requests that arrive together after a pause: the others find the check fresh. */
    private synchronized void refreshIfStale() {
        if (isStale()) refresh();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "champion check failed", e);
        }
    }

    /** Reads champion.json and loads its bundle when the sequence is new. Never throws a failure; records it. */
    synchronized void refresh() {
        lastCheck = clock.instant();
        try {
            Optional<Champion> champion = ChampionSource.read(store);
            if (champion.isEmpty()) {
                lastFailure = current.get() == null ? new LabellingException(Problem.NO_MODEL,
                        "no model promoted in store " + store.location() + " yet: promote one with 'etiqueta promote'") : null;
                return;
            }
            ServedModel served = current.get();
            if (served == null || served.champion().sequence() != champion.get().sequence()) {
                ServedModel loaded = load(champion.get());
                current.set(loaded);
                LOG.info(() -> "etiqueta: serving model " + loaded.info().modelId() + " " + loaded.info().version()
                        + " (" + loaded.info().bundleKey() + ")");
            }
            lastFailure = null;
        } catch (StoreException e) {
            lastFailure = new LabellingException(Problem.STORE_UNAVAILABLE, "the store cannot be reached: " + Failures.describe(e), e);
        } catch (LabellingException e) {
            lastFailure = e;
        } catch (RuntimeException e) {
            lastFailure = new LabellingException(Problem.MODEL_UNUSABLE, "cannot load the champion: " + e, e);
        }
    }

    private ServedModel load(Champion champion) {
        String key = champion.bundleKey();
        if (key == null || key.isBlank()) {
            throw new LabellingException(Problem.MODEL_UNUSABLE, "champion " + champion.version() + " names no bundle (bundleKey)");
        }
        Optional<InputStream> opened = store.open(key);
        if (opened.isEmpty()) {
            throw new LabellingException(Problem.MODEL_UNUSABLE, "champion " + champion.version()
                    + " points at " + key + ", which is not in store " + store.location());
        }
        try (InputStream in = new BufferedInputStream(opened.get())) {
            ModelBundle bundle = BundleIO.read(in, store.location() + "/" + key);
            return ServedModel.of(champion, new Labeler(bundle, new ImageDecoder(maxPixels)));
        } catch (BundleFormatException e) {
            throw new LabellingException(Problem.MODEL_UNUSABLE, Failures.describe(e), e);
        } catch (IOException e) {
            throw new StoreException(store.location(), key, "cannot read: " + e, e);
        }
    }

    @Override public void close() {
        poller.shutdownNow();
    }
}
