package io.etiqueta.search.execution;

import io.etiqueta.cli.SearchCommand;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.S3TestServer;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local search rides out a store outage: the S3-compatible server is stopped while a trial's training has just
 * finished and its bundle is about to be written, then started again on the same port. The search keeps its state
 * in this process and the trial's bundle and final record land once the store is back; nothing is trained twice.
 * Short patience pauses (settings) keep it fast; every wait is for a condition.
 */
class StoreOutageTest {
    static final String FILE = """
            name: outage
            dataset: fake
            strategy: random
            seed: 8
            budget: {trials: 2}
            workers: 1
            space:
              model: [mlp, cnn]
              optimizer: [adam, nadam]
              learning_rate: {log_uniform: [0.0003, 0.003]}
              activation: [relu, elu]
              epochs: 2
            """;

    @TempDir Path dir;
    S3TestServer s3;
    final Map<String, String> saved = new HashMap<>();

    @BeforeEach void start() {
        s3 = S3TestServer.start().useAsDefault();
        // an outage is noticed fast (two tries per S3 call, 20 ms apart) and retried every 100 ms, doubling
        property("aws.maxAttempts", "2");
        property("etiqueta.s3.retryBaseDelayMillis", "20");
        property(PatientStore.PATIENCE_PROPERTY, "120s");
        property(PatientStore.FIRST_PAUSE_PROPERTY, "100ms");
        property("etiqueta.progress", "false");
    }

    @AfterEach void stop() {
        s3.close();
        saved.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
    }

    private void property(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @Test void aLocalSearchKeepsItsStateAndTheTrainedTrialThroughAStoreStoppedAndRestarted() throws Exception {
        Path file = dir.resolve("outage.yaml");
        Files.writeString(file, FILE);
        Path log = dir.resolve("train.log");
        Path gate = dir.resolve("bundle-gate");
        String location = s3.location("outage");
        AtomicReference<Store> engineStore = new AtomicReference<>();
        CommandLine cli = SearchCommand.commandLine(store -> {
            engineStore.set(store);
            return new FakeTrialEngine(store, 50, log).gateBundlesOn(gate);
        });
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread search = new Thread(() -> exit.set(cli.execute("start", file.toString(), "--store", location)), "search-under-outage");
        search.start();

        await("trial t0001 to finish training", () -> lines(log).contains("trained t0001") || !search.isAlive());
        assertThat(search.isAlive()).as("search output: %s", out).isTrue();
        assertThat(engineStore.get()).as("the trial engine writes its bundle through the patient store").isInstanceOf(PatientStore.class);
        PatientStore patient = (PatientStore) engineStore.get();
        s3.stop(); // the outage: connections are refused
        int failuresBefore = patient.failures();
        Files.createFile(gate); // the bundle write starts while the store is down
        await("the bundle write to start", () -> lines(log).contains("storing t0001"));
        await("the store to be retried", () -> patient.failures() >= failuresBefore + 2);
        assertThat(search.isAlive()).as("the search waits out the outage: %s", out).isTrue();
        s3.restart(); // same port: nobody is told
        search.join(Duration.ofSeconds(120));
        assertThat(search.isAlive()).as("search ended; output: %s", out).isFalse();

        assertThat(exit.get()).as("search output: %s", out).isZero();
        try (Store store = Stores.open(location)) {
            SearchStore searches = new SearchStore(store);
            SearchRecord done = searches.list().getFirst();
            assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
            assertThat(done.sessions()).as("no resume was needed").isEqualTo(1);
            List<TrialRecord> trials = searches.trials(done.id());
            assertThat(trials).hasSize(2).allSatisfy(t -> assertThat(t.state()).as(t.id() + ": " + t.error()).isEqualTo(TrialState.COMPLETE));
            TrialRecord first = trials.getFirst();
            assertThat(new String(store.get(first.bundleKey()).orElseThrow(), StandardCharsets.UTF_8)).startsWith("fake bundle");
        }
        assertThat(lines(log).stream().filter(l -> l.startsWith("start ")).toList()).as("nothing trained twice")
                .containsExactly("start t0001", "start t0002");
        assertThat(out.toString()).contains("does not answer").contains("answers again after");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
