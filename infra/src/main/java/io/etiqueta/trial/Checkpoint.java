package io.etiqueta.trial;

/**
 * A validation measurement taken part-way through an epoch, for multi-fidelity pruning (ASHA rungs below one
 * epoch or between whole epochs). Taking it does not change what the trial learns: the model is only scored.
 *
 * @param resource how much training it measures, in epochs (0.25 = after a quarter of the first epoch's batches)
 * @param seconds  training and validation time since the trial's first batch
 */
public record Checkpoint(double resource, double valLoss, double valAccuracy, double seconds) {

    /** An amount of training in epochs as people write it: 0.25, 0.75, 2.25, 3. */
    public static String format(double epochs) {
        return java.math.BigDecimal.valueOf(epochs).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
