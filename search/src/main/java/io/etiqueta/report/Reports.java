package io.etiqueta.report;

/** Makes report generators. */
public final class Reports {
    /** How many leading trials get learning curves unless told otherwise. */
    public static final int DEFAULT_LEADING_TRIALS = 5;

    private Reports() {}

    public static ReportGenerator generator() { return generator(DEFAULT_LEADING_TRIALS); }

    /** A generator that draws learning curves for the {@code leadingTrials} best trials. */
    public static ReportGenerator generator(int leadingTrials) {
        if (leadingTrials < 1) throw new IllegalArgumentException("leading trials must be at least 1, got " + leadingTrials);
        return new HtmlReportGenerator(leadingTrials);
    }

    /**
     * Reads the search (and those to compare it with) from the store, writes its report under
     * {@code reports/<id>/} there and, when {@code outDir} is not null, into that folder.
     */
    public static PublishedReport publish(io.etiqueta.storage.Store store, String searchId, java.util.List<String> compareIds,
                                          java.nio.file.Path outDir, int leadingTrials) {
        Report report = generator(leadingTrials).generate(StoredSearches.read(store, searchId, compareIds));
        String key = report.saveTo(store);
        return new PublishedReport(report, key, store.location(), outDir == null ? null : report.writeTo(outDir));
    }

    /** The report id for a search, and for a search compared with others. */
    public static String reportId(String searchId, java.util.List<String> comparedIds) {
        if (comparedIds == null || comparedIds.isEmpty()) return searchId;
        return searchId + "-vs-" + String.join("-", comparedIds);
    }
}
