package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.trial.Averages;
import io.etiqueta.trial.ClassMetrics;
import io.etiqueta.trial.PredictionExample;
import io.etiqueta.trial.PredictionExamples;
import io.etiqueta.trial.TestMetrics;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The test-set evaluation the notebooks printed: accuracy, loss, sklearn's classification report (per-class
 * precision/recall/F1/support, macro and weighted averages), the confusion matrix, best and worst classes,
 * plus the per-image latency of a single-image forward pass and a gallery of right and wrong answers.
 */
public final class Evaluation {
    private static final int EXTREME_CLASSES = 3;

    private Evaluation() {}

    public record Result(TestMetrics metrics, PredictionExamples examples) {}

    public static Result evaluate(Model model, Examples test, Preprocessor preprocessor, List<String> labels, int galleryPerKind) {
        return evaluate(model, new TrainingSet.Images(test, preprocessor, labels.size(), io.etiqueta.trial.Augmentation.NONE),
                model, test, preprocessor, labels, galleryPerKind);
    }

    /**
     * Scores {@code scored} on {@code testSet} (the test images, or a frozen base's features of them), and times
     * {@code served}, the complete network a labelling request runs, on one of the test images.
     */
    static Result evaluate(Model scored, TrainingSet testSet, Model served, Examples test, Preprocessor preprocessor,
                           List<String> labels, int galleryPerKind) {
        int classes = labels.size();
        Scores scores = Scoring.score(scored, testSet, 256, true);
        int[][] confusion = new int[classes][classes];
        int[] predicted = new int[test.size()];
        double[] confidence = new double[test.size()];
        for (int i = 0; i < test.size(); i++) {
            float[] p = scores.probabilities()[i];
            int best = 0;
            for (int c = 1; c < classes; c++) if (p[c] > p[best]) best = c;
            predicted[i] = best;
            confidence[i] = p[best];
            confusion[test.labels()[i]][best]++;
        }
        TestMetrics metrics = metrics(labels, confusion, scores, latencyMillis(served, test, preprocessor));
        PredictionExamples gallery = gallery(test, preprocessor.spec(), labels, predicted, confidence, galleryPerKind);
        return new Result(metrics, new PredictionExamples(gallery.misclassified(), gallery.confidentlyCorrect(),
                hardestPerClass(test, preprocessor.spec(), labels, predicted, scores.probabilities())));
    }

