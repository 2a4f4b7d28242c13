package io.etiqueta.trial;

/** What the notebooks printed after every epoch; {@code seconds} is that epoch's training and validation time. */
public record EpochMetrics(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double seconds) {}
