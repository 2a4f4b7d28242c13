package io.etiqueta.search.spec;

import java.util.Locale;

/**
 * Where a search's trials run: the search file's {@code executor} section (or {@code --executor} on the command
 * line). {@code local} trains on threads of the searching process, {@code batch} submits one AWS Batch job per
 * trial; the other fields matter to remote executors only.
 *
 * @param kind          {@code local} (default) or {@code batch}; any kind a plugged-in executor provides
 * @param queue         the job queue a remote executor submits to
 * @param jobDefinition the job definition it submits
 * @param maxInFlight   trials running at once; null means the search's {@code workers}
 */
public record ExecutorSettings(String kind, String queue, String jobDefinition, Integer maxInFlight) {
    public static final String LOCAL = "local";
    public static final ExecutorSettings DEFAULT = new ExecutorSettings(LOCAL, null, null, null);

    public ExecutorSettings {
        kind = kind == null || kind.isBlank() ? LOCAL : kind.strip().toLowerCase(Locale.ROOT);
        if (!kind.matches("[a-z][a-z0-9_-]{0,31}")) throw new IllegalArgumentException("executor kind must be a word like 'local' or 'batch', got '" + kind + "'");
        if (maxInFlight != null && maxInFlight < 1) throw new IllegalArgumentException("executor max_in_flight must be at least 1, got " + maxInFlight);
    }

    public boolean local() { return LOCAL.equals(kind); }

    /** Trials in flight at once: max_in_flight when given, else the search's workers. */
    public int slots(int workers) { return maxInFlight != null ? maxInFlight : workers; }

    public ExecutorSettings withKind(String k) { return new ExecutorSettings(k, queue, jobDefinition, maxInFlight); }
}