    static TestMetrics metrics(List<String> labels, int[][] confusion, Scores scores, double latencyMillis) {
        int classes = labels.size();
        List<ClassMetrics> perClass = new ArrayList<>();
        double mp = 0, mr = 0, mf = 0, wp = 0, wr = 0, wf = 0;
        int total = 0;
        for (int c = 0; c < classes; c++) {
            int tp = confusion[c][c], support = Arrays.stream(confusion[c]).sum(), predictedC = 0;
            for (int[] row : confusion) predictedC += row[c];
            // sklearn's zero_division=0: an undefined ratio counts as 0
            double precision = predictedC == 0 ? 0 : (double) tp / predictedC;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new ClassMetrics(labels.get(c), precision, recall, f1, support));
            mp += precision; mr += recall; mf += f1;
            wp += precision * support; wr += recall * support; wf += f1 * support;
            total += support;
        }
        Averages macro = new Averages(mp / classes, mr / classes, mf / classes);
        Averages weighted = total == 0 ? new Averages(0, 0, 0) : new Averages(wp / total, wr / total, wf / total);
        List<ClassMetrics> byF1 = perClass.stream().filter(m -> m.support() > 0)
                .sorted(Comparator.comparingDouble(ClassMetrics::f1).reversed().thenComparing(ClassMetrics::label)).toList();
        int k = Math.min(EXTREME_CLASSES, byF1.size() / 2);
        List<String> best = byF1.subList(0, k).stream().map(ClassMetrics::label).toList();
        List<String> worst = byF1.subList(byF1.size() - k, byF1.size()).reversed().stream().map(ClassMetrics::label).toList();
        return new TestMetrics(scores.examples(), scores.accuracy(), scores.loss(), labels, perClass, macro, weighted,
                confusion, best, worst, latencyMillis);
    }

    /**
     * Median time of a one-image forward pass (what a labelling request costs), after a warm-up: 30 runs, or
     * fewer (at least 3) for a big network such as VGG16 whose runs would take more than about two seconds.
     */
    static double latencyMillis(Model model, Examples test, Preprocessor preprocessor) {
        if (test.size() == 0) return Double.NaN;
        ImageSpec spec = preprocessor.spec();
        var input = Nd4j.create(preprocessor.normalize(test.pixels()[0]), new long[]{1, spec.channels(), spec.height(), spec.width()}, 'c');
        long warm = System.nanoTime();
        Networks.output(model, input);
        boolean big = System.nanoTime() - warm > 50_000_000L;
        for (int i = 0; i < (big ? 1 : 4); i++) Networks.output(model, input);
        int runs = 30;
        double[] times = new double[runs];
        long started = System.nanoTime();
        int done = 0;
        while (done < runs && (done < 3 || System.nanoTime() - started < 2_000_000_000L)) {
            long t = System.nanoTime();
            Networks.output(model, input);
            times[done++] = (System.nanoTime() - t) / 1e6;
        }
        double[] measured = Arrays.copyOf(times, done);
        Arrays.sort(measured);
        return measured[done / 2];
    }

    static PredictionExamples gallery(Examples test, ImageSpec spec, List<String> labels, int[] predicted, double[] confidence, int perKind) {
        Integer[] order = IntStream.range(0, test.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -confidence[i]).thenComparing(i -> i));
        List<PredictionExample> wrong = new ArrayList<>(), right = new ArrayList<>();
        for (int i : order) {
            boolean correct = predicted[i] == test.labels()[i];
            List<PredictionExample> target = correct ? right : wrong;
            if (target.size() >= perKind) continue;
            target.add(new PredictionExample(png(test.pixels()[i], spec), labels.get(test.labels()[i]), labels.get(predicted[i]), confidence[i]));
            if (wrong.size() >= perKind && right.size() >= perKind) break;
        }
        return new PredictionExamples(wrong, right);
    }

    /** Per class, its test image with the lowest probability for the true class, as a thumbnail of at most 64 pixels. */
    static List<PredictionExample> hardestPerClass(Examples test, ImageSpec spec, List<String> labels, int[] predicted, float[][] probabilities) {
        int[] hardest = new int[labels.size()];
        Arrays.fill(hardest, -1);
        for (int i = 0; i < test.size(); i++) {
            int c = test.labels()[i];
            if (hardest[c] < 0 || probabilities[i][c] < probabilities[hardest[c]][c]) hardest[c] = i;
        }
        List<PredictionExample> out = new ArrayList<>();
        for (int c = 0; c < hardest.length; c++) {
            int i = hardest[c];
            if (i < 0) continue;
            out.add(new PredictionExample(thumbnail(test.pixels()[i], spec, 64), labels.get(c), labels.get(predicted[i]), probabilities[i][predicted[i]]));
        }
        return out;
    }

    private static String thumbnail(byte[] pixels, ImageSpec spec, int max) {
        if (spec.width() <= max && spec.height() <= max) return png(pixels, spec);
        double scale = (double) max / Math.max(spec.width(), spec.height());
        int w = Math.max(1, (int) Math.round(spec.width() * scale)), h = Math.max(1, (int) Math.round(spec.height() * scale));
        java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(Preprocessor.fromPixels(pixels, spec.width(), spec.height(), spec.channels()), 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return base64Png(small);
    }

    private static String base64Png(java.awt.image.BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String png(byte[] pixels, ImageSpec spec) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(Preprocessor.fromPixels(pixels, spec.width(), spec.height(), spec.channels()), "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
