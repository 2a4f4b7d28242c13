package io.etiqueta.batch;

import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import io.etiqueta.worker.WorkerExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Batch executor's bookkeeping against the local Batch service, with a shell stand-in for the worker (it
 * writes the trial's final record into a local store after a while, or exits with a given code): submit, follow,
 * retry, give up with the reason, cancel, and adopt a job a killed coordinator left running.
 */
class BatchExecutorTest {
    /** worker --search S --trial T --store DIR: sleeps $STUB_SECONDS_<trial> (first attempt only), then writes a final record or exits $STUB_EXIT_<trial>. */
    static final String STUB = """
            search=$3; trial=$5; store=$7
            eval "seconds=\\${STUB_SECONDS_$trial:-0}"; eval "code=\\${STUB_EXIT_$trial:-0}"
            echo "attempt $AWS_BATCH_JOB_ATTEMPT of $trial" >> "$store/attempts-$trial.log"
            if [ "$AWS_BATCH_JOB_ATTEMPT" -gt 1 ]; then seconds=0; fi
            sleep "$seconds"
            if [ "$code" != 0 ]; then exit "$code"; fi
            mkdir -p "$store/searches/$search/trials/$trial"
            cat > "$store/searches/$search/trials/$trial/trial.json" <<EOF
            {"id":"$trial","searchId":"$search","number":1,"state":"complete","stopReason":"max epochs"}
            EOF
            """;

    @TempDir Path dir;
    FakeBatchService service;
    BatchJobs jobs;
    Store store;
    Path storeDir;

