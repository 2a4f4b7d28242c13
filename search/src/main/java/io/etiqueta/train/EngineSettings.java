package io.etiqueta.train;

/**
 * How the engine splits data and what it keeps.
 *
 * @param validationFraction share of the training pool held out to choose the epoch (and to compare trials)
 * @param testFraction       share held out for the final test when the dataset has no test set of its own
 * @param galleryPerKind     test images kept per kind (misclassified, confidently correct) for reports
 * @param skipBadFiles       skip unreadable images (counted) instead of failing the trial
 */
public record EngineSettings(double validationFraction, double testFraction, int galleryPerKind, boolean skipBadFiles) {
    public static EngineSettings defaults() { return new EngineSettings(0.1, 0.1, 12, false); }

    public EngineSettings withSkipBadFiles(boolean skip) { return new EngineSettings(validationFraction, testFraction, galleryPerKind, skip); }
}
