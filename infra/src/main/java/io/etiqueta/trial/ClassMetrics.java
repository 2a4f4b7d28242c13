package io.etiqueta.trial;

/** One class's test-set precision, recall, F1 and support (number of true examples). */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {}
