package io.etiqueta.function;

import io.etiqueta.image.ImageDecoder;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The champion check on the first request after a long quiet period. The poll interval is an hour and the clock is
 * the test's, so the poller never runs here: what the requests see is decided by the check alone, as in a Lambda
 * environment thawed (or restored from a snapshot) after nothing polled while it was frozen.
 */
class ChampionWatcherTest {
    private static final Duration POLL = Duration.ofHours(1);

    @TempDir Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));

    @Test void theFirstRequestAfterAQuietPeriodIsAnsweredByTheChampionPromotedDuringIt() {
        Path folder = dir.resolve("store");
        TestBundles.promote(folder, TestBundles.colours(), "t1", 1);
        try (Store store = Stores.open(folder.toString()); ChampionWatcher watcher = watcher(store)) {
            assertThat(watcher.current().info().version()).isEqualTo("v1");
            TestBundles.promote(folder, TestBundles.coloursAgain("colours-v2"), "t2", 2);

            // within two poll intervals of the last check, requests do not pay for a check
            clock.advance(Duration.ofMinutes(119));
            assertThat(watcher.current().info().version()).isEqualTo("v1");
            assertThat(watcher.status().lastCheck()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));

            // past them (a frozen environment's pause), the request checks first and gets the new champion
            clock.advance(Duration.ofMinutes(2));
            ServedModel served = watcher.current();
            assertThat(served.info().version()).isEqualTo("v2");
            assertThat(served.info().modelId()).isEqualTo("colours-v2");
            assertThat(watcher.status().lastCheck()).isEqualTo(clock.instant());
        }
    }

    @Test void aCheckAfterAPauseThatCannotReachTheStoreKeepsServingTheLoadedModelAndSaysSo() throws Exception {
        Path folder = dir.resolve("store");
        TestBundles.promote(folder, TestBundles.colours(), "t1", 1);
        try (Store store = Stores.open(folder.toString()); ChampionWatcher watcher = watcher(store)) {
            assertThat(watcher.current().info().version()).isEqualTo("v1");
            // the store's folder replaced by a file: every read fails as an unreachable store's does
            Files.move(folder, dir.resolve("away"));
            Files.writeString(folder, "not a folder");

            clock.advance(Duration.ofHours(3));
            Instant checkedAt = clock.instant();
            assertThat(watcher.current().info().version()).isEqualTo("v1");
            assertThat(watcher.status().lastError().code()).isEqualTo("STORE_UNAVAILABLE");
            assertThat(watcher.status().lastCheck()).isEqualTo(checkedAt);

            // the failed check counts as a check: the next requests do not retry it one by one
            clock.advance(Duration.ofMinutes(5));
            assertThat(watcher.current().info().version()).isEqualTo("v1");
            assertThat(watcher.status().lastCheck()).isEqualTo(checkedAt);
        }
    }

    private ChampionWatcher watcher(Store store) {
        return new ChampionWatcher(store, ImageDecoder.DEFAULT_MAX_PIXELS, POLL, clock);
    }

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) { this.now = start; }

        void advance(Duration by) { now = now.plus(by); }

        @Override public Instant instant() { return now; }

        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }
}
