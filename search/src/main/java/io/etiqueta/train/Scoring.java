package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.image.Preprocessor;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Forward passes over a set of examples in inference mode, scored as Keras scores them. */
final class Scoring {
    private static final double EPSILON = 1e-7; // Keras' clipping of probabilities before the log

    private Scoring() {}

    static Scores score(Model model, Examples examples, Preprocessor preprocessor, int classes, int batchSize, boolean keepProbabilities) {
        return score(model, new TrainingSet.Images(examples, preprocessor, classes, io.etiqueta.trial.Augmentation.NONE), batchSize, keepProbabilities);
    }

    static Scores score(Model model, TrainingSet examples, int batchSize, boolean keepProbabilities) {
        int classes = examples.classes();
        double lossSum = 0;
        int correct = 0, seen = 0;
        float[][] kept = keepProbabilities ? new float[examples.size()][] : null;
        int[] labels = examples.labels();
        for (DataSet batch : examples.inOrder(Math.max(batchSize, 256))) {
            INDArray out = Networks.output(model, batch.getFeatures());
            int n = (int) out.size(0);
            float[] flat = out.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < n; i++) {
                int truth = labels[seen + i];
                int best = 0;
                for (int c = 1; c < classes; c++) if (flat[i * classes + c] > flat[i * classes + best]) best = c;
                if (best == truth) correct++;
                double p = Math.min(1 - EPSILON, Math.max(EPSILON, flat[i * classes + truth]));
                lossSum -= Math.log(p);
                if (kept != null) {
                    float[] row = new float[classes];
                    System.arraycopy(flat, i * classes, row, 0, classes);
                    kept[seen + i] = row;
                }
            }
            seen += n;
        }
        return seen == 0 ? new Scores(Double.NaN, Double.NaN, 0, kept)
                : new Scores(lossSum / seen, (double) correct / seen, seen, kept);
    }
}
