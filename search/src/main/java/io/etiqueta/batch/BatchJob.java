package io.etiqueta.batch;

import java.time.Instant;

/**
 * The Batch job that runs (or ran) a trial, as the executor records it beside the trial
 * ({@code searches/<id>/trials/<t>/job.json}): what {@code search status} shows and what {@code search resume}
 * reads to adopt a job that is still alive instead of submitting the trial again.
 *
 * @param logStream the CloudWatch log stream of the current (or last) attempt, null before one started
 * @param status    the job's last known Batch status
 * @param reason    Batch's status reason once the job ended
 */
public record BatchJob(String kind, String jobId, String jobName, String queue, String jobDefinition, Instant submitted,
                       String logStream, JobStatus status, int attempts, String reason, Instant updated) {
    public static final String FILE = "job.json";

    public BatchJob with(JobState state, Instant now) {
        return new BatchJob(kind, jobId, jobName, queue, jobDefinition, submitted,
                state.logStream() != null ? state.logStream() : logStream, state.status(), state.attempts(), state.reason(), now);
    }
}
