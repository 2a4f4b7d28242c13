package io.etiqueta.trial;

/** Precision, recall and F1 averaged over classes (macro: each class counts once; weighted: by support). */
public record Averages(double precision, double recall, double f1) {}
