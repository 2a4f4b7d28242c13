package io.etiqueta.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link Store} must do; run against each implementation by a subclass. */
abstract class StoreContract {
    static final int RACERS = 8;

    @TempDir Path tmp;
    Store store;

    /** A fresh, empty store. */
    abstract Store newStore() throws Exception;

    @BeforeEach void open() throws Exception { store = newStore(); }

    @AfterEach void closeStore() { if (store != null) store.close(); }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] b) throws Exception { return MessageDigest.getInstance("SHA-256").digest(b); }

    @Test void putThenGetReturnsTheBytes() {
        store.put("trials/t1/trial.json", bytes("{\"id\":\"t1\"}"));
        assertThat(store.get("trials/t1/trial.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("{\"id\":\"t1\"}")));
        assertThat(store.exists("trials/t1/trial.json")).isTrue();
    }

    @Test void putReplacesTheWholeObject() {
        store.put("a/b.txt", bytes("a long first version"));
        store.put("a/b.txt", bytes("short"));
        assertThat(store.get("a/b.txt")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("short")));
    }

    @Test void emptyObjectsAreObjects() {
        store.put("empty", new byte[0]);
        assertThat(store.get("empty")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(store.exists("empty")).isTrue();
    }

    @Test void missingKeysAreEmptyNotErrors() throws Exception {
        assertThat(store.get("no/such/key")).isEmpty();
        assertThat(store.open("no/such/key")).isEmpty();
        assertThat(store.getVersioned("no/such/key")).isEmpty();
        assertThat(store.exists("no/such/key")).isFalse();
        assertThat(store.list("no/such/")).isEmpty();
        store.delete("no/such/key");
        assertThat(store.replace("no/such/key", bytes("x"), "some-version")).isFalse();
        assertThat(store.exists("no/such/key")).isFalse();
    }

    @Test void putFileAndOpenStream() throws Exception {
        Path file = tmp.resolve("bundle.etq");
        byte[] content = random(300_000, 1);
        Files.write(file, content);
        store.put("trials/t1/bundle.etq", file);
        try (InputStream in = store.open("trials/t1/bundle.etq").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test void putOfAMissingFileNamesTheFileAndKey() {
        Path missing = tmp.resolve("nope.etq");
        assertThatThrownBy(() -> store.put("k/bundle.etq", missing))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("k/bundle.etq").hasMessageContaining(missing.toString());
        assertThat(store.exists("k/bundle.etq")).isFalse();
    }

    @Test void deleteRemoves() {
        store.put("x/y", bytes("1"));
        store.delete("x/y");
        assertThat(store.exists("x/y")).isFalse();
        assertThat(store.get("x/y")).isEmpty();
        assertThat(store.list("")).doesNotContain("x/y");
    }

    @Test void listGivesEveryKeyUnderThePrefixSorted() {
        for (String k : List.of("searches/s1/search.json", "searches/s1/trials/t2/trial.json",
                "searches/s1/trials/t1/trial.json", "searches/s10/search.json", "trials/t9/trial.json", "champion.json")) {
            store.put(k, bytes(k));
        }
        assertThat(store.list("searches/s1/")).containsExactly(
                "searches/s1/search.json", "searches/s1/trials/t1/trial.json", "searches/s1/trials/t2/trial.json");
        // a prefix is a string prefix, not a folder: s1 matches s10 too, as in S3
        assertThat(store.list("searches/s1")).hasSize(4);
        assertThat(store.list("searches/s1/trials/t1")).containsExactly("searches/s1/trials/t1/trial.json");
        assertThat(store.list("cham")).containsExactly("champion.json");
        assertThat(store.list("")).hasSize(6).isSorted();
    }

    @Test void listHidesTheStoresOwnFilesAfterConditionalWrites() {
        store.createIfAbsent("c/claim", bytes("me"));
        String version = store.getVersioned("c/claim").orElseThrow().version();
        assertThat(store.replace("c/claim", bytes("me again"), version)).isTrue();
        assertThat(store.list("")).containsExactly("c/claim");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/../b", "..", "./a", "a/.", "dir/", "a\\b", "tab\there",
            ".etiqueta-locks/x", "a/.etiqueta-tmp-1"})
    void invalidKeysAreRefusedByEveryOperation(String key) {
        for (Runnable op : List.<Runnable>of(
                () -> store.put(key, bytes("x")),
                () -> store.get(key),
                () -> store.exists(key),
                () -> store.delete(key),
                () -> store.createIfAbsent(key, bytes("x")),
                () -> store.replace(key, bytes("x"), "v"),
                () -> store.put(key, new ByteArrayInputStream(bytes("x")), 1))) {
            assertThatThrownBy(op::run).isInstanceOf(StoreException.class)
                    .hasMessageContaining("invalid key").hasMessageContaining(store.location());
        }
        assertThat(store.list("")).isEmpty();
    }

    @Test void tooLongKeysAreRefused() {
        String segment = "k".repeat(200);
        assertThatThrownBy(() -> store.put(String.join("/", segment, segment, segment, segment, segment, "k".repeat(20)), bytes("x")))
                .isInstanceOf(StoreException.class).hasMessageContaining("1024");
        assertThatThrownBy(() -> store.put("a/" + "k".repeat(256), bytes("x")))
                .isInstanceOf(StoreException.class).hasMessageContaining("255");
        String longest = String.join("/", segment, segment, segment, segment, "k".repeat(200));
        store.put(longest, bytes("x"));
        assertThat(store.exists(longest)).isTrue();
    }

    @Test void keysMayHoldSpacesAndUnicode() {
        String key = "reports/Überblick 2026/index (1).html";
        store.put(key, bytes("<html>"));
        assertThat(store.get(key)).isPresent();
        assertThat(store.list("reports/")).containsExactly(key);
    }

    @Test void invalidListPrefixesAreRefused() {
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(StoreException.class).hasMessageContaining("invalid prefix");
        assertThatThrownBy(() -> store.list("/trials")).isInstanceOf(StoreException.class);
    }

    @Test void largeObjectsStreamInAndOut() throws Exception {
        int size = 40 * 1024 * 1024 + 123; // above the S3 multipart threshold, parts of uneven size
        byte[] content = random(size, 7);
        Path file = tmp.resolve("big.etq");
        Files.write(file, content);
        store.put("big/from-file.etq", file);
        store.put("big/from-stream.etq", new ByteArrayInputStream(content), size);
        for (String key : List.of("big/from-file.etq", "big/from-stream.etq")) {
            try (InputStream in = store.open(key).orElseThrow()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buffer)) > 0; total += n) digest.update(buffer, 0, n);
                assertThat(total).as(key).isEqualTo(size);
                assertThat(digest.digest()).as(key).isEqualTo(sha256(content));
            }
        }
    }

    @Test void aStreamThatBreaksLeavesNoObject() {
        long announced = 30L * 1024 * 1024;
        InputStream breaking = new InputStream() {
            long given;
            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (given >= 20L * 1024 * 1024) throw new IOException("disk gone");
                int n = (int) Math.min(len, 20L * 1024 * 1024 - given);
                given += n;
                return n;
            }
        };
        assertThatThrownBy(() -> store.put("big/broken.etq", breaking, announced))
                .isInstanceOf(StoreException.class).hasMessageContaining("big/broken.etq").hasMessageContaining("disk gone");
        assertThat(store.exists("big/broken.etq")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test void aStreamThatEndsEarlyLeavesTheOldObject() {
        store.put("k/v", bytes("old"));
        assertThatThrownBy(() -> store.put("k/v", new ByteArrayInputStream(bytes("short")), 100))
                .isInstanceOf(StoreException.class).hasMessageContaining("k/v");
        assertThat(store.get("k/v")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("old")));
    }

    @Test void aStreamLongerThanAnnouncedIsRefused() {
        assertThatThrownBy(() -> store.put("k/v", new ByteArrayInputStream(bytes("longer than four")), 4))
                .isInstanceOf(StoreException.class).hasMessageContaining("k/v");
        assertThat(store.exists("k/v")).isFalse();
    }

    @Test void createIfAbsentWritesOnlyTheFirstTime() {
        assertThat(store.createIfAbsent("claims/t1", bytes("first"))).isTrue();
        assertThat(store.createIfAbsent("claims/t1", bytes("second"))).isFalse();
        assertThat(store.get("claims/t1")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("first")));
    }

    @Test void replaceIsCompareAndSwap() {
        store.put(StoreLayout.CHAMPION, bytes("v1"));
        Store.Versioned v1 = store.getVersioned(StoreLayout.CHAMPION).orElseThrow();
        assertThat(v1.content()).isEqualTo(bytes("v1"));
        assertThat(store.replace(StoreLayout.CHAMPION, bytes("v2"), v1.version())).isTrue();
        // the version moved on: a writer still holding v1 loses
        assertThat(store.replace(StoreLayout.CHAMPION, bytes("v2-stale"), v1.version())).isFalse();
        Store.Versioned v2 = store.getVersioned(StoreLayout.CHAMPION).orElseThrow();
        assertThat(v2.content()).isEqualTo(bytes("v2"));
        assertThat(v2.version()).isNotEqualTo(v1.version());
        store.delete(StoreLayout.CHAMPION);
        assertThat(store.replace(StoreLayout.CHAMPION, bytes("v3"), v2.version())).isFalse();
        assertThat(store.exists(StoreLayout.CHAMPION)).isFalse();
    }

    @Test void racingCreatorsHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String key = "searches/s1/claims/t" + round;
            List<Boolean> results = race(i -> store.createIfAbsent(key, bytes("writer " + i)));
            assertThat(results.stream().filter(b -> b).count()).as("winners of round " + round).isEqualTo(1);
            int winner = results.indexOf(true);
            assertThat(store.get(key)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("writer " + winner)));
        }
    }

    @Test void racingSwappersHaveExactlyOneWinnerPerVersion() throws Exception {
        store.put(StoreLayout.CHAMPION, bytes("round -1"));
        for (int round = 0; round < 5; round++) {
            String expected = store.getVersioned(StoreLayout.CHAMPION).orElseThrow().version();
            int r = round;
            List<Boolean> results = race(i -> store.replace(StoreLayout.CHAMPION, bytes("round " + r + " writer " + i), expected));
            assertThat(results.stream().filter(b -> b).count()).as("winners of round " + round).isEqualTo(1);
            int winner = results.indexOf(true);
            assertThat(store.get(StoreLayout.CHAMPION))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("round " + r + " writer " + winner)));
        }
    }

    /**
     * Whether a conditional write reports exactly what happened. Over a network it cannot always: a write whose
     * answer was lost and that someone else replaced before the retry is reported as lost though it landed.
     */
    boolean conditionalOutcomesAreExact() { return true; }

    @Test void promotionsCountedBySwapLoseNoIncrement() throws Exception {
        // the pattern the champion pointer uses: read, compute, swap, retry on a lost race
        store.put("counter", bytes("0"));
        java.util.Set<Integer> won = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        race(i -> {
            for (int n = 0; n < 5; n++) {
                while (true) {
                    Store.Versioned current = store.getVersioned("counter").orElseThrow();
                    int next = Integer.parseInt(new String(current.content(), StandardCharsets.UTF_8)) + 1;
                    if (store.replace("counter", bytes(Integer.toString(next)), current.version())) {
                        if (!won.add(next)) duplicates.incrementAndGet();
                        break;
                    }
                }
            }
            return true;
        });
        int total = RACERS * 5;
        int last = Integer.parseInt(text(store.get("counter")).orElseThrow());
        // no two writers won the same version, and no increment was lost
        assertThat(duplicates).hasValue(0);
        assertThat(won).hasSize(total);
        if (conditionalOutcomesAreExact()) {
            assertThat(last).isEqualTo(total);
        } else {
            // a landed write reported as lost makes its writer add one more; never fewer than the wins
            assertThat(last).isBetween(total, total + RACERS);
        }
    }

    interface Racer {
        boolean run(int index) throws Exception;
    }

    /** Runs RACERS writers released at the same instant; their results in writer order. */
    static List<Boolean> race(Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int index = i;
                Callable<Boolean> task = () -> {
                    start.await();
                    return racer.run(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static Optional<String> text(Optional<byte[]> b) { return b.map(x -> new String(x, StandardCharsets.UTF_8)); }
}
