package io.etiqueta.search.execution;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a search in a real child JVM (the search command line with the fake engine), kills it with SIGKILL at random
 * moments, resumes it each time, and checks the result against an uninterrupted run with the same seed.
 */
class KillAndResumeTest {
    static final String FILE = SearchFixtures.searchFile("killed", "genetic", 23, 24,
            "workers: 1\ngenetic: {population: 6, elites: 2}\npruning: {rule: median, warmup_epochs: 2, min_peers: 2}",
            SearchFixtures.MIXED_SPACE + "epochs: 5");

    @TempDir Path dir;

    @Test void killNineAtRandomMomentsThenResumeKeepsEveryFinishedTrialAndProposesTheSameConfigurations() throws Exception {
        long seed = Long.getLong("etiqueta.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("KillAndResumeTest seed " + seed + " (rerun with -Detiqueta.kill.seed=" + seed + ")");

        Path file = dir.resolve("killed.yaml");
        Files.writeString(file, FILE);
        // the reference: the same search, uninterrupted, in this JVM
        Store refStore = Stores.open(dir.resolve("reference").toString());
        SearchRecord ref = SearchFixtures.start(refStore, new FakeTrialEngine(refStore), FILE);
        List<TrialRecord> expected = new SearchStore(refStore).trials(ref.id());
        assertThat(expected).hasSize(24);

        Path storeDir = dir.resolve("store");
        Store store = Stores.open(storeDir.toString());
        SearchStore searches = new SearchStore(store);

        int kills = 0;
        String id = null;
        List<String> sessionsKilledWithRunningTrials = new ArrayList<>();
        for (int session = 0; session < 12; session++) {
            Set<String> finishedBefore = id == null ? Set.of() : searches.trials(id).stream()
                    .filter(t -> t.state().finished()).map(TrialRecord::id).collect(Collectors.toSet());
            Path log = dir.resolve("session-" + session + ".log");
            List<String> args = id == null
                    ? List.of("search", "start", file.toString(), "--store", storeDir.toString())
                    : List.of("search", "resume", id, "--store", storeDir.toString(), "--force"); // the killed owner is surely gone
            Process child = start(log, args);
            boolean kill = kills < 3;
            if (kill) {
                // wait until the child has started at least one trial in this session, then a random moment more
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (child.isAlive() && countStarts(log) == 0 && System.nanoTime() < deadline) Thread.sleep(10);
                Thread.sleep(random.nextInt(50, 900));
                if (child.isAlive()) {
                    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no cleanup
                    child.waitFor(30, TimeUnit.SECONDS);
                    kills++;
                }
            }
            boolean exited = child.waitFor(120, TimeUnit.SECONDS);
            assertThat(exited).as("child finished").isTrue();
            if (id == null) id = searches.list().getFirst().id();
            // no trial that was finished before this session was trained again in it
            List<String> started = Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith("start ")).map(l -> l.substring(6)).toList() : List.of();
            assertThat(started).as("session %d trained again a finished trial", session).noneMatch(finishedBefore::contains);
            if (searches.trials(id).stream().anyMatch(t -> t.state() == TrialState.RUNNING)) sessionsKilledWithRunningTrials.add("session " + session);
            SearchRecord r = searches.load(id).orElseThrow();
            if (r.status() == SearchStatus.FINISHED) {
                assertThat(child.exitValue()).isZero();
                break;
            }
        }
        assertThat(kills).as("the child was killed at least once").isPositive();
        SearchRecord done = searches.load(id).orElseThrow();
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        List<TrialRecord> actual = searches.trials(id);
        assertThat(actual).extracting(TrialRecord::config).containsExactlyElementsOf(expected.stream().map(TrialRecord::config).toList());
        assertThat(actual).extracting(TrialRecord::state).containsExactlyElementsOf(expected.stream().map(TrialRecord::state).toList());
        assertThat(actual).extracting(TrialRecord::stopReason).containsExactlyElementsOf(expected.stream().map(TrialRecord::stopReason).toList());
        assertThat(done.bestValue()).isEqualTo(ref.bestValue());
        assertThat(done.sessions()).isEqualTo(kills + 1);
        System.out.println("KillAndResumeTest: " + kills + " kills, RUNNING trials left by a kill in " + sessionsKilledWithRunningTrials);
    }

    private static long countStarts(Path log) throws IOException {
        if (!Files.exists(log)) return 0;
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("start ")).count();
    }

    private Process start(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                FakeSearchMain.class.getName(), "20", log.toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log.getFileName() + ".out").toFile()).start();
    }
}
