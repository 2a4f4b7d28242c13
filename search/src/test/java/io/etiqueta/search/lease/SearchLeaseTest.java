package io.etiqueta.search.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchLeaseTest {
    @TempDir Path dir;
    Store store;
    final List<String> notes = new ArrayList<>();

    Store store() {
        if (store == null) store = Stores.open(dir.resolve("store").toString());
        return store;
    }

    @AfterEach void close() { if (store != null) store.close(); }

    static Clock at(Instant t) { return Clock.fixed(t, ZoneOffset.UTC); }

    @Test void aFreshLeaseRefusesASecondOwnerNamingTheFirstAndItsHeartbeatsAge() {
        Instant t0 = Instant.parse("2026-12-03T09:00:00Z");
        try (SearchLease first = SearchLease.acquire(store(), "s1", "host-a/101", false, at(t0), notes::add)) {
            assertThat(first.held().owner()).isEqualTo("host-a/101");
            assertThatThrownBy(() -> SearchLease.acquire(store(), "s1", "host-b/202", false, at(t0.plusSeconds(30)), notes::add))
                    .isInstanceOfSatisfying(LeaseHeldException.class, e -> {
                        assertThat(e.owner()).isEqualTo("host-a/101");
                        assertThat(e.heartbeatAge()).isEqualTo(Duration.ofSeconds(30));
                    })
                    .hasMessageContaining("search s1 is being run by host-a/101 (last heartbeat 30 s ago)").hasMessageContaining("--force");
            // another search is not affected
            try (SearchLease other = SearchLease.acquire(store(), "s2", "host-b/202", false, at(t0), notes::add)) {
                assertThat(other.held().owner()).isEqualTo("host-b/202");
            }
        }
        assertThat(notes).isEmpty();
        assertThat(SearchLease.read(store(), "s1")).as("closing releases the lease").isEmpty();
        // a released lease is taken without a word
        try (SearchLease again = SearchLease.acquire(store(), "s1", "host-b/202", false, at(t0.plusSeconds(40)), notes::add)) {
            assertThat(again.held().owner()).isEqualTo("host-b/202");
        }
        assertThat(notes).isEmpty();
    }

    @Test void aStaleLeaseIsTakenOverSayingSo() {
        Instant t0 = Instant.parse("2026-12-03T09:00:00Z");
        SearchLease killed = SearchLease.acquire(store(), "s1", "host-a/101", false, at(t0), notes::add);
        // the process is "killed": no close, no more heartbeats
        Instant later = t0.plus(SearchLease.staleAfter()).plusSeconds(1);
        try (SearchLease next = SearchLease.acquire(store(), "s1", "host-b/202", false, at(later), notes::add)) {
            assertThat(next.held().owner()).isEqualTo("host-b/202");
            assertThat(notes).singleElement().asString().contains("took over the lease of search s1 from host-a/101")
                    .contains("last heartbeat was " + (SearchLease.staleAfter().toSeconds() + 1) + " s ago");
            assertThat(killed.renew()).as("the old holder finds its lease gone").isFalse();
            assertThat(killed.lost()).isEqualTo("host-b/202");
        }
        killed.close();
    }

    @Test void forceTakesAFreshLeaseAndTheOldHolderNoticesOnItsNextHeartbeat() {
        Instant t0 = Instant.parse("2026-12-03T09:00:00Z");
        try (SearchLease old = SearchLease.acquire(store(), "s1", "host-a/101", false, at(t0), notes::add)) {
            assertThat(old.renew()).isTrue();
            try (SearchLease forced = SearchLease.acquire(store(), "s1", "host-b/202", true, at(t0.plusSeconds(5)), notes::add)) {
                assertThat(notes).singleElement().asString().contains("by --force").contains("host-a/101");
                assertThat(old.renew()).isFalse();
                assertThat(old.lost()).isEqualTo("host-b/202");
                old.close(); // must not remove the new holder's lease
                assertThat(SearchLease.read(store(), "s1")).get().extracting(LeaseRecord::owner).isEqualTo("host-b/202");
                assertThat(forced.renew()).isTrue();
            }
        }
    }
}
