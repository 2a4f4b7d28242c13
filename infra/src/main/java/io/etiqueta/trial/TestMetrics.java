package io.etiqueta.trial;

import java.util.List;

/**
 * The held-out test evaluation, in the notebooks' terms: accuracy and loss, the classification report, the
 * confusion matrix (rows: true class, columns: predicted class, in {@code labels} order), the best and worst
 * classes by F1, and inference latency per image (batch of one, after warm-up).
 */
public record TestMetrics(
        int examples,
        double accuracy,
        double loss,
        List<String> labels,
        List<ClassMetrics> perClass,
        Averages macro,
        Averages weighted,
        int[][] confusion,
        List<String> bestClasses,
        List<String> worstClasses,
        double latencyMillis) {}
