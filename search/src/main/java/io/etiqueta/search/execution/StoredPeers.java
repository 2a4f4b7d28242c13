package io.etiqueta.search.execution;

import io.etiqueta.search.pruning.LearningCurve;
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
 * every finished trial and, when {@code running} is asked for (ASHA), every running trial's curve from its
 * {@code progress.json}. Final records never change, so they are read once; the view is re-read at most every
 * {@value #REFRESH_MS} ms (a pruner may ask several times per epoch, at checkpoints).
 */
final class StoredPeers {
    static final long REFRESH_MS = 250;
    private final SearchStore searches;
    private final String searchId;
    private final boolean running;
    private final Map<String, TrialRecord> finals = new HashMap<>();
    private List<LearningCurve> last;
    private long lastRead;

    StoredPeers(SearchStore searches, String searchId, boolean running) {
        this.searches = searches;
        this.searchId = searchId;
        this.running = running;
    }

    /** Every peer's curve (the caller's own trial included; the pruner leaves it out). */
    synchronized List<LearningCurve> curves() {
        if (last != null && System.nanoTime() - lastRead < REFRESH_MS * 1_000_000) return last;
        List<LearningCurve> out = new ArrayList<>();
        for (TrialRecord t : searches.trials(searchId, finals)) {
            if (t.state().finished()) {
                finals.put(t.id(), t);
                out.add(LearningCurve.of(t));
            } else if (running && t.state() == TrialState.RUNNING) {
                TrialProgress p = searches.progress(searchId, t.id()).orElse(null);
                if (p != null) out.add(new LearningCurve(t.id(), p.maxEpochs(), p.epochs(), p.checkpoints()));
            }
        }
        last = List.copyOf(out);
        lastRead = System.nanoTime();
        return last;
    }
}
