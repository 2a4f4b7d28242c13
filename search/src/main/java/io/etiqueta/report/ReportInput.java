package io.etiqueta.report;

import io.etiqueta.bundle.Architecture;
import io.etiqueta.trial.PredictionExamples;
import io.etiqueta.trial.TrialRecord;

import java.util.List;

/**
 * Everything a report is made from, independent of where it was read: the search, its trials (any state),
 * the champion's test images (null when none were stored), the searches to compare with, and the champion's
 * layer table from its bundle's manifest (null when unknown).
 */
public record ReportInput(SearchSummary search, List<TrialRecord> trials, PredictionExamples championExamples,
                          List<ComparedSearch> compared, Architecture championArchitecture) {
    public ReportInput {
        if (search == null) throw new IllegalArgumentException("report input is missing its search");
        trials = trials == null ? List.of() : List.copyOf(trials);
        compared = compared == null ? List.of() : List.copyOf(compared);
    }

    public ReportInput(SearchSummary search, List<TrialRecord> trials, PredictionExamples championExamples) {
        this(search, trials, championExamples, List.of());
    }

    /** Without the champion's layer table (bundles written before manifests kept it). */
    public ReportInput(SearchSummary search, List<TrialRecord> trials, PredictionExamples championExamples, List<ComparedSearch> compared) {
        this(search, trials, championExamples, compared, null);
    }
}
