package io.etiqueta.search.strategy;

import io.etiqueta.search.SearchFixtures;
import io.etiqueta.search.execution.SearchRunner;
import io.etiqueta.search.store.SearchRecord;
import io.etiqueta.search.store.SearchStore;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.train.EngineSettings;
import io.etiqueta.train.LocalTrialEngine;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.testing.TempFolders;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark (not a unit test: it prints numbers and asserts nothing about them). Genetic against random search at
 * equal budgets over several seeds on a Fashion-MNIST subset with the real DL4J engine, then the budget that median
 * pruning saves. Run with
 *
 * <pre>
 * JAVA_OPTS="[-Dbench.seeds=3 -Dbench.trials=12 -Dbench.train=3000 -Dbench.workers=2 -Dbench.pruning=false]" \
 *     bench/java search io.etiqueta.search.strategy.StrategyBenchmark
 * </pre>
 */
public final class StrategyBenchmark {

    static String file(String strategy, long seed, int trials, int workers, boolean pruning) {
        return """
                name: bench-%s
                dataset: /usr/share/datasets/fashion-mnist
                objective: {metric: val_accuracy, goal: maximize}
                strategy: %s
                seed: %d
                budget: {trials: %d}
                workers: %d
                batch: 4
                genetic: {population: 4, elites: 1, mutation: 0.25}
                %s
                space:
                  model: mlp
                  layers: [[64], [128], [256], [256, 128]]
                  optimizer: [sgd, adam, rmsprop, nadam]
                  learning_rate: {log_uniform: [0.0001, 0.3]}
                  activation: [relu, tanh, sigmoid, elu]
                  dropout: {uniform: [0.0, 0.5]}
                  batch_size: [32, 64, 128]
                  epochs: 4
                """.formatted(strategy, strategy, seed, trials, workers,
                pruning ? "pruning: {rule: median, warmup_epochs: 1, min_peers: 3}" : "")
                .replace("batch: 4\n", strategy.equals("genetic") ? "" : "batch: 4\n");
    }

    public static void main(String[] args) throws java.io.IOException {
        Path dir = java.nio.file.Files.createTempDirectory("etiqueta-strategy-bench");
        try {
            geneticAgainstRandomAndPruning(dir);
        } finally {
            TempFolders.delete(dir);
        }
    }

    static void geneticAgainstRandomAndPruning(Path dir) {
        int seeds = Integer.getInteger("bench.seeds", 3);
        int trials = Integer.getInteger("bench.trials", 12);
        int trainSize = Integer.getInteger("bench.train", 3000);
        int workers = Integer.getInteger("bench.workers", 2);
        LoadedDataset full = fashionMnist(Path.of("/usr/share/datasets/fashion-mnist"));
        LoadedDataset data = subset(full, trainSize, trainSize / 3);
        System.out.printf(Locale.ROOT, "Fashion-MNIST subset: %d train pool (10%% of it validation), %d test; %d trials per search, %d workers, %d seeds%n",
                data.train().size(), data.test().size(), trials, workers, seeds);
        System.out.println("seed  strategy  pruning  best val_acc  its test_acc  epochs  pruned  saved epochs  saved s   wall s");
        double[][] sums = new double[3][6];
        for (long seed = 1; seed <= seeds; seed++) {
            int row = 0;
            boolean pruning = !"false".equals(System.getProperty("bench.pruning"));
            String[][] variants = pruning ? new String[][]{{"random", "off"}, {"genetic", "off"}, {"random", "median"}}
                    : new String[][]{{"random", "off"}, {"genetic", "off"}};
            for (String[] v : variants) {
                Store store = Stores.open(dir.resolve(v[0] + v[1] + seed).toString());
                var engine = new LocalTrialEngine(store, EngineSettings.defaults(), (p, o) -> data, line -> { });
                String source = file(v[0], seed, trials, workers, v[1].equals("median"));
                long t0 = System.nanoTime();
                SearchRecord r = SearchFixtures.start(store, engine, source);
                double wall = (System.nanoTime() - t0) / 1e9;
                List<TrialRecord> all = new SearchStore(store).trials(r.id());
                TrialRecord best = r.spec().objective().best(all).orElseThrow();
                double test = best.metric("test_accuracy").orElse(Double.NaN);
                System.out.printf(Locale.ROOT, "%4d  %-8s  %-7s  %12.4f  %12.4f  %6d  %6d  %12d  %7.1f  %7.1f%n", seed, v[0], v[1], r.bestValue(), test,
                        r.counts().epochsTrained(), r.counts().pruned(), r.counts().prunedEpochsSaved(), r.counts().prunedSecondsSaved(), wall);
                double[] s = sums[row++];
                s[0] += r.bestValue();
                s[1] += test;
                s[2] += r.counts().epochsTrained();
                s[3] += r.counts().prunedEpochsSaved();
                s[4] += r.counts().prunedSecondsSaved();
                s[5] += wall;
            }
        }
        String[] names = {"random", "genetic", "random+median pruning"};
        System.out.println("mean over seeds:");
        for (int i = 0; i < 3; i++) {
            double[] s = sums[i];
            if (s[2] == 0) continue; // variant not run
            System.out.printf(Locale.ROOT, "  %-22s best val_acc %.4f, its test_acc %.4f, %.1f epochs trained, %.1f epochs saved by pruning (~%.1f s), %.1f s wall%n",
                    names[i], s[0] / seeds, s[1] / seeds, s[2] / seeds, s[3] / seeds, s[4] / seeds, s[5] / seeds);
        }
    }

    /** Reads the IDX files directly, so the benchmark does not depend on the dataset loader's format detection. */
    static LoadedDataset fashionMnist(Path dir) {
        List<String> classes = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        return new LoadedDataset(dir.toString(), "idx", classes, io.etiqueta.image.ImageSpec.of(28, 28, io.etiqueta.image.ColorMode.GRAY),
                idx(dir, "train"), idx(dir, "t10k"), "fashion-mnist", List.of());
    }

    private static io.etiqueta.data.Examples idx(Path dir, String prefix) {
        try (var images = new java.io.DataInputStream(new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(dir.resolve(prefix + "-images-idx3-ubyte.gz"))));
             var labels = new java.io.DataInputStream(new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))))) {
            images.readInt();
            int n = images.readInt(), rows = images.readInt(), cols = images.readInt();
            labels.readInt();
            labels.readInt();
            byte[][] pixels = new byte[n][rows * cols];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                images.readFully(pixels[i]);
                y[i] = labels.readUnsignedByte();
            }
            return new io.etiqueta.data.Examples(pixels, y);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A class-stratified random subset (fixed seed), so every search sees the same data. */
    static LoadedDataset subset(LoadedDataset d, int train, int test) {
        return new LoadedDataset(d.source(), d.format(), d.classes(), d.spec(), d.train().subset(pick(d.train().size(), train, 1)),
                d.test() == null ? null : d.test().subset(pick(d.test().size(), test, 2)), d.fingerprint() + "-subset", d.skipped());
    }

    private static int[] pick(int n, int k, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) idx.add(i);
        java.util.Collections.shuffle(idx, new Random(seed));
        return idx.subList(0, Math.min(k, n)).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
