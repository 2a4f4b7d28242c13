package io.etiqueta.batch;

import io.etiqueta.search.execution.TrialExecutor;
import io.etiqueta.storage.AwsSettings;
import io.etiqueta.search.execution.TrialExecutors;

/**
 * Plugs {@code executor: {kind: batch, queue, job_definition, max_in_flight}} into the search runner (listed in
 * {@code META-INF/services}). Attempts per job and the attempt timeout come from {@code ETIQUETA_BATCH_ATTEMPTS}
 * (default 3) and {@code ETIQUETA_BATCH_TIMEOUT_MINUTES} (default 360); Batch itself from the AWS SDK's chains.
 */
public final class BatchExecutorProvider implements TrialExecutors.Provider {
    @Override public String kind() { return "batch"; }

    @Override public TrialExecutor create(TrialExecutors.Context context) {
        var s = context.settings();
        BatchExecutor.Settings settings = BatchExecutor.Settings.of(s.queue(), s.jobDefinition(), context.slots(),
                integer("etiqueta.batch.attempts", "ETIQUETA_BATCH_ATTEMPTS"), integer("etiqueta.batch.timeoutMinutes", "ETIQUETA_BATCH_TIMEOUT_MINUTES"));
        String pollMillis = AwsSettings.setting("etiqueta.batch.pollMillis", "ETIQUETA_BATCH_POLL_MILLIS", null);
        if (pollMillis != null) {
            long ms = Long.parseLong(pollMillis);
            settings = settings.withPolling(java.time.Duration.ofMillis(ms), java.time.Duration.ofMillis(Math.max(ms, 30_000)));
        }
        return new BatchTrialExecutor(new BatchExecutor(BatchJobs.fromEnvironment(), context.store(), settings), context.searchId());
    }

    private static Integer integer(String property, String variable) {
        String v = AwsSettings.setting(property, variable, null);
        if (v == null) return null;
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number, not '" + v + "'");
        }
    }
}
