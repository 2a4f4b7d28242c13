package io.etiqueta.trial;

import java.util.List;

/**
 * Test images a trial's model got wrong (most confident mistakes first) and got right with the highest
 * confidence, and per class its hardest test image (the lowest probability given to its true class, as a small
 * thumbnail), so a report can show hard examples for each of hundreds of classes. Stored apart from the trial
 * record ({@code StoreLayout.examples}) because it is large.
 *
 * @param hardestPerClass one per class that has test images, in class order; empty in older files
 */
public record PredictionExamples(List<PredictionExample> misclassified, List<PredictionExample> confidentlyCorrect,
                                 List<PredictionExample> hardestPerClass) {
    public PredictionExamples {
        hardestPerClass = hardestPerClass == null ? List.of() : List.copyOf(hardestPerClass);
    }

    public PredictionExamples(List<PredictionExample> misclassified, List<PredictionExample> confidentlyCorrect) {
        this(misclassified, confidentlyCorrect, List.of());
    }
}
