package io.etiqueta.search.lease;

import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A held lease on a search ({@code searches/<id>/lease.json}), taken by compare-and-swap. Its holder renews the
 * heartbeat with the search's own heartbeat ({@link #renew()}, by compare-and-swap too, so a holder notices at once
 * when another process took the lease with {@code --force}: {@link #lost()}). A lease whose heartbeat is older than
 * {@link #staleAfter()} belongs to a process that is gone (killed, its machine lost) and is taken over, saying so.
 * {@link #close()} releases the lease if it is still ours.
 *
 * <p>Ages compare the holder's clock with the reader's: hosts sharing a store should keep their clocks in sync (NTP);
 * the default 90 s is three of the search's 30 s heartbeats, generous against both skew and a store slow for a while.
 */
public final class SearchLease implements AutoCloseable {
    /** The system property that sets {@link #staleAfter()} in seconds (tests shorten it). */
    public static final String STALE_PROPERTY = "etiqueta.lease.staleSeconds";
    public static final long DEFAULT_STALE_SECONDS = 90;

    private final Store store;
    private final String key;
    private final String searchId;
    private final Clock clock;
    private LeaseRecord held;
    private String version;
    private volatile String lostTo;
    private boolean closed;
    /** Releases the lease when the process is interrupted (Ctrl-C, SIGTERM), so a resume right after needs no --force. */
    private final Thread releaseOnExit;

    private SearchLease(Store store, String searchId, Clock clock, LeaseRecord held, String version) {
        this.store = store;
        this.key = key(searchId);
        this.searchId = searchId;
        this.clock = clock;
        this.held = held;
        this.version = version;
        this.releaseOnExit = new Thread(this::release, "etiqueta-lease-release-" + searchId);
        Runtime.getRuntime().addShutdownHook(releaseOnExit);
    }

    /** How old a heartbeat must be for its lease to count as abandoned: 90 s, or {@value #STALE_PROPERTY}. */
    public static Duration staleAfter() {
        return Duration.ofSeconds(Long.getLong(STALE_PROPERTY, DEFAULT_STALE_SECONDS));
    }

    public static String key(String searchId) { return StoreLayout.searchPrefix(searchId) + "lease.json"; }

    /** The lease as stored now, if someone holds it (for {@code search status}). */
    public static Optional<LeaseRecord> read(Store store, String searchId) {
        return store.get(key(searchId)).map(b -> Json.read(b, LeaseRecord.class)).filter(LeaseRecord::held);
    }

    /**
     * Takes the lease for {@code owner}: when nobody holds it, when its holder's heartbeat is stale, or, with
     * {@code force}, in any case; else throws {@link LeaseHeldException}. Take-overs are reported to {@code notes}.
     */
    public static SearchLease acquire(Store store, String searchId, String owner, boolean force, Clock clock, Consumer<String> notes) {
        String key = key(searchId);
        Duration staleAfter = staleAfter();
        for (int attempt = 0; attempt < 5; attempt++) {
            Instant now = clock.instant();
            LeaseRecord mine = new LeaseRecord(owner, UUID.randomUUID().toString(), now, now, null);
            var current = store.getVersioned(key);
            if (current.isEmpty()) {
                if (store.createIfAbsent(key, Json.bytes(mine))) return new SearchLease(store, searchId, clock, mine, versionOf(store, key, searchId, mine));
                continue;
            }
            LeaseRecord theirs = Json.read(current.get().content(), LeaseRecord.class);
            Duration age = theirs.age(now);
            boolean stale = age.compareTo(staleAfter) > 0;
            if (theirs.held() && !stale && !force) throw new LeaseHeldException(searchId, theirs.owner(), age, staleAfter);
            if (store.replace(key, Json.bytes(mine), current.get().version())) {
                if (theirs.held()) notes.accept(stale
                        ? "took over the lease of search " + searchId + " from " + theirs.owner() + ", whose last heartbeat was "
                                + age.toSeconds() + " s ago (stale after " + staleAfter.toSeconds() + " s)"
                        : "took the lease of search " + searchId + " from " + theirs.owner() + " by --force (its last heartbeat was "
                                + age.toSeconds() + " s ago); if that process still runs, it stops before its next trial");
                return new SearchLease(store, searchId, clock, mine, versionOf(store, key, searchId, mine));
            }
        }
        LeaseRecord winner = read(store, searchId).orElse(null);
        throw winner == null ? new IllegalStateException("cannot take the lease of search " + searchId + ": it keeps changing")
                : new LeaseHeldException(searchId, winner.owner(), winner.age(clock.instant()), staleAfter);
    }

    /** The version (etag) of the lease just written, read back: a store's write does not return it. */
    private static String versionOf(Store store, String key, String searchId, LeaseRecord mine) {
        var now = store.getVersioned(key).orElseThrow(() -> new IllegalStateException("the lease " + key + " vanished right after it was taken"));
        LeaseRecord stored = Json.read(now.content(), LeaseRecord.class);
        if (!stored.token().equals(mine.token())) throw new LeaseHeldException(searchId, stored.owner(), Duration.ZERO, staleAfter());
        return now.version();
    }

    public LeaseRecord held() { return held; }

    /** Non-null once another process has taken the lease: its owner. The holder must stop starting trials. */
    public String lost() { return lostTo; }

    /**
     * Renews the heartbeat (called with the search's heartbeat); false when the lease was lost. A store outage
     * throws: the next beat tries again, and the lease goes stale only after {@link #staleAfter()} without one.
     */
    public synchronized boolean renew() {
        if (lostTo != null) return false;
        LeaseRecord next = held.renewed(clock.instant());
        if (write(next)) return true;
        lostTo = read(store, searchId).map(LeaseRecord::owner).orElse("nobody (the lease was released or removed)");
        return false;
    }

    /**
     * Whether the lease is still ours, read from the store without writing (the holder asks before starting each
     * trial, so a take-over by {@code --force} is seen at once rather than at the next heartbeat).
     */
    public boolean stillHeld() {
        if (lostTo != null) return false;
        LeaseRecord current;
        try {
            current = store.get(key).map(b -> Json.read(b, LeaseRecord.class)).orElse(null);
        } catch (RuntimeException storeDown) {
            return true; // an outage takes nobody's lease: the heartbeat finds out when the store is back
        }
        if (current != null && current.held() && current.token().equals(held.token())) return true;
        lostTo = current == null || !current.held() ? "nobody (the lease was released or removed)" : current.owner();
        return false;
    }

    /** Replaces our lease by compare-and-swap; false when it is not ours any more. */
    private boolean write(LeaseRecord next) {
        if (!store.replace(key, Json.bytes(next), version)) return false;
        held = next;
        version = store.getVersioned(key).filter(v -> Json.read(v.content(), LeaseRecord.class).token().equals(next.token()))
                .map(Store.Versioned::version).orElse(version);
        return true;
    }

    /** Releases the lease if it is still ours (by compare-and-swap: a lease another process took stays theirs). */
    @Override public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(releaseOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook releases it
        }
        release();
    }

    private synchronized void release() {
        if (closed || lostTo != null) return;
        closed = true;
        try {
            write(held.releasedAt(clock.instant()));
        } catch (RuntimeException e) {
            // a store outage (or a process exiting): left behind, it goes stale and the next resume takes it over
        }
    }
}
