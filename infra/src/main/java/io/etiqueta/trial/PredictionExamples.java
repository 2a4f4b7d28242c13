package io.etiqueta.trial;

import java.util.List;

/**
 * Test images a trial's model got wrong (most confident mistakes first) and got right with the highest
 * confidence. Stored apart from the trial record ({@code StoreLayout.examples}) because it is large.
 */
public record PredictionExamples(List<PredictionExample> misclassified, List<PredictionExample> confidentlyCorrect) {}
