package io.etiqueta.search.store;

import io.etiqueta.search.spec.SearchFiles;
import io.etiqueta.search.spec.SearchSpec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When a search that says RUNNING is reported as probably interrupted (its process gone). */
class SearchStalenessTest {
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    static SearchRecord record(SearchStatus status, Instant updated) {
        String source = "name: s\ndataset: d\nstrategy: grid\nspace:\n  epochs: 1\n";
        SearchSpec spec = SearchFiles.parse(source, "s.yaml");
        return new SearchRecord(SearchRecord.FORMAT_VERSION, "s-1", "s", "s.yaml", source, spec, status, null,
                updated, updated, null, 0, 1, SearchRecord.Counts.NONE, null, null, "host:1");
    }

    @Test void aRunningSearchSilentLongerThanStaleIsStale() {
        assertThat(SearchStore.staleFor(record(SearchStatus.RUNNING, NOW.minus(Duration.ofMinutes(7))), NOW)).contains(Duration.ofMinutes(7));
        assertThat(SearchStore.staleFor(record(SearchStatus.RUNNING, NOW.minus(SearchStore.STALE)), NOW)).isEmpty();
        assertThat(SearchStore.staleFor(record(SearchStatus.RUNNING, NOW.minusSeconds(10)), NOW)).isEmpty();
    }

    @Test void onlyARunningSearchCanBeStale() {
        assertThat(SearchStore.staleFor(record(SearchStatus.STOPPED, NOW.minus(Duration.ofDays(1))), NOW)).isEmpty();
        assertThat(SearchStore.staleFor(record(SearchStatus.FINISHED, NOW.minus(Duration.ofDays(1))), NOW)).isEmpty();
    }
}
