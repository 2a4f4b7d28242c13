package io.etiqueta.batch;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.execution.FakeTrialEngine;
import io.etiqueta.search.execution.SearchRunner;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStatus;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.storage.S3TestServer;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import io.etiqueta.worker.WorkerExit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches whose trials run as AWS Batch jobs on the local Batch service: every job is a real child JVM running
 * {@code etiqueta worker} (with the fake trial engine, so a trial costs its JVM start and a few hundred ms per
 * epoch), the store is the in-process S3-compatible server, and the coordinator is this JVM or a child one.
 */
class BatchSearchTest {
    static S3TestServer s3;

    @TempDir Path dir;
    FakeBatchService batch;
    Store store;
    Path trainLog;
    final Map<String, String> saved = new HashMap<>();

    @BeforeAll static void startS3() { s3 = S3TestServer.start().useAsDefault(); }

    @AfterAll static void stopS3() { s3.close(); }

    @BeforeEach void startBatch() throws IOException {
        trainLog = dir.resolve("train.log");
        Files.createFile(trainLog);
        batch = FakeBatchService.start(dir.resolve("jobs"), 4)
                .defineJob(workerDefinition("worker", 250))
                .defineJob(new FakeBatchService.JobDefinition("broken", List.of("/bin/sh", "-c", "exit " + WorkerExit.RETRY, "sh"), List.of(), Map.of()));
        property("aws.endpointUrlBatch", batch.endpoint().toString());
        property("etiqueta.batch.pollMillis", "100");
        property("etiqueta.batch.attempts", "2");
        property("etiqueta.batch.retryBaseDelayMillis", "20");
        store = Stores.open(s3.location("batch-" + System.nanoTime()));
    }

    @AfterEach void stopBatch() {
        batch.close();
        store.close();
        saved.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
    }

    private void property(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    /** The worker image of these tests: this JVM's classpath, the fake engine, the S3 server's settings. */
    private FakeBatchService.JobDefinition workerDefinition(String name, long sleepMillisPerEpoch) {
        List<String> entryPoint = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx200m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                FakeWorkerMain.class.getName(), String.valueOf(sleepMillisPerEpoch), trainLog.toString());
        return new FakeBatchService.JobDefinition(name, entryPoint, List.of("worker", "--help"), s3.environment());
    }

    private static String searchFile(String name, int trials, String definition, int maxInFlight, String pruning) {
        return """
                name: %s
                dataset: fake
                strategy: random
                seed: 11
                budget: {trials: %d}
                %s
                executor: {kind: batch, queue: gpu, job_definition: %s, max_in_flight: %d}
                space:
                  model: [mlp, cnn, cnn-bn]
                  optimizer: [sgd, adam, rmsprop, nadam]
                  learning_rate: {log_uniform: [0.0001, 0.01]}
                  activation: [relu, tanh, elu]
                  dropout: {uniform: [0.0, 0.4]}
                  epochs: [1, 2, 4, 6]
                """.formatted(name, trials, pruning, definition, maxInFlight);
    }

    private SearchRecord search(String file) {
        return SearchFixtures.start(store, new FakeTrialEngine(store), file);
    }

    private List<String> trainStarts() { return startsOf(trainLog); }

