package io.etiqueta.search.execution;

import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;

import java.time.Clock;
import java.time.Duration;

/**
 * Whether a search's hours budget is spent, as a running trial sees it wherever it trains (a thread of the
 * coordinator or a remote worker): the running time stored in {@code search.json} ({@code elapsedSeconds}, rewritten
 * with {@code updated} by the coordinator's heartbeat and after every trial) plus the time since that write while
 * the search is running. A search whose coordinator was killed keeps counting until its budget, so its orphaned
 * trials stop there too. Re-read at most every {@value #REFRESH_MS} ms (a trial asks at every epoch and checkpoint).
 */
final class TimeBudget {
    static final long REFRESH_MS = 1000;
    private final SearchStore searches;
    private final String searchId;
    private final double budgetSeconds;
    private final String reason;
    private final Clock clock;
    private SearchRecord last;
    private long lastRead;

    private TimeBudget(SearchStore searches, SearchRecord search, double hours, Clock clock) {
        this.searches = searches;
        this.searchId = search.id();
        this.budgetSeconds = hours * 3600;
        this.reason = BudgetCheck.hoursReason(hours);
        this.clock = clock;
        this.last = search;
        this.lastRead = System.nanoTime();
    }

    /** The search's time budget, or null when it has none (or the search is not in the store). */
    static TimeBudget of(SearchStore searches, String searchId, Clock clock) {
        SearchRecord search = searches.load(searchId).orElse(null);
        if (search == null || search.spec() == null || search.spec().budget() == null || search.spec().budget().hours() == null) return null;
        return new TimeBudget(searches, search, search.spec().budget().hours(), clock);
    }

    /** "budget: 2 hours" once the search's running time reached its budget, else null. */
    synchronized String spent() {
        if (System.nanoTime() - lastRead > REFRESH_MS * 1_000_000) {
            last = searches.load(searchId).orElse(last);
            lastRead = System.nanoTime();
        }
        double elapsed = last.elapsedSeconds();
        if (last.status() == SearchStatus.RUNNING && last.updated() != null) {
            elapsed += Math.max(0, Duration.between(last.updated(), clock.instant()).toMillis() / 1000.0);
        }
        return elapsed >= budgetSeconds ? reason : null;
    }
}
