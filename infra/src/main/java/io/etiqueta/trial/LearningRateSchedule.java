package io.etiqueta.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the learning rate moves over a trial's planned training: held, or decayed to zero by the end of the epochs the
 * trial will train (its epochs, or fewer when a time budget shrinks it). Decaying to the end of a known horizon is
 * what makes a short budgeted run converge instead of stopping mid-descent (Li, Yumer and Ramanan, "Budgeted
 * Training", ICLR 2020).
 */
public enum LearningRateSchedule {
    /** The configured rate throughout (Keras' default). */
    CONSTANT,
    /** From the configured rate down to zero, linearly over the planned batches. */
    LINEAR,
    /** From the configured rate down to zero along half a cosine over the planned batches. */
    COSINE;

    @JsonValue public String id() { return name().toLowerCase(); }

    @JsonCreator public static LearningRateSchedule parse(String value) {
        return Named.parse(LearningRateSchedule.class, "learning-rate schedule", value, LearningRateSchedule::id);
    }

    /** The share of the configured rate to use once {@code progress} (0 at the start, 1 at the planned end) is trained. */
    public double factor(double progress) {
        double p = Math.min(1, Math.max(0, progress));
        return switch (this) {
            case CONSTANT -> 1;
            case LINEAR -> 1 - p;
            case COSINE -> 0.5 * (1 + Math.cos(Math.PI * p));
        };
    }

    @Override public String toString() { return id(); }
}