    private static List<String> startsOf(Path log) {
        return linesOf(log).stream().filter(l -> l.startsWith("start ")).map(l -> l.substring(6).split(" ")[0]).toList();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test void aSearchRunsOnBatchThroughThrottlingAndALostHostPrunesRemotelyAndKeepsTheSlotsBusy() throws Exception {
        batch.throttleNext(4);
        // lose the host of a job whose trial is training; that trial must be trained again, once, to the end
        Thread reclaimer = new Thread(() -> {
            try {
                await("a job mid-trial to lose", Duration.ofSeconds(120), () -> {
                    List<String> started = startsOf(trainLog);
                    List<String> ended = linesOf(trainLog).stream().filter(l -> l.startsWith("end ")).map(l -> l.split(" ")[1]).toList();
                    return started.stream().filter(t -> !ended.contains(t))
                            .anyMatch(t -> batch.reclaimHost(j -> j.jobName().endsWith("-" + t) && j.attempts().size() == 1));
                });
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        reclaimer.start();
        SearchRecord done = search(searchFile("on-batch", 10, "worker", 4, "pruning: {rule: median, warmup_epochs: 1, min_peers: 2}"));
        reclaimer.join();

        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(10).allSatisfy(t -> assertThat(t.state().finished()).isTrue());
        assertThat(trials).as("no trial failed: %s", trials.stream().map(t -> t.id() + " " + t.error()).toList())
                .noneMatch(t -> t.state() == TrialState.FAILED);
        assertThat(trials).as("the median rule pruned trials whose peers ran in other processes")
                .anySatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.PRUNED));
        assertThat(batch.faultsAnswered()).as("the throttling answers were served (and retried)").isEqualTo(4);

        List<FakeBatchService.JobView> jobs = batch.jobs();
        assertThat(jobs).as("one job per trial").hasSize(10);
        assertThat(jobs).extracting(FakeBatchService.JobView::jobName).doesNotHaveDuplicates();
        FakeBatchService.JobView reclaimed = jobs.stream().filter(j -> j.attempts().size() == 2).findFirst().orElseThrow(() ->
                new AssertionError("no job was retried after its host was lost: " + jobs));
        assertThat(reclaimed.attempts().getFirst().statusReason()).startsWith("Host EC2");
        assertThat(reclaimed.status()).isEqualTo("SUCCEEDED");
        // every trial finished in exactly one attempt's run; the reclaimed one was started twice and finished once
        Map<String, Long> ends = linesOf(trainLog).stream().filter(l -> l.startsWith("end ")).collect(Collectors.groupingBy(l -> l.split(" ")[1], Collectors.counting()));
        assertThat(ends).hasSize(10).allSatisfy((trial, n) -> assertThat(n).as(trial).isEqualTo(1));
        String reclaimedTrial = reclaimed.jobName().substring(reclaimed.jobName().length() - 5);
        assertThat(trainStarts()).filteredOn(reclaimedTrial::equals).hasSize(2);
        // the job id and log stream are recorded beside each trial
        for (TrialRecord t : trials) {
            BatchJob job = BatchExecutor.recorded(store, done.id(), t.id()).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.logStream()).startsWith("worker/default/");
        }

        double whileWaiting = batch.slotUseWhileJobsWaited();
        double overall = batch.slotUse();
        String figure = String.format(Locale.ROOT, "Batch slot use, 10 mixed-length trials (1-6 epochs, pruning), max_in_flight 4: "
                + "%.1f%% of slot time while trials were waiting for a slot, %.1f%% from the first start to the last end (load %s)",
                100 * whileWaiting, 100 * overall, loadAverage());
        System.out.println(figure);
        assertThat(whileWaiting).as(figure).isGreaterThanOrEqualTo(0.90);
    }

    @Test void aTrialWhoseJobFailsAllAttemptsEndsFailedWithBatchsReason() {
        SearchRecord done = search(searchFile("all-fail", 2, "broken", 2, ""));
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(2).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TrialState.FAILED);
            assertThat(t.error()).matches("all 2 attempts of Batch job \\S+ failed: Essential container in task exited \\(exit code 75\\)");
        });
        assertThat(batch.jobs()).allSatisfy(j -> assertThat(j.attempts()).hasSize(2));
    }

    @Test void aKilledCoordinatorsJobsRunOnAndResumeAdoptsThemTrainingNothingTwice() throws Exception {
        Path file = dir.resolve("killed.yaml");
        Files.writeString(file, searchFile("killed", 6, "worker", 3, ""));
        Path out = dir.resolve("coordinator.out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "-Daws.endpointUrlBatch=" + batch.endpoint(), "-Detiqueta.batch.pollMillis=100", "-Detiqueta.batch.attempts=2",
                "io.etiqueta.cli.Main", "search", "start", file.toString(), "--store", store.location()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(s3.environment());
        Process coordinator = pb.start();
        await("three jobs running", Duration.ofSeconds(120), () -> batch.jobs().stream().filter(j -> j.status().equals("RUNNING")).count() == 3
                || !coordinator.isAlive());
        assertThat(coordinator.isAlive()).as("coordinator output: %s", readQuietly(out)).isTrue();
        coordinator.destroyForcibly(); // kill -9: the jobs it submitted run on
        coordinator.waitFor(30, TimeUnit.SECONDS);
        List<String> submittedBefore = batch.jobs().stream().map(FakeBatchService.JobView::jobName).toList();
        assertThat(submittedBefore).hasSize(3);

        SearchStore searches = new SearchStore(store);
        String id = searches.list().getFirst().id();
        // one job as if the coordinator died between SubmitJob and recording it: resume finds it by its name
        store.delete(BatchExecutor.jobKey(id, "t0002"));
        SearchRecord done = new SearchRunner(store, new FakeTrialEngine(store), null).run(id, null, true); // --force: the killed owner is surely gone

        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        assertThat(searches.trials(id)).hasSize(6).allSatisfy(t -> assertThat(t.state()).isIn(TrialState.COMPLETE, TrialState.PRUNED));
        assertThat(batch.jobs()).as("the three live jobs were adopted, not submitted again").hasSize(6)
                .extracting(FakeBatchService.JobView::jobName).doesNotHaveDuplicates();
        assertThat(trainStarts()).as("no trial trained twice").doesNotHaveDuplicates().hasSize(6);
    }

    @Test void stopDrainsTheRunningJobsAndSubmitsNoMore() throws Exception {
        String file = searchFile("drained", 8, "worker", 2, "");
        SearchRunner runner = new SearchRunner(store, new FakeTrialEngine(store), null);
        SearchRecord created = SearchFixtures.create(runner, file);
        Thread stopper = new Thread(() -> {
            try {
                await("two jobs running", Duration.ofSeconds(120), () -> batch.jobs().stream().filter(j -> j.status().equals("RUNNING")).count() == 2);
                new SearchStore(store).requestStop(created.id());
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        SearchRecord done = runner.run(created.id(), null);
        stopper.join();
        assertThat(done.status()).isEqualTo(SearchStatus.STOPPED);
        assertThat(batch.jobs()).as("no job submitted after the stop").hasSize(2).allSatisfy(j -> assertThat(j.status()).isEqualTo("SUCCEEDED"));
        assertThat(new SearchStore(store).trials(done.id())).hasSize(2).allSatisfy(t -> assertThat(t.state().finished()).isTrue());
    }

    @Test void stopNowTerminatesTheRunningJobsAndSubmitsNoMore() throws Exception {
        // epochs of 20 s: the workers are inside their first epoch when the coordinator terminates their jobs
        batch.defineJob(workerDefinition("slow-worker", 20_000));
        String file = searchFile("stopped-now", 6, "slow-worker", 2, "");
        SearchRunner runner = new SearchRunner(store, new FakeTrialEngine(store), null);
        SearchRecord created = SearchFixtures.create(runner, file);
        SearchStore searches = new SearchStore(store);
        java.io.StringWriter stopOutput = new java.io.StringWriter();
        Thread stopper = new Thread(() -> {
            try {
                await("both trials to be training", Duration.ofSeconds(120), () -> searches.trials(created.id()).stream()
                        .filter(t -> t.state() == TrialState.RUNNING).count() == 2);
                var cli = io.etiqueta.cli.SearchCommand.commandLine(s -> new FakeTrialEngine(s));
                cli.setOut(new java.io.PrintWriter(stopOutput, true));
                cli.execute("stop", created.id(), "--now", "--store", store.location());
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        SearchRecord done = runner.run(created.id(), null);
        stopper.join();

        assertThat(stopOutput.toString()).contains("asked search " + created.id() + " to stop now");
        assertThat(done.status()).isEqualTo(SearchStatus.STOPPED);
        assertThat(batch.calls("terminatejob")).as("both running jobs were terminated").isEqualTo(2);
        assertThat(batch.jobs()).as("no job submitted after the stop").hasSize(2).allSatisfy(j -> {
            assertThat(j.status()).isEqualTo("FAILED");
            assertThat(j.statusReason()).isEqualTo("search stopped with --now");
        });
        assertThat(searches.trials(done.id())).hasSize(2).allSatisfy(t -> {
            assertThat(t.state()).as("ended by the coordinator: pruned, not failed").isEqualTo(TrialState.PRUNED);
            assertThat(t.stopReason()).matches("cancelled: search stopped with --now \\(Batch job \\S+ terminated\\)");
        });
    }

    @Test void aWorkerRidesOutAStoreOutageAndStoresTheTrialItTrainedOnce() throws Exception {
        // the worker notices an outage fast (two tries per S3 call) and retries every 100 ms, doubling; so does the coordinator
        Path gate = dir.resolve("bundle-gate");
        Map<String, String> env = new HashMap<>(s3.environment());
        env.putAll(Map.of("AWS_MAX_ATTEMPTS", "2", "ETIQUETA_S3_RETRY_BASE_DELAY_MILLIS", "20", "ETIQUETA_STORE_PATIENCE", "120s",
                "ETIQUETA_STORE_FIRST_PAUSE", "100ms", "FAKE_BUNDLE_GATE", gate.toString()));
        FakeBatchService.JobDefinition plain = workerDefinition("patient-worker", 50);
        batch.defineJob(new FakeBatchService.JobDefinition(plain.name(), plain.entryPoint(), plain.defaultCommand(), env));
        property("aws.maxAttempts", "2");
        property("etiqueta.s3.retryBaseDelayMillis", "20");
        property("etiqueta.store.patience", "120s");
        property("etiqueta.store.firstPause", "100ms");
        Store patientCoordinatorStore = Stores.open(store.location()); // opened with the settings above
        String file = searchFile("outage", 2, "patient-worker", 2, "");
        java.util.concurrent.atomic.AtomicReference<SearchRecord> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread coordinator = new Thread(() -> result.set(SearchFixtures.start(patientCoordinatorStore, new FakeTrialEngine(patientCoordinatorStore), file)), "coordinator");
        coordinator.start();

        await("a worker to finish training", Duration.ofSeconds(120), () -> linesOf(trainLog).stream().anyMatch(l -> l.startsWith("trained ")));
        s3.stop(); // the outage; the job's bundle write starts while the store refuses connections
        Files.createFile(gate);
        await("a worker to meet the outage", Duration.ofSeconds(120), () -> batch.jobs().stream().flatMap(j -> j.attempts().stream())
                .anyMatch(a -> FakeBatchService.log(a).contains("does not answer")));
        s3.restart(); // same port
        coordinator.join(Duration.ofSeconds(120));
        assertThat(coordinator.isAlive()).as("the search ended").isFalse();

        SearchRecord done = result.get();
        assertThat(done).as("the coordinator kept its state through the outage").isNotNull();
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).hasSize(2).allSatisfy(t -> {
            assertThat(t.state()).as(t.id() + ": " + t.error()).isEqualTo(TrialState.COMPLETE);
            assertThat(store.exists(t.bundleKey())).isTrue();
        });
        assertThat(batch.jobs()).as("the workers rode the outage out: no attempt was retried").hasSize(2)
                .allSatisfy(j -> assertThat(j.attempts()).hasSize(1));
        assertThat(trainStarts()).as("nothing trained twice").hasSize(2).doesNotHaveDuplicates();
        patientCoordinatorStore.close();
    }

    @Test void theRealWorkerTrainsWithTheDl4jEngineAndNamesItsBackend() throws Exception {
        Path images = dir.resolve("bars");
        java.util.Random random = new java.util.Random(5);
        for (String cls : List.of("horizontal", "vertical")) {
            Files.createDirectories(images.resolve(cls));
            for (int i = 0; i < 30; i++) {
                var img = new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                int at = 2 + random.nextInt(8);
                for (int k = 0; k < 12; k++) {
                    if (cls.equals("horizontal")) img.getRaster().setSample(k, at, 0, 255);
                    else img.getRaster().setSample(at, k, 0, 255);
                }
                javax.imageio.ImageIO.write(img, "png", images.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        // C1 only and the serial collector: the JVM's own work (start-up, compiling) is most of a tiny trial's cost
        List<String> entryPoint = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "io.etiqueta.cli.Main");
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("OMP_NUM_THREADS", "1");
        batch.defineJob(new FakeBatchService.JobDefinition("real-worker", entryPoint, List.of("--help"), env));
        String file = """
                name: real
                dataset: %s
                strategy: grid
                seed: 3
                executor: {kind: batch, queue: gpu, job_definition: real-worker, max_in_flight: 2}
                space:
                  model: mlp
                  layers: [[16]]
                  learning_rate: [0.01, 0.003]
                  epochs: 1
                  batch_size: 16
                """.formatted(images);
        SearchRecord done = search(file);
        assertThat(done.status()).isEqualTo(SearchStatus.FINISHED);
        List<TrialRecord> trials = new SearchStore(store).trials(done.id());
        assertThat(trials).as("worker logs: %s", batch.jobs().stream().flatMap(j -> j.attempts().stream()).map(FakeBatchService::log).toList())
                .hasSize(2).allSatisfy(t -> {
                    assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                    assertThat(t.backend()).startsWith("cpu: ");
                    assertThat(store.exists(t.bundleKey())).isTrue();
                    // the progress file names the live backend too, not a guess
                    assertThat(new SearchStore(store).progress(done.id(), t.id()).orElseThrow().backend()).isEqualTo(t.backend());
                });
    }

    private static List<String> linesOf(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String readQuietly(Path file) { return String.join("\n", linesOf(file)); }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
