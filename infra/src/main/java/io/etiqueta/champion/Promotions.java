package io.etiqueta.champion;

import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The champion of a store and its history. {@code champion.json} is the pointer the labelling function reads; every
 * promotion is also kept as {@code promotions/<sequence>.json} so that a previous champion can be restored.
 *
 * <p>Promotion is a compare-and-swap of {@code champion.json} from sequence n to n+1: of two promotions racing from
 * the same champion exactly one wins and the other retries from the new one, so sequences are unique and gapless
 * and the two never interleave. The history entry is written after the swap with create-if-absent; if a process
 * dies in between, the next promotion writes the missing entry from the pointer before moving on.
 */
public final class Promotions {
    private static final int MAX_ATTEMPTS = 200;
    private final Store store;
    private final Clock clock;

    public Promotions(Store store) { this(store, Clock.systemUTC()); }

    public Promotions(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The current champion, if any promotion happened. */
    /** Who promotes from this process, as promotions record it: user@host (the user alone when the host is unknown). */
    public static String currentUser() {
        String user = System.getProperty("user.name", "unknown");
        try {
            return user + "@" + java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return user;
        }
    }

    public Optional<Champion> current() {
        return store.get(StoreLayout.CHAMPION).map(b -> Json.read(b, Champion.class));
    }

    /** Every promotion, oldest first (including the current one). */
    public List<Champion> history() {
        current().ifPresent(c -> store.createIfAbsent(StoreLayout.promotion(c.sequence()), Json.bytes(c)));
        List<Champion> out = new ArrayList<>();
        for (String key : store.list(StoreLayout.PROMOTIONS)) {
            if (key.endsWith(".json")) store.get(key).ifPresent(b -> out.add(Json.read(b, Champion.class)));
        }
        out.sort(Comparator.comparingLong(Champion::sequence));
        return out;
    }

    public Optional<Champion> promotion(long sequence) {
        return store.get(StoreLayout.promotion(sequence)).map(b -> Json.read(b, Champion.class));
    }

    /**
     * Makes the candidate the champion. Its sequence, version and promotedAt are assigned here; the rest is kept.
     * Returns the champion as stored.
     */
    public Champion promote(Champion candidate) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var current = store.getVersioned(StoreLayout.CHAMPION);
            boolean swapped;
            Champion next;
            if (current.isPresent()) {
                Champion now = Json.read(current.get().content(), Champion.class);
                store.createIfAbsent(StoreLayout.promotion(now.sequence()), current.get().content()); // repair a lost history entry
                next = numbered(candidate, now.sequence() + 1);
                swapped = store.replace(StoreLayout.CHAMPION, Json.bytes(next), current.get().version());
            } else {
                long last = history().stream().mapToLong(Champion::sequence).max().orElse(0);
                next = numbered(candidate, last + 1);
                swapped = store.createIfAbsent(StoreLayout.CHAMPION, Json.bytes(next));
            }
            if (swapped) {
                store.createIfAbsent(StoreLayout.promotion(next.sequence()), Json.bytes(next));
                return next;
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 + Math.min(attempt, 20) * 2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while promoting", e);
            }
        }
        throw new IllegalStateException("could not promote in store " + store.location() + ": champion.json kept changing under " + MAX_ATTEMPTS + " attempts");
    }

    /** Promotes again the champion of an earlier promotion, as a new promotion (the history only grows). */
    public Champion restore(long sequence, String promotedBy) {
        Champion old = promotion(sequence).orElseThrow(() -> new IllegalArgumentException(
                "no promotion " + sequence + " in store " + store.location() + " (see 'etiqueta champion --history')"));
        return promote(new Champion(0, null, old.bundleKey(), old.modelId(), old.searchId(), old.trialId(), old.dataset(),
                old.testAccuracy(), old.valAccuracy(), null, promotedBy, "restored " + old.version()));
    }

    private Champion numbered(Champion c, long sequence) {
        return new Champion(sequence, "v" + sequence, c.bundleKey(), c.modelId(), c.searchId(), c.trialId(), c.dataset(),
                c.testAccuracy(), c.valAccuracy(), Instant.now(clock), c.promotedBy(), c.note());
    }
}
