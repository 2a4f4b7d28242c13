package io.etiqueta.search.execution;

import io.etiqueta.search.store.SearchStore;
import io.etiqueta.search.store.TrialProgress;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial's peers as the pruner sees them, read from the store so that peers running on other machines count:
 * every finished trial, and every running trial with the curve of its {@code progress.json}. Final records never
 * change, so they are read once.
 */
final class StoredPeers {
    private final SearchStore searches;
    private final String searchId;
    private final Map<String, TrialRecord> finals = new HashMap<>();

    StoredPeers(SearchStore searches, String searchId) {
        this.searches = searches;
        this.searchId = searchId;
    }

    /** Every peer but the given trial. */
    List<TrialRecord> except(String trialId) {
        List<TrialRecord> out = new ArrayList<>();
        for (TrialRecord t : searches.trials(searchId, finals)) {
            if (t.id().equals(trialId)) continue;
            if (t.state().finished()) {
                finals.put(t.id(), t);
                out.add(t);
            } else if (t.state() == TrialState.RUNNING) {
                TrialProgress p = searches.progress(searchId, t.id()).orElse(null);
                if (p != null && !p.epochs().isEmpty()) {
                    out.add(new TrialRecord(t.id(), searchId, t.number(), TrialState.RUNNING, t.config(), t.dataset(), null, p.epochs(),
                            null, null, null, null, null, null, null, null, t.started(), null));
                }
            }
        }
        return out;
    }
}
