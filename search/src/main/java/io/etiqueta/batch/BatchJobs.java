package io.etiqueta.batch;

import io.etiqueta.worker.WorkerExit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import io.etiqueta.storage.AwsRetries;
import io.etiqueta.storage.AwsSettings;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.BatchClientBuilder;
import software.amazon.awssdk.services.batch.model.AttemptDetail;
import software.amazon.awssdk.services.batch.model.ContainerOverrides;
import software.amazon.awssdk.services.batch.model.EvaluateOnExit;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.batch.model.RetryAction;
import software.amazon.awssdk.services.batch.model.SubmitJobResponse;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS Batch as etiqueta uses it: submit one job per trial, describe jobs, terminate them, find a trial's jobs by
 * name. Credentials and region come from the SDK's default chains; the endpoint from {@code AWS_ENDPOINT_URL_BATCH}
 * (or {@code aws.endpointUrlBatch}), else {@code AWS_ENDPOINT_URL}, else AWS itself.
 *
 * <p>Throttling (429) and server errors (5xx) are retried with growing backoff by the SDK's standard strategy, with
 * more attempts than its default: a search that has paid for GPU hours should not die of a busy control plane.
 * SubmitJob is not idempotent in Batch, so it is sent once per call and a lost answer is resolved by looking the
 * job up by its name before submitting again.
 */
public final class BatchJobs implements AutoCloseable {
    /** Status reasons of attempts that died with their host (spot reclaim, instance failure): always retried. */
    public static final String HOST_LOST = "Host EC2*";

    private final Settings settings;
    private final SdkHttpClient http;
    private final BatchClient batch;
    /** Sends SubmitJob once per call: {@link #submit} decides about another try. */
    private final BatchClient batchOnce;

    public BatchJobs(Settings settings) {
        this.settings = settings;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        this.batch = client(AwsRetries.standard(settings.maxAttempts(), settings.baseDelay(), settings.maxDelay()));
        this.batchOnce = client(AwsRetries.standard(1, settings.baseDelay(), settings.maxDelay()));
    }

    public static BatchJobs fromEnvironment() { return new BatchJobs(Settings.fromEnvironment()); }

    public Settings settings() { return settings; }


