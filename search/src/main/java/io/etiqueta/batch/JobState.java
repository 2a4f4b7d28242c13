package io.etiqueta.batch;

import java.time.Instant;

/**
 * What Batch says about one job.
 *
 * @param reason     Batch's status reason (why an attempt or the job ended: "Host EC2 (instance i-...) terminated.",
 *                   "Essential container in task exited", a TerminateJob reason), null while running
 * @param exitCode   the last finished attempt's exit code, null when it had none (a lost host) or none finished
 * @param logStream  the CloudWatch log stream of the current (or last) attempt, null before the first starts
 * @param attempts   finished attempts so far
 */
public record JobState(String jobId, String jobName, JobStatus status, String reason, Integer exitCode, String logStream,
                       int attempts, Instant created, Instant started, Instant stopped) {

    public boolean ended() { return status.ended(); }
}
