package io.etiqueta.train;

/**
 * Accuracy and mean cross-entropy over a set, and (when kept) the predicted probabilities per example.
 */
record Scores(double loss, double accuracy, int examples, float[][] probabilities) {}
