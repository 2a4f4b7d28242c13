package io.etiqueta.batch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Batch job to submit: a trial's worker on the queue and job definition of the search's executor.
 *
 * @param command     the container command override (the worker's arguments; the image's entry point runs etiqueta)
 * @param environment added to the job definition's environment (the store, the search and trial ids)
 * @param attempts    Batch attempts in all (1 to 10); only lost hosts and the worker's retry exit code are retried
 * @param timeout     per attempt; Batch stops an attempt that runs longer
 * @param gpus        GPUs per job (0 leaves the job definition's own resource requirement)
 */
public record JobRequest(String name, String queue, String definition, List<String> command, Map<String, String> environment,
                         int attempts, Duration timeout, int gpus) {
    public JobRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (attempts < 1 || attempts > 10) throw new IllegalArgumentException("Batch allows 1 to 10 attempts per job, not " + attempts);
        if (timeout.toSeconds() < 60) throw new IllegalArgumentException("Batch needs a job timeout of at least 60 seconds, not " + timeout.toSeconds());
    }

    /**
     * A Batch job name for a trial: letters, digits, '-' and '_' only, at most 128 characters, and recognisably the
     * search's and the trial's (other characters become '_', a long search id keeps its end, where the time stamp is).
     */
    public static String jobName(String searchId, String trialId) {
        String search = searchId.replaceAll("[^A-Za-z0-9_-]", "_");
        String trial = trialId.replaceAll("[^A-Za-z0-9_-]", "_");
        String prefix = "etiqueta-";
        int room = 128 - prefix.length() - 1 - trial.length();
        if (search.length() > room) search = search.substring(search.length() - room);
        return prefix + search + "-" + trial;
    }
}
