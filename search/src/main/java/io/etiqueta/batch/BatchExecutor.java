package io.etiqueta.batch;

import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.trial.TrialRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a search's trials as AWS Batch jobs, one job per trial, each running {@code etiqueta worker} against the
 * same store. The trial's request ({@code request.json}) is in the store before {@link #start}; the worker writes
 * progress and the final record there; this class submits, watches (DescribeJobs with a backoff that resets when
 * something changes), terminates, and adopts jobs a previous coordinator left running.
 *
 * <p>Every job is recorded beside its trial ({@link BatchJob}, {@code job.json}) as soon as it is submitted, so a
 * coordinator killed at any moment can be resumed: {@link #adopt} finds the job and follows it instead of
 * submitting the trial again.
 */
public final class BatchExecutor implements AutoCloseable {
    /**
     * What the search file's {@code executor: {kind: batch, ...}} says.
     *
     * @param maxInFlight jobs at once (the slots)
     * @param attempts    Batch attempts per trial (lost hosts and the worker's retry code only)
     * @param timeout     per attempt
     * @param pollMin     DescribeJobs interval while jobs change; it doubles up to pollMax while nothing does
     */
    public record Settings(String queue, String jobDefinition, int maxInFlight, int attempts, Duration timeout,
                           Duration pollMin, Duration pollMax) {
        public Settings {
            if (queue == null || queue.isBlank()) throw new IllegalArgumentException("executor kind batch needs a queue (the Terraform output batch_job_queue)");
            if (jobDefinition == null || jobDefinition.isBlank()) throw new IllegalArgumentException("executor kind batch needs a job_definition (the Terraform output batch_job_definition)");
            if (maxInFlight < 1) throw new IllegalArgumentException("executor max_in_flight must be at least 1, not " + maxInFlight);
            if (attempts < 1 || attempts > 10) throw new IllegalArgumentException("executor attempts must be 1 to 10 (Batch's limit), not " + attempts);
        }

        public static Settings of(String queue, String jobDefinition, Integer maxInFlight, Integer attempts, Integer timeoutMinutes) {
            return new Settings(queue, jobDefinition, maxInFlight == null ? 4 : maxInFlight, attempts == null ? 3 : attempts,
                    Duration.ofMinutes(timeoutMinutes == null ? 360 : timeoutMinutes), Duration.ofSeconds(2), Duration.ofSeconds(30));
        }

        public Settings withPolling(Duration min, Duration max) {
            return new Settings(queue, jobDefinition, maxInFlight, attempts, timeout, min, max);
        }
    }

    /**
     * A trial whose job ended. {@code failure} is null when the trial has its final record in the store (written by
     * the worker); otherwise it says why no attempt could finish the trial, for the coordinator to record it FAILED.
     */
    public record Ended(String searchId, String trialId, BatchJob job, String failure) {}

    private final BatchJobs batch;
    private final Store store;
    private final String storeLocation;
    private final Settings settings;
    private final Clock clock;
    /** Jobs being followed, by trial key (search id + trial id). Guarded by this. */
    private final Map<String, BatchJob> live = new LinkedHashMap<>();
    private final Map<String, String[]> ids = new LinkedHashMap<>();
    private Duration interval;

    public BatchExecutor(BatchJobs batch, Store store, Settings settings) {
        this(batch, store, settings, Clock.systemUTC());
    }

    BatchExecutor(BatchJobs batch, Store store, Settings settings, Clock clock) {
        this.batch = batch;
        this.store = store;
        this.storeLocation = store.location();
        this.settings = settings;
        this.clock = clock;
        this.interval = settings.pollMin();
    }

    public int slots() { return settings.maxInFlight(); }

    public Store store() { return store; }

    public Settings settings() { return settings; }

    public static String jobKey(String searchId, String trialId) { return StoreLayout.trialPrefix(searchId, trialId) + BatchJob.FILE; }

    /** The job recorded for a trial, if any (for {@code search status}). */
    public static Optional<BatchJob> recorded(Store store, String searchId, String trialId) {
        return store.get(jobKey(searchId, trialId)).map(b -> Json.read(b, BatchJob.class));
    }

    /** The jobs recorded for a search's trials, by trial id (one listing, then one read per job). */
    public static Map<String, BatchJob> recordedJobs(Store store, String searchId) {
        String prefix = StoreLayout.searchPrefix(searchId) + "trials/";
        Map<String, BatchJob> out = new java.util.TreeMap<>();
        for (String key : store.list(prefix)) {
            if (!key.endsWith("/" + BatchJob.FILE)) continue;
            String trialId = key.substring(prefix.length(), key.length() - BatchJob.FILE.length() - 1);
            if (trialId.contains("/")) continue;
            store.get(key).ifPresent(b -> out.put(trialId, Json.read(b, BatchJob.class)));
        }
        return out;
    }

    /** One line for {@code search status}: "batch job 1f0c... running (attempt 2), log stream worker/default/9a1b...". */
    public static String describe(BatchJob job) {
        StringBuilder line = new StringBuilder("batch job ").append(job.jobId()).append(' ').append(job.status().name().toLowerCase(java.util.Locale.ROOT));
        if (job.attempts() > 0) line.append(" (").append(job.attempts()).append(job.attempts() == 1 ? " attempt ended" : " attempts ended").append(')');
        if (job.reason() != null && job.status() == JobStatus.FAILED) line.append(": ").append(job.reason());
        if (job.logStream() != null) line.append(", log stream ").append(job.logStream());
        return line.toString();
    }

    /**
     * Submits the trial's job (its request.json is in the store) and records it beside the trial; when a job of an
     * earlier coordinator is still alive for it (killed before its worker marked the trial RUNNING), follows that one.
     */
    public synchronized BatchJob start(String searchId, String trialId) {
        if (followRecorded(searchId, trialId)) return live.get(searchId + "/" + trialId);
        String name = JobRequest.jobName(searchId, trialId);
        List<String> command = List.of("worker", "--search", searchId, "--trial", trialId, "--store", storeLocation);
        Map<String, String> environment = Map.of("ETIQUETA_STORE", storeLocation, "ETIQUETA_SEARCH_ID", searchId, "ETIQUETA_TRIAL_ID", trialId);
        String jobId = batch.submit(new JobRequest(name, settings.queue(), settings.jobDefinition(), command, environment,
                settings.attempts(), settings.timeout(), 1));
        BatchJob job = new BatchJob("batch", jobId, name, settings.queue(), settings.jobDefinition(), clock.instant(), null,
                JobStatus.SUBMITTED, 0, null, clock.instant());
        store.put(jobKey(searchId, trialId), Json.bytes(job));
        follow(searchId, trialId, job);
        return job;
    }

    /**
     * Follows the trial's job when Batch says it is still waiting or running (a coordinator was killed or stopped
     * while it ran): the job recorded beside the trial, else a live job of the trial's name on the queue (the
     * coordinator died between SubmitJob and recording the job's id; one ListJobs call), which is then recorded.
     * Returns false when there is no live job, so the caller starts the trial afresh.
     */
    public synchronized boolean adopt(String searchId, String trialId) {
        return followRecorded(searchId, trialId) || followByName(searchId, trialId);
    }

    /** Follows the job recorded beside the trial when it is still alive. */
    private boolean followRecorded(String searchId, String trialId) {
        Optional<BatchJob> recorded = recorded(store, searchId, trialId);
        if (recorded.isEmpty()) return false;
        JobState state = batch.describe(List.of(recorded.get().jobId())).get(recorded.get().jobId());
        if (state == null || state.ended()) return false;
        BatchJob job = recorded.get().with(state, clock.instant());
        store.put(jobKey(searchId, trialId), Json.bytes(job));
        follow(searchId, trialId, job);
        return true;
    }

    /** Follows (and records) the newest live job of the trial's name on the queue, if any. */
    private boolean followByName(String searchId, String trialId) {
        String name = JobRequest.jobName(searchId, trialId);
        Optional<JobState> live = batch.findByName(settings.queue(), name).stream()
                .filter(j -> !j.ended())
                .max(Comparator.comparing(JobState::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (live.isEmpty()) return false;
        JobState state = live.get();
        BatchJob job = new BatchJob("batch", state.jobId(), name, settings.queue(), settings.jobDefinition(),
                state.created() != null ? state.created() : clock.instant(), null, state.status(), state.attempts(), null, clock.instant());
        store.put(jobKey(searchId, trialId), Json.bytes(job));
        follow(searchId, trialId, job);
        return true;
    }

    private void follow(String searchId, String trialId, BatchJob job) {
        String key = searchId + "/" + trialId;
        live.put(key, job);
        ids.put(key, new String[]{searchId, trialId});
        interval = settings.pollMin();
    }

    public synchronized int inFlight() { return live.size(); }

    /** Terminates the trial's job (pruned by the coordinator, {@code search stop --now}); its end is reported as usual. */
    public void cancel(String searchId, String trialId, String reason) {
        BatchJob job;
        synchronized (this) { job = live.get(searchId + "/" + trialId); }
        if (job != null) batch.terminate(job.jobId(), reason);
    }

    /** Terminates every job this executor follows. */
    public void cancelAll(String reason) {
        List<String> jobIds;
        synchronized (this) { jobIds = live.values().stream().map(BatchJob::jobId).toList(); }
        for (String id : jobIds) batch.terminate(id, reason);
    }

    /**
     * Waits up to {@code maxWait} for jobs to end and returns the trials whose jobs ended (possibly none). Polls
     * DescribeJobs at the current interval: back to the minimum whenever a job changed, doubling up to the maximum
     * while none did.
     */
    public List<Ended> awaitEnded(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            List<Ended> ended = poll();
            if (!ended.isEmpty() || System.nanoTime() >= deadline) return ended;
            Duration sleep;
            synchronized (this) {
                if (live.isEmpty()) return List.of();
                sleep = interval;
            }
            Thread.sleep(Math.max(1, Math.min(sleep.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** One DescribeJobs round: updates the recorded jobs and returns the trials whose jobs ended. */
    public List<Ended> poll() {
        Map<String, BatchJob> snapshot;
        synchronized (this) { snapshot = new LinkedHashMap<>(live); }
        if (snapshot.isEmpty()) return List.of();
        Map<String, JobState> states = batch.describe(snapshot.values().stream().map(BatchJob::jobId).toList());
        List<Ended> ended = new ArrayList<>();
        boolean changed = false;
        for (var e : snapshot.entrySet()) {
            String[] trial;
            synchronized (this) { trial = ids.get(e.getKey()); }
            BatchJob before = e.getValue();
            JobState state = states.get(before.jobId());
            if (state == null) {
                // Batch forgets jobs about a week after they end; one that vanished while followed cannot be watched
                ended.add(end(e.getKey(), trial, before, "Batch no longer knows job " + before.jobId()));
                changed = true;
                continue;
            }
            BatchJob now = before.with(state, clock.instant());
            boolean different = now.status() != before.status() || now.attempts() != before.attempts()
                    || !java.util.Objects.equals(now.logStream(), before.logStream());
            if (different) {
                changed = true;
                store.put(jobKey(trial[0], trial[1]), Json.bytes(now));
                synchronized (this) { live.put(e.getKey(), now); }
            }
            if (state.ended()) ended.add(end(e.getKey(), trial, now, failure(trial, now, state)));
        }
        synchronized (this) {
            interval = changed ? settings.pollMin() : min(interval.multipliedBy(2), settings.pollMax());
        }
        return ended;
    }

    private Ended end(String key, String[] trial, BatchJob job, String failure) {
        synchronized (this) {
            live.remove(key);
            ids.remove(key);
        }
        return new Ended(trial[0], trial[1], job, failure);
    }

    /** Null when the worker left the trial's final record; else why the job could not finish the trial. */
    private String failure(String[] trial, BatchJob job, JobState state) {
        Optional<TrialRecord> record = store.get(StoreLayout.trialRecord(trial[0], trial[1])).map(b -> Json.read(b, TrialRecord.class));
        if (record.isPresent() && record.get().state().finished()) return null;
        String exit = state.exitCode() == null ? "" : " (exit code " + state.exitCode() + ")";
        if (state.status() == JobStatus.SUCCEEDED) return "Batch job " + job.jobId() + " succeeded but left no final record";
        String reason = state.reason() == null ? "no reason given" : state.reason();
        return (state.attempts() > 1 ? "all " + state.attempts() + " attempts of Batch job " : "Batch job ") + job.jobId() + " failed: " + reason + exit;
    }

    private static Duration min(Duration a, Duration b) { return a.compareTo(b) <= 0 ? a : b; }

    @Override public void close() { batch.close(); }
}
