package io.etiqueta.batch;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Batch client against the local Batch service, with shell commands as jobs: the SDK's real requests, the
 * retry strategy's rules as Batch applies them, and the faults the client must ride out.
 */
class BatchJobsTest {
    @TempDir Path dir;
    FakeBatchService service;
    BatchJobs jobs;

    @BeforeEach void start() throws Exception {
        service = FakeBatchService.start(dir.resolve("logs"), 2)
                .defineJob(new FakeBatchService.JobDefinition("sh", List.of("/bin/sh", "-c"), List.of("exit 0"), Map.of("FROM_DEFINITION", "yes")));
        jobs = new BatchJobs(new BatchJobs.Settings(Optional.of(service.endpoint()), Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake-secret")), 8, Duration.ofMillis(10), Duration.ofMillis(200)));
    }

    @AfterEach void stop() {
        jobs.close();
        service.close();
    }

    private JobRequest job(String name, String script, int attempts) {
        return new JobRequest(name, "q", "sh", List.of(script), Map.of("FROM_OVERRIDE", "ok"), attempts, Duration.ofMinutes(5), 1);
    }

    private JobState awaitEnd(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JobState s = jobs.describe(List.of(jobId)).get(jobId);
            if (s != null && s.ended()) return s;
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " did not end: " + service.job(jobId));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test void aJobRunsItsCommandWithTheOverriddenEnvironmentAndGpuRequirementAndSucceeds() throws Exception {
        Path out = dir.resolve("out.txt");
        String id = jobs.submit(job("etiqueta-s1-t0001", "echo $FROM_DEFINITION $FROM_OVERRIDE $AWS_BATCH_JOB_ATTEMPT > " + out, 3));
        JobState end = awaitEnd(id);
        assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(end.exitCode()).isZero();
        assertThat(end.logStream()).startsWith("sh/default/");
        assertThat(Files.readString(out).trim()).isEqualTo("yes ok 1");
        assertThat(jobs.findByName("q", "etiqueta-s1-t0001")).extracting(JobState::jobId).containsExactly(id);
    }

    @Test void aLostHostAndTheWorkersRetryCodeAreRetriedButATrialsOwnFailureIsNot() throws Exception {
        // first attempt: the host is reclaimed mid-run; second: the worker asks for a retry; third: succeeds
        Path marker = dir.resolve("attempts");
        String script = "echo x >> " + marker + "; n=$(wc -l < " + marker + "); "
                + "if [ $n -eq 1 ]; then sleep 60; elif [ $n -eq 2 ]; then exit " + WorkerExit.RETRY + "; else exit 0; fi";
        String retried = jobs.submit(job("retried", script, 3));
        await("the first attempt to run", () -> Files.exists(marker));
        assertThat(service.reclaimHost(j -> j.jobId().equals(retried))).isTrue();
        JobState end = awaitEnd(retried);
        assertThat(end.status()).as("%s", service.job(retried)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(service.job(retried).attempts()).extracting(FakeBatchService.AttemptView::statusReason)
                .satisfies(r -> assertThat(r.getFirst()).startsWith("Host EC2 (instance i-"));
        assertThat(end.attempts()).isEqualTo(3);

        String ownFault = jobs.submit(job("own-fault", "exit 1", 3));
        JobState failed = awaitEnd(ownFault);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.attempts()).as("a trial's own failure is not retried").isEqualTo(1);

        String alwaysLost = jobs.submit(job("always-lost", "sleep 60", 2));
        for (int attempt = 1; attempt <= 2; attempt++) {
            int n = attempt;
            await("attempt " + n + " to run", () -> service.job(alwaysLost).status().equals("RUNNING") && service.job(alwaysLost).attempts().size() == n);
            assertThat(service.reclaimHost(j -> j.jobId().equals(alwaysLost))).isTrue();
        }
        JobState lost = awaitEnd(alwaysLost);
        assertThat(lost.status()).isEqualTo(JobStatus.FAILED);
        assertThat(lost.reason()).startsWith("Host EC2");
        assertThat(lost.attempts()).isEqualTo(2);
    }

    @Test void throttlingAndServerErrorsAreRetried() throws Exception {
        service.throttleNext(3);
        String id = jobs.submit(job("throttled", "exit 0", 1));
        service.failNext(2);
        assertThat(awaitEnd(id).status()).isEqualTo(JobStatus.SUCCEEDED);
        service.throttleNext(2);
        jobs.terminate(id, "already over: a no-op");
        assertThat(service.faultsAnswered()).isEqualTo(7);
        assertThat(service.jobs()).as("a retried SubmitJob made one job").hasSize(1);
    }

    @Test void aSubmitWhoseAnswerIsLostIsNotSubmittedTwice() throws Exception {
        service.loseNextAnswers(1); // Batch takes the job, the answer never arrives
        String id = jobs.submit(job("once", "exit 0", 1));
        assertThat(service.jobs()).extracting(FakeBatchService.JobView::jobId).containsExactly(id);
        assertThat(awaitEnd(id).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test void terminateStopsARunningJobAndAWaitingOne() throws Exception {
        String running = jobs.submit(job("long-1", "sleep 60", 3));
        String running2 = jobs.submit(job("long-2", "sleep 60", 3));
        String waiting = jobs.submit(job("waiting", "sleep 60", 3)); // two slots: this one waits RUNNABLE
        await("two jobs running", () -> service.jobs().stream().filter(j -> j.status().equals("RUNNING")).count() == 2);
        assertThat(service.job(waiting).status()).as("no slot for it").isIn("SUBMITTED", "PENDING", "RUNNABLE");
        jobs.terminate(waiting, "search stopped");
        jobs.terminate(running, "search stopped");
        jobs.terminate(running2, "pruned");
        assertThat(awaitEnd(waiting).reason()).isEqualTo("search stopped");
        JobState stopped = awaitEnd(running);
        assertThat(stopped.status()).isEqualTo(JobStatus.FAILED);
        assertThat(stopped.reason()).isEqualTo("search stopped");
        assertThat(stopped.attempts()).as("a terminated job is not retried").isEqualTo(1);
        assertThat(awaitEnd(running2).reason()).isEqualTo("pruned");
    }

    @Test void batchsRefusalIsOneClearErrorNamingTheJob() {
        assertThatThrownBy(() -> jobs.submit(new JobRequest("x", "q", "no-such-definition", List.of("true"), Map.of(), 1, Duration.ofMinutes(1), 0)))
                .isInstanceOf(BatchException.class)
                .hasMessageContaining("Batch refused job x on queue q")
                .hasMessageContaining("JobDefinition no-such-definition not found");
    }

    @Test void jobNamesAreValidForBatchAndNameTheSearchAndTrial() {
        assertThat(JobRequest.jobName("cifar mlp.grid-20261123-140000", "t0007")).isEqualTo("etiqueta-cifar_mlp_grid-20261123-140000-t0007");
        String longName = JobRequest.jobName("x".repeat(200) + "-20261123-140000", "t0007");
        assertThat(longName).hasSize(128).endsWith("-20261123-140000-t0007").matches("[A-Za-z0-9_-]+");
    }
}
