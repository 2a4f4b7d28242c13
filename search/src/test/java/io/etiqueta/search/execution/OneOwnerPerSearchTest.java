package io.etiqueta.search.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.etiqueta.cli.ExitCodes;
import io.etiqueta.search.lease.SearchLease;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per search, with real processes (the search command line with the fake engine in child JVMs): a second
 * resume is refused while the first runs; after kill -9 the stale lease is taken over; --force takes a fresh lease
 * and the old owner stops before its next trial. Heartbeat 1 s and staleness 3 s here (90 s by default).
 */
class OneOwnerPerSearchTest {
    static final String FILE = """
            name: owned
            dataset: fake
            strategy: random
            seed: 5
            budget: {trials: 16}
            workers: 1
            space:
              optimizer: [sgd, adam, rmsprop, nadam]
              learning_rate: {log_uniform: [0.0001, 0.1]}
              epochs: 4
            """;

    @TempDir Path dir;

    @Test void aSecondResumeIsRefusedAStaleLeaseIsTakenOverAndForceTakesIt() throws Exception {
        Path file = dir.resolve("owned.yaml");
        Files.writeString(file, FILE);
        Path storeDir = dir.resolve("store");
        Store store = Stores.open(storeDir.toString());
        SearchStore searches = new SearchStore(store);

        // A runs the search slowly (300 ms per epoch: about 20 s for 16 trials)
        Process a = start("a", 300, "search", "start", file.toString(), "--store", storeDir.toString());
        waitFor("A started a trial", () -> starts("a") > 0);
        String id = searches.list().getFirst().id();
        String ownerA = SearchLease.read(store, id).orElseThrow().owner();
        assertThat(ownerA).endsWith("/" + a.pid());

        // B: refused while A's lease is fresh, naming A and its heartbeat's age, with the lease exit status
        Process b = start("b", 10, "search", "resume", id, "--store", storeDir.toString());
        assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(b.exitValue()).as(output("b")).isEqualTo(ExitCodes.LEASE_HELD);
        assertThat(output("b")).contains("search " + id + " is being run by " + ownerA + " (last heartbeat").contains("--force");
        assertThat(starts("b")).isZero();

        // kill -9 A: its lease goes stale, and C takes it over, saying so, and trains on
        a.destroyForcibly();
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        waitFor("A's lease went stale", () -> SearchLease.read(store, id).orElseThrow().age(java.time.Instant.now()).toSeconds() > 3);
        Process c = start("c", 300, "search", "resume", id, "--store", storeDir.toString());
        waitFor("C started a trial", () -> starts("c") > 0);
        assertThat(output("c")).contains("took over the lease of search " + id + " from " + ownerA);

        // D forces the lease while C runs: C stops before its next trial, D finishes the search
        Process d = start("d", 10, "search", "resume", id, "--store", storeDir.toString(), "--force");
        assertThat(d.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(d.exitValue()).as(output("d")).isEqualTo(ExitCodes.OK);
        assertThat(output("d")).contains("by --force");
        assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(c.exitValue()).as(output("c")).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(output("c")).contains("the lease was taken by").contains("/" + d.pid());

        SearchRecord done = searches.load(id).orElseThrow();
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(searches.trials(id)).hasSize(16).allMatch(t -> t.state().finished());
        assertThat(SearchLease.read(store, id)).as("D released the lease").isEmpty();
        // C and D trained disjoint trials, except at most the one C was training when D took over
        List<String> byC = started("c"), byD = started("d");
        assertThat(byC.stream().filter(byD::contains).count()).isLessThanOrEqualTo(1);
        store.close();
    }

    private Process start(String name, int sleepMsPerEpoch, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Detiqueta.heartbeat.seconds=1", "-Detiqueta.lease.staleSeconds=3",
                "-cp", System.getProperty("java.class.path"),
                FakeSearchMain.class.getName(), String.valueOf(sleepMsPerEpoch), dir.resolve(name + ".log").toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    private List<String> started(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        if (!Files.exists(log)) return List.of();
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("start ")).map(l -> l.substring(6)).toList();
    }

    private long starts(String name) throws IOException { return started(name).size(); }

    private String output(String name) throws IOException {
        Path out = dir.resolve(name + ".out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    private interface Check { boolean ok() throws Exception; }

    private static void waitFor(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }
}
