package io.etiqueta.train;

/**
 * How the engine splits data and what it keeps.
 *
 * @param validationFraction share of the training pool held out to choose the epoch (and to compare trials)
 * @param testFraction       share held out for the final test when the dataset has no test set of its own
 * @param galleryPerKind     test images kept per kind (misclassified, confidently correct) for reports
 * @param skipBadFiles       skip unreadable images (counted) instead of failing the trial
 * @param threads            CPU threads one trial's ops use (ND4J, OpenMP, OpenBLAS); a search with several
 *                           workers gives each cores / workers so that together they load the cores once
 */
public record EngineSettings(double validationFraction, double testFraction, int galleryPerKind, boolean skipBadFiles, int threads) {
    public EngineSettings {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }

    /** All cores for the one trial at a time. */
    public EngineSettings(double validationFraction, double testFraction, int galleryPerKind, boolean skipBadFiles) {
        this(validationFraction, testFraction, galleryPerKind, skipBadFiles, CpuBackend.cores());
    }

    public static EngineSettings defaults() { return new EngineSettings(0.1, 0.1, 12, false); }

    public EngineSettings withSkipBadFiles(boolean skip) { return new EngineSettings(validationFraction, testFraction, galleryPerKind, skip, threads); }

    public EngineSettings withThreads(int n) { return new EngineSettings(validationFraction, testFraction, galleryPerKind, skipBadFiles, n); }

    /** Each of {@code workers} concurrent trials gets the cores shared out. */
    public EngineSettings forWorkers(int workers) { return withThreads(CpuBackend.threadsPerTrial(workers)); }
}
