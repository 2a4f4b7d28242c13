package io.etiqueta.report;

import io.etiqueta.search.spec.Objective;
import io.etiqueta.trial.ActivationType;
import io.etiqueta.trial.Augmentation;
import io.etiqueta.trial.Averages;
import io.etiqueta.trial.ClassMetrics;
import io.etiqueta.trial.EpochMetrics;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.OptimizerType;
import io.etiqueta.trial.PredictionExample;
import io.etiqueta.trial.PredictionExamples;
import io.etiqueta.trial.TestMetrics;
import io.etiqueta.trial.Timing;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import javax.imageio.ImageIO;
import io.etiqueta.testing.Cifar10;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic trial records for report tests, shaped like what the trial engine stores for a CIFAR-10 search:
 * curves that learn and then overfit, early-stopped, pruned and diverged trials, a consistent confusion matrix
 * and per-class metrics, and small PNG test images. Deterministic for a seed.
 */
final class ReportFixtures {

    private ReportFixtures() {}

    /** A search of {@code trials} trials in generations of 4: mostly complete, one pruned, one diverged. */
    static ReportInput search(String id, long seed, int trials) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        List<TrialRecord> records = new ArrayList<>();
        Map<String, Integer> generations = new HashMap<>();
        Instant clock = start;
        for (int n = 0; n < trials; n++) {
            String trialId = String.format("t%03d", n);
            generations.put(trialId, n / 4);
            TrialState state = n == 3 ? TrialState.PRUNED : n == 5 ? TrialState.FAILED : TrialState.COMPLETE;
            TrialRecord r = trial(id, trialId, n, state, random, clock);
            records.add(r);
            clock = r.finished();
        }
        SearchSummary summary = new SearchSummary(id, "cifar10", Objective.of("val_accuracy"), "genetic",
                trials + " trials, 60 minutes", seed, "complete", start, clock, null, null, null, generations);
        TrialRecord champion = Ranking.champion(summary, records).orElseThrow();
        return new ReportInput(summary, records, examples(champion, random));
    }

    static TrialRecord trial(String searchId, String trialId, int number, TrialState state, Random random, Instant started) {
        OptimizerType optimizer = OptimizerType.values()[random.nextInt(OptimizerType.values().length)];
        ActivationType activation = List.of(ActivationType.RELU, ActivationType.TANH, ActivationType.ELU).get(random.nextInt(3));
        double lr = Math.pow(10, -4 + 2.5 * random.nextDouble());
        TrialConfig config = TrialConfig.builder()
                .model(random.nextBoolean() ? ModelFamily.CNN : ModelFamily.MLP)
                .layers(random.nextBoolean() ? List.of(512, 256) : List.of(256, 128, 64))
                .activation(activation).optimizer(optimizer).learningRate(lr)
                .momentum(optimizer == OptimizerType.SGD ? 0.9 : 0)
                .dropout(List.of(0.0, 0.2, 0.5).get(random.nextInt(3)))
                .batchSize(List.of(32, 64, 128).get(random.nextInt(3)))
                .epochs(8).patience(3).minDelta(0.001)
                .augmentation(random.nextBoolean() ? Augmentation.STANDARD : Augmentation.NONE)
                .seed(1000 + number).build();
        double quality = 0.35 + 0.35 * random.nextDouble() - Math.abs(Math.log10(lr) + 3) * 0.05;
        int epochsRun = state == TrialState.PRUNED ? 2 : state == TrialState.FAILED ? 3 : 4 + random.nextInt(5);
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int e = 1; e <= epochsRun; e++) {
            double progress = 1 - Math.exp(-e / 2.0);
            double acc = 0.1 + quality * progress + 0.02 * e / 8;
            double val = 0.1 + quality * progress * 0.95 - (e > 5 ? 0.01 * (e - 5) : 0) + 0.005 * random.nextGaussian();
            double loss = 2.3 * (1 - acc) + 0.3;
            double valLoss = 2.3 * (1 - val) + 0.35 + (e > 5 ? 0.05 * (e - 5) : 0);
            if (state == TrialState.FAILED && e == epochsRun) { loss = Double.NaN; valLoss = Double.NaN; }
            epochs.add(new EpochMetrics(e, loss, acc, valLoss, val, 20 + 5 * random.nextDouble()));
        }
        Integer bestEpoch = epochs.stream().filter(e -> Double.isFinite(e.valLoss()))
                .min(Comparator.comparingDouble(EpochMetrics::valLoss)).map(EpochMetrics::epoch).orElse(null);
        double trainSeconds = epochs.stream().mapToDouble(EpochMetrics::seconds).sum();
        TestMetrics test = state == TrialState.COMPLETE ? test(epochs.get(bestEpoch - 1).valAccuracy(), random) : null;
        String stop = switch (state) {
            case PRUNED -> "pruned at epoch 2: val_accuracy below the median of earlier trials";
            case FAILED -> "diverged: loss is NaN at epoch 3";
            default -> epochsRun < 8 ? "early stopping (patience 3)" : "max epochs";
        };
        Timing timing = new Timing(1.5, trainSeconds, test == null ? 0 : 2.0, 0.4);
        Instant finished = started.plusMillis((long) (timing.totalSeconds() * 1000));
        return new TrialRecord(trialId, searchId, number, state, config, "cifar10", Cifar10.CLASSES, epochs, bestEpoch, stop, test,
                120_000L + number * 1000L, timing, 850.0 + number, state == TrialState.COMPLETE ? "searches/" + searchId + "/trials/" + trialId + "/bundle.etq" : null,
                state == TrialState.FAILED ? "loss became NaN at epoch 3 (learning rate too high?)" : null, started, finished);
    }

    /** Test metrics of about the given accuracy on 1,000 images, with a confusion matrix the per-class numbers follow. */
    static TestMetrics test(double accuracy, Random random) {
        int k = Cifar10.CLASSES.size(), perClass = 100;
        int[][] confusion = new int[k][k];
        for (int i = 0; i < k; i++) {
            double classAcc = Math.max(0.05, Math.min(0.98, accuracy + 0.15 * random.nextGaussian()));
            int right = (int) Math.round(classAcc * perClass);
            confusion[i][i] = right;
            for (int wrong = perClass - right; wrong > 0; wrong--) {
                int j = random.nextInt(k - 1);
                confusion[i][j >= i ? j + 1 : j]++;
            }
        }
        List<ClassMetrics> metrics = new ArrayList<>();
        int total = 0, correct = 0;
        for (int i = 0; i < k; i++) {
            int tp = confusion[i][i], support = 0, predicted = 0;
            for (int j = 0; j < k; j++) { support += confusion[i][j]; predicted += confusion[j][i]; }
            double p = predicted == 0 ? 0 : (double) tp / predicted, r = (double) tp / support;
            metrics.add(new ClassMetrics(Cifar10.CLASSES.get(i), p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), support));
            total += support;
            correct += tp;
        }
        double mp = metrics.stream().mapToDouble(ClassMetrics::precision).average().orElse(0);
        double mr = metrics.stream().mapToDouble(ClassMetrics::recall).average().orElse(0);
        double mf = metrics.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
        List<String> byF1 = metrics.stream().sorted(Comparator.comparingDouble(ClassMetrics::f1).reversed()).map(ClassMetrics::label).toList();
        return new TestMetrics(total, (double) correct / total, 2.3 * (1 - (double) correct / total) + 0.4, Cifar10.CLASSES, metrics,
                new Averages(mp, mr, mf), new Averages(mp, mr, mf), confusion, byF1.subList(0, 3), byF1.subList(k - 3, k), 1.8);
    }

    /** Eight misclassified and eight confidently correct 32x32 images drawn per class. */
    static PredictionExamples examples(TrialRecord champion, Random random) {
        List<PredictionExample> wrong = new ArrayList<>(), right = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int truth = random.nextInt(10), other = (truth + 1 + random.nextInt(9)) % 10;
            wrong.add(new PredictionExample(png(truth, random), Cifar10.CLASSES.get(truth), Cifar10.CLASSES.get(other), 0.95 - i * 0.05));
            right.add(new PredictionExample(png(other, random), Cifar10.CLASSES.get(other), Cifar10.CLASSES.get(other), 0.999 - i * 0.002));
        }
        return new PredictionExamples(wrong, right);
    }

    static String png(int label, Random random) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Color base = Color.getHSBColor(label / 10f, 0.6f, 0.8f);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) {
            boolean shape = Math.hypot(x - 16, y - 16) < 6 + label;
            int noise = random.nextInt(40) - 20;
            Color c = shape ? base : new Color(90, 120, 160);
            image.setRGB(x, y, new Color(clamp(c.getRed() + noise), clamp(c.getGreen() + noise), clamp(c.getBlue() + noise)).getRGB());
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) { return Math.max(0, Math.min(255, v)); }
}
