package io.etiqueta.inference;

/**
 * How much of an answer to give: the {@code topK} most likely labels whose confidence is at least
 * {@code minConfidence}. The one place these are checked, for {@code etiqueta label}, the REST API and the Lambda
 * function alike (the messages use the API's names, which the command's options mirror).
 */
public record LabelLimits(int topK, double minConfidence) {
    public LabelLimits {
        if (topK < 1) throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        // written so that NaN fails too
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minConfidence must be within 0..1, got " + minConfidence);
        }
    }
}
