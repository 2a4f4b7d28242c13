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
 *
 * <p>With a retrain phase ({@code pruning.retrain}) the strategy's trials end where exploration ends, so that the
 * phase's slots and candidates are not held up by a trial between two distant rungs; retrains run to the end.
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

    /** Whether this is an exploration trial's budget (it ends where the retrain phase begins). */
    boolean exploration() { return exploration; }

    private final boolean exploration;

    private TimeBudget(SearchStore searches, SearchRecord search, double seconds, String reason, boolean exploration, Clock clock) {
        this.exploration = exploration;
        this.searches = searches;
        this.searchId = search.id();
        this.budgetSeconds = seconds;
        this.reason = reason;
        this.clock = clock;
        this.last = search;
        this.lastRead = System.nanoTime();
    }

    /**
     * The time budget of a trial of the search, or null when the search has none (or is not in the store).
     *
     * @param exploring a trial the strategy proposed (not a retrain): under a retrain phase it ends where that begins
     */
    static TimeBudget of(SearchStore searches, String searchId, Clock clock, boolean exploring) {
        SearchRecord search = searches.load(searchId).orElse(null);
        if (search == null || search.spec() == null || search.spec().budget() == null || search.spec().budget().hours() == null) return null;
        double hours = search.spec().budget().hours();
        Double share = search.spec().pruning() == null ? null : search.spec().pruning().retrain();
        // a trial the strategy proposed in the retrain phase itself (no candidate was left) trains to the end
        if (exploring && share != null && running(search, clock) < hours * 3600 * (1 - share)) {
            return new TimeBudget(searches, search, hours * 3600 * (1 - share), String.format(java.util.Locale.ROOT,
                    "exploration over (the last %s %% of the budget, %s of %s, retrain the best configurations)",
                    BudgetCheck.plain(Math.round(share * 1000) / 10.0), BudgetPlanner.duration(hours * 3600 * share), BudgetPlanner.duration(hours * 3600)), true, clock);
        }
        return new TimeBudget(searches, search, hours * 3600, BudgetCheck.hoursReason(hours), false, clock);
    }

    /** "budget: 2 hours" once the search's running time reached its budget, else null. */
    synchronized String spent() {
        if (System.nanoTime() - lastRead > REFRESH_MS * 1_000_000) {
            last = searches.load(searchId).orElse(last);
            lastRead = System.nanoTime();
        }
        return running(last, clock) >= budgetSeconds ? reason : null;
    }

    /** The search's running time: as of its last write, plus the time since while it runs. */
    private static double running(SearchRecord search, Clock clock) {
        double elapsed = search.elapsedSeconds();
        if (search.status() == SearchStatus.RUNNING && search.updated() != null) {
            elapsed += Math.max(0, Duration.between(search.updated(), clock.instant()).toMillis() / 1000.0);
        }
        return elapsed;
    }
}
