package io.etiqueta.report;

import io.etiqueta.trial.TrialRecord;

import java.util.List;

/** Another search shown beside the main one ({@code --compare}). */
public record ComparedSearch(SearchSummary search, List<TrialRecord> trials) {
    public ComparedSearch {
        if (search == null) throw new IllegalArgumentException("compared search is missing its summary");
        trials = trials == null ? List.of() : List.copyOf(trials);
    }
}