    @BeforeEach void start() throws Exception {
        storeDir = dir.resolve("store");
        store = Stores.open(storeDir.toString());
        Path stub = dir.resolve("stub-worker.sh");
        Files.writeString(stub, STUB);
        service = FakeBatchService.start(dir.resolve("logs"), 4).defineJob(new FakeBatchService.JobDefinition("worker",
                List.of("/bin/sh", stub.toString()), List.of(), Map.of("STUB_SECONDS_t0002", "1", "STUB_SECONDS_t0003", "30",
                "STUB_EXIT_t0004", String.valueOf(WorkerExit.RETRY), "STUB_EXIT_t0005", "1", "STUB_SECONDS_t0006", "30")));
        jobs = new BatchJobs(new BatchJobs.Settings(Optional.of(service.endpoint()), Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake-secret")), 8, Duration.ofMillis(10), Duration.ofMillis(200)));
    }

    @AfterEach void stop() throws Exception {
        service.close();
        jobs.close();
        store.close();
    }

    private BatchJobs client() {
        return new BatchJobs(new BatchJobs.Settings(Optional.of(service.endpoint()), Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake-secret")), 8, Duration.ofMillis(10), Duration.ofMillis(200)));
    }

    /** An executor with its own client (closing the executor closes it), polling fast. */
    private BatchExecutor executor() {
        return new BatchExecutor(client(), store, BatchExecutor.Settings.of("gpu", "worker", 4, 2, 60)
                .withPolling(Duration.ofMillis(50), Duration.ofMillis(400)));
    }

    private static List<BatchExecutor.Ended> awaitAll(BatchExecutor executor, int count) throws InterruptedException {
        List<BatchExecutor.Ended> ended = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (ended.size() < count && System.nanoTime() < deadline) ended.addAll(executor.awaitEnded(Duration.ofSeconds(5)));
        assertThat(ended).as("trials ended in time").hasSize(count);
        return ended;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test void trialsRunAsJobsThatAreRecordedBesideTheTrialAndEndWithTheWorkersFinalRecord() throws Exception {
        try (BatchExecutor executor = executor()) {
            executor.start("s1", "t0001");
            executor.start("s1", "t0002");
            assertThat(executor.inFlight()).isEqualTo(2);
            List<BatchExecutor.Ended> ended = awaitAll(executor, 2);
            assertThat(ended).allSatisfy(e -> assertThat(e.failure()).isNull());
            assertThat(ended).extracting(BatchExecutor.Ended::trialId).containsExactlyInAnyOrder("t0001", "t0002");
            BatchJob job = BatchExecutor.recorded(store, "s1", "t0002").orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.jobName()).isEqualTo("etiqueta-s1-t0002");
            assertThat(job.logStream()).startsWith("worker/default/");
            // what search status prints under the trial
            assertThat(BatchExecutor.recordedJobs(store, "s1")).containsOnlyKeys("t0001", "t0002");
            assertThat(BatchExecutor.describe(job)).matches("batch job \\S+ succeeded \\(1 attempt ended\\), log stream worker/default/\\w+");
            FakeBatchService.JobView submitted = service.job(job.jobId());
            assertThat(submitted.command()).containsExactly("worker", "--search", "s1", "--trial", "t0002", "--store", store.location());
            assertThat(submitted.environment()).containsEntry("ETIQUETA_STORE", store.location()).containsEntry("ETIQUETA_TRIAL_ID", "t0002");
            assertThat(executor.inFlight()).isZero();
        }
    }

    @Test void aJobThatFailsAllAttemptsEndsItsTrialWithBatchsReasonAndATrialsOwnFailureIsTriedOnce() throws Exception {
        try (BatchExecutor executor = executor()) {
            executor.start("s1", "t0004"); // the worker asks for a retry every time
            executor.start("s1", "t0005"); // exits 1: not retried
            List<BatchExecutor.Ended> ended = awaitAll(executor, 2);
            BatchExecutor.Ended retried = ended.stream().filter(e -> e.trialId().equals("t0004")).findFirst().orElseThrow();
            assertThat(retried.failure()).matches("all 2 attempts of Batch job \\S+ failed: Essential container in task exited \\(exit code 75\\)");
            assertThat(Files.readAllLines(storeDir.resolve("attempts-t0004.log"))).hasSize(2);
            BatchExecutor.Ended once = ended.stream().filter(e -> e.trialId().equals("t0005")).findFirst().orElseThrow();
            assertThat(once.failure()).matches("Batch job \\S+ failed: Essential container in task exited \\(exit code 1\\)");
            assertThat(Files.readAllLines(storeDir.resolve("attempts-t0005.log"))).hasSize(1);
        }
    }

    @Test void aLostHostIsRetriedAndTheTrialEndsOnceWithItsRecord() throws Exception {
        try (BatchExecutor executor = executor()) {
            BatchJob job = executor.start("s1", "t0003"); // the first attempt runs 30 s: long enough to lose its host
            await("the job to run", () -> service.job(job.jobId()).status().equals("RUNNING") && Files.exists(storeDir.resolve("attempts-t0003.log")));
            assertThat(service.reclaimHost(j -> j.jobId().equals(job.jobId()))).isTrue();
            List<BatchExecutor.Ended> ended = awaitAll(executor, 1);
            assertThat(ended.getFirst().failure()).isNull();
            assertThat(Files.readAllLines(storeDir.resolve("attempts-t0003.log"))).containsExactly("attempt 1 of t0003", "attempt 2 of t0003");
            BatchJob recorded = BatchExecutor.recorded(store, "s1", "t0003").orElseThrow();
            assertThat(recorded.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(recorded.attempts()).isEqualTo(2);
        }
    }

    @Test void cancelTerminatesTheJobAndResumeAdoptsALiveJobInsteadOfSubmittingAgain() throws Exception {
        // the first coordinator submits two jobs and dies (never closed, never polls again); the jobs live on
        BatchExecutor first = executor();
        BatchJob running = first.start("s1", "t0006");
        first.start("s1", "t0003");
        await("both jobs to run", () -> service.jobs().stream().filter(j -> j.status().equals("RUNNING")).count() == 2);
        try (BatchExecutor resumed = executor()) {
            assertThat(resumed.adopt("s1", "t0006")).isTrue();
            assertThat(resumed.adopt("s1", "t0003")).isTrue();
            assertThat(resumed.adopt("s1", "t0099")).as("no job recorded").isFalse();
            assertThat(resumed.start("s1", "t0006").jobId()).as("starting a trial whose job lives follows that job").isEqualTo(running.jobId());
            assertThat(service.calls("submitjob")).as("adopted, not submitted again").isEqualTo(2);
            resumed.cancel("s1", "t0006", "pruned by the coordinator");
            resumed.cancel("s1", "t0003", "search stopped (--now)");
            List<BatchExecutor.Ended> ended = awaitAll(resumed, 2);
            assertThat(ended).extracting(BatchExecutor.Ended::failure)
                    .containsExactlyInAnyOrder("Batch job " + running.jobId() + " failed: pruned by the coordinator (exit code 143)",
                            "Batch job " + BatchExecutor.recorded(store, "s1", "t0003").orElseThrow().jobId() + " failed: search stopped (--now) (exit code 143)");
            assertThat(resumed.adopt("s1", "t0006")).as("an ended job is not adopted").isFalse();
        }
    }

    @Test void resumeAdoptsALiveJobThatAKilledCoordinatorSubmittedButNeverRecorded() throws Exception {
        // the coordinator died between SubmitJob and writing job.json: only Batch knows the job, by its name
        String jobId = jobs.submit(new JobRequest(JobRequest.jobName("s1", "t0006"), "gpu", "worker",
                List.of("worker", "--search", "s1", "--trial", "t0006", "--store", store.location()), Map.of(), 2, Duration.ofMinutes(5), 1));
        assertThat(BatchExecutor.recorded(store, "s1", "t0006")).isEmpty();
        try (BatchExecutor resumed = executor()) {
            assertThat(resumed.adopt("s1", "t0006")).as("found by its name on the queue").isTrue();
            assertThat(BatchExecutor.recorded(store, "s1", "t0006")).get().extracting(BatchJob::jobId).isEqualTo(jobId);
            assertThat(resumed.adopt("s1", "t0007")).as("no job of that name").isFalse();
            assertThat(service.calls("submitjob")).as("adopted, not submitted again").isEqualTo(1);
            resumed.cancel("s1", "t0006", "test over");
            assertThat(awaitAll(resumed, 1)).extracting(e -> e.job().jobId()).containsExactly(jobId);
        }
    }

    @Test void aFinalRecordIsReadAsTheWorkerWroteIt() {
        store.put(StoreLayout.trialRecord("s", "t0001"), Json.bytes(new TrialRecord("t0001", "s", 1, TrialState.COMPLETE, null, null, null,
                null, null, "max epochs", null, null, null, null, null, null, Instant.now(), Instant.now())));
        assertThat(Json.read(store.get(StoreLayout.trialRecord("s", "t0001")).orElseThrow(), TrialRecord.class).backend()).isNull();
    }
}