    private BatchClient client(RetryStrategy retries) {
        BatchClientBuilder builder = BatchClient.builder()
                .httpClient(http)
                .region(settings.region())
                .credentialsProvider(settings.credentials())
                .overrideConfiguration(o -> o.retryStrategy(retries));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The retry strategy every trial's job gets (the same as the Terraform job definition's): another attempt when the
     * host was lost, the image could not be pulled or the worker asked for one ({@link WorkerExit#RETRY}); any other
     * exit (the trial's own failure, a bad request) is final, and so is a TerminateJob.
     */
    static List<EvaluateOnExit> retryRules() {
        return List.of(
                EvaluateOnExit.builder().onStatusReason(HOST_LOST).action(RetryAction.RETRY).build(),
                EvaluateOnExit.builder().onReason("CannotPullContainerError*").action(RetryAction.RETRY).build(),
                EvaluateOnExit.builder().onExitCode(String.valueOf(WorkerExit.RETRY)).action(RetryAction.RETRY).build(),
                EvaluateOnExit.builder().onExitCode("*").action(RetryAction.EXIT).build());
    }

    /**
     * Submits a job and returns its id. When an answer is lost (a 5xx after the request may have been taken, a broken
     * connection), a job of the same name created since this call started is taken as this call's job rather than
     * submitting a second one.
     */
    public String submit(JobRequest request) {
        Instant since = Instant.now().minusSeconds(5); // the service's clock may lag ours a little
        ContainerOverrides.Builder overrides = ContainerOverrides.builder()
                .command(request.command())
                .environment(request.environment().entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList());
        if (request.gpus() > 0) {
            overrides.resourceRequirements(ResourceRequirement.builder().type(ResourceType.GPU).value(String.valueOf(request.gpus())).build());
        }
        SdkException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                sleep(backoff(attempt));
                Optional<JobState> taken = findByName(request.queue(), request.name()).stream()
                        .filter(j -> !j.created().isBefore(since)).max(Comparator.comparing(JobState::created));
                if (taken.isPresent()) return taken.get().jobId();
            }
            try {
                SubmitJobResponse answer = batchOnce.submitJob(b -> b
                        .jobName(request.name())
                        .jobQueue(request.queue())
                        .jobDefinition(request.definition())
                        .containerOverrides(overrides.build())
                        .retryStrategy(r -> r.attempts(request.attempts()).evaluateOnExit(retryRules()))
                        .timeout(t -> t.attemptDurationSeconds((int) Math.min(Integer.MAX_VALUE, request.timeout().toSeconds())))
                        .propagateTags(true)
                        .tags(Map.of("etiqueta:job", request.name())));
                return answer.jobId();
            } catch (SdkException e) {
                if (!retryable(e)) throw new BatchException("Batch refused job " + request.name() + " on queue " + request.queue() + ": " + message(e), e);
                last = e;
            }
        }
        throw new BatchException("Batch did not take job " + request.name() + " after " + settings.maxAttempts() + " tries: " + message(last), last);
    }

    /** The jobs' states, by id; ids Batch no longer knows (jobs expire about a week after they end) are missing. */
    public Map<String, JobState> describe(Collection<String> jobIds) {
        Map<String, JobState> out = new LinkedHashMap<>();
        List<String> ids = List.copyOf(jobIds);
        for (int from = 0; from < ids.size(); from += 100) { // DescribeJobs takes at most 100 ids
            List<String> page = ids.subList(from, Math.min(ids.size(), from + 100));
            for (JobDetail d : call("describe jobs", () -> batch.describeJobs(b -> b.jobs(page)).jobs())) {
                out.put(d.jobId(), state(d));
            }
        }
        return out;
    }

    /** Stops a job: a waiting one never starts, a running one gets SIGTERM, then SIGKILL after the stop timeout. */
    public void terminate(String jobId, String reason) {
        call("terminate job " + jobId, () -> batch.terminateJob(b -> b.jobId(jobId).reason(reason)));
    }

    /** Every job of that name on the queue, whatever its status (Batch lists ended jobs for about a week). */
    public List<JobState> findByName(String queue, String jobName) {
        List<JobState> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = call("list jobs", () -> batch.listJobs(b -> b.jobQueue(queue).nextToken(next)
                    .filters(KeyValuesPair.builder().name("JOB_NAME").values(jobName).build())));
            for (JobSummary s : page.jobSummaryList()) {
                if (!jobName.equals(s.jobName())) continue;
                out.add(new JobState(s.jobId(), s.jobName(), JobStatus.of(s.statusAsString()), s.statusReason(),
                        s.container() == null ? null : s.container().exitCode(), null, 0,
                        instant(s.createdAt()), instant(s.startedAt()), instant(s.stoppedAt())));
            }
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    private static JobState state(JobDetail d) {
        Integer exit = null;
        String logStream = null;
        if (d.container() != null) {
            exit = d.container().exitCode();
            logStream = d.container().logStreamName();
        }
        if (logStream == null && d.hasAttempts() && !d.attempts().isEmpty()) {
            AttemptDetail a = d.attempts().getLast();
            if (a.container() != null) logStream = a.container().logStreamName();
        }
        return new JobState(d.jobId(), d.jobName(), JobStatus.of(d.statusAsString()), d.statusReason(), exit, logStream,
                d.hasAttempts() ? d.attempts().size() : 0, instant(d.createdAt()), instant(d.startedAt()), instant(d.stoppedAt()));
    }

    private static Instant instant(Long millis) { return millis == null ? null : Instant.ofEpochMilli(millis); }

    private <T> T call(String what, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new BatchException("Batch could not " + what + where() + ": " + message(e), e);
        }
    }

    private String where() { return settings.endpoint().map(u -> " (at " + u + ")").orElse(""); }

    static boolean retryable(SdkException e) {
        if (RetryUtils.isThrottlingException(e) || (e instanceof AwsServiceException s && s.statusCode() >= 500)) return true;
        // a broken connection or a timeout; not a client-side refusal such as missing credentials
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException) return true;
        }
        return false;
    }

    private static String message(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null) {
            return s.awsErrorDetails().errorMessage() + " (" + s.statusCode() + " " + s.awsErrorDetails().errorCode() + ")";
        }
        return String.valueOf(e == null ? "no answer" : e.getMessage());
    }

    private Duration backoff(int attempt) {
        long millis = settings.baseDelay().toMillis() << Math.min(10, attempt - 1);
        return Duration.ofMillis(Math.min(millis, settings.maxDelay().toMillis()));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchException("interrupted while waiting to retry a Batch request", e);
        }
    }

    @Override public void close() {
        batch.close();
        batchOnce.close();
        http.close();
    }

    /**
     * How to reach Batch, read the AWS way (a system property, else an environment variable).
     *
     * @param maxAttempts tries per request, throttled and failed ones included ({@code etiqueta.batch.maxAttempts} /
     *                    {@code ETIQUETA_BATCH_MAX_ATTEMPTS}, default 10: about a minute of backoff)
     */
    public record Settings(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials, int maxAttempts,
                           Duration baseDelay, Duration maxDelay) {
        public static Settings fromEnvironment() {
            Optional<URI> endpoint = AwsSettings.endpoint("aws.endpointUrlBatch", "AWS_ENDPOINT_URL_BATCH");
            return new Settings(endpoint, region(endpoint.isPresent()), DefaultCredentialsProvider.builder().build(),
                    Integer.parseInt(setting("etiqueta.batch.maxAttempts", "ETIQUETA_BATCH_MAX_ATTEMPTS", "10")),
                    Duration.ofMillis(Long.parseLong(setting("etiqueta.batch.retryBaseDelayMillis", "ETIQUETA_BATCH_RETRY_BASE_DELAY_MILLIS", "200"))),
                    Duration.ofSeconds(20));
        }

        /** The SDK's region chain; with an endpoint override (a local service) it falls back to us-east-1. */
        private static Region region(boolean endpointOverride) {
            return AwsSettings.region(endpointOverride).or(() -> endpointOverride ? Optional.of(Region.US_EAST_1) : Optional.empty())
                    .orElseThrow(() -> new BatchException("no AWS region: set AWS_REGION (or a profile's region) to the region of the Batch queue", null));
        }

        private static String setting(String property, String variable, String fallback) {
            return AwsSettings.setting(property, variable, fallback);
        }
    }
}
