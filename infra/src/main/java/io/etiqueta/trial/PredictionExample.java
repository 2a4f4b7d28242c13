package io.etiqueta.trial;

/** One test image with what the model said about it, for reports' galleries. {@code png} is base64 PNG. */
public record PredictionExample(String png, String trueLabel, String predictedLabel, double confidence) {}
