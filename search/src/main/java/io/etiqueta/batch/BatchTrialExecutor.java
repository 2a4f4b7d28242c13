package io.etiqueta.batch;

import io.etiqueta.search.execution.TrialExecutor;
import io.etiqueta.search.store.TrialAssignment;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.json.Json;
import io.etiqueta.trial.TrialRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The search runner's executor of kind {@code batch}: one AWS Batch job per trial, through {@link BatchExecutor}.
 * A trial whose job ended with its final record in the store ends with that record; one whose job ended without
 * it (every attempt failed, or it was terminated) ends with Batch's reason, which the coordinator records as FAILED.
 */
public final class BatchTrialExecutor implements TrialExecutor {
    private final BatchExecutor jobs;
    private final String searchId;
    /** Why the coordinator cancelled a trial, to say so when its terminated job ends. */
    private final Map<String, String> cancelled = new ConcurrentHashMap<>();

    public BatchTrialExecutor(BatchExecutor jobs, String searchId) {
        this.jobs = jobs;
        this.searchId = searchId;
    }

    @Override public int slots() { return jobs.slots(); }

    @Override public void start(TrialAssignment request) { jobs.start(request.searchId(), request.trialId()); }

    @Override public List<TrialEnd> awaitEnded(Duration timeout) throws InterruptedException {
        List<TrialEnd> out = new ArrayList<>();
        for (BatchExecutor.Ended e : jobs.awaitEnded(timeout)) {
            TrialRecord record = e.failure() == null ? finalRecord(e.trialId()) : null;
            if (record != null) {
                out.add(TrialEnd.finished(record));
            } else {
                String why = cancelled.remove(e.trialId());
                out.add(TrialEnd.failed(e.trialId(), why != null ? "cancelled: " + why + " (Batch job " + e.job().jobId() + " terminated)"
                        : e.failure() != null ? e.failure() : "Batch job " + e.job().jobId() + " left no final record"));
            }
        }
        return out;
    }

    private TrialRecord finalRecord(String trialId) {
        return jobs.store().get(StoreLayout.trialRecord(searchId, trialId)).map(b -> Json.read(b, TrialRecord.class))
                .filter(t -> t.state().finished()).orElse(null);
    }

    @Override public void cancel(String trialId, String reason) {
        cancelled.put(trialId, reason);
        jobs.cancel(searchId, trialId, reason);
    }

    @Override public Set<String> adopt(List<TrialAssignment> unfinished) {
        Set<String> adopted = new LinkedHashSet<>();
        for (TrialAssignment t : unfinished) {
            if (jobs.adopt(searchId, t.trialId())) adopted.add(t.trialId());
        }
        return adopted;
    }

    @Override public void close() { jobs.close(); }
}
