package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.data.Split;
import io.etiqueta.data.Splits;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.Augmentation;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The time of a VGG16-head trial before and after the feature cache, on this machine: before, every epoch ran
 * the 13 frozen convolutions on every image (training and the per-epoch scoring); after, the first trial of a
 * dataset computes the features once and every later trial trains only the head. A program, not a test: the
 * test run never runs it; bench/vgg16-cache.sh does (through bench/java). Uses random VGG16 weights unless ETIQUETA_VGG16_WEIGHTS or
 * ~/.etiqueta/weights holds the ImageNet file: the time does not depend on the weights' values.
 */
public final class Vgg16CacheBenchmark {
    private Vgg16CacheBenchmark() {}

    public static void main(String[] args) throws Exception {
        int images = Integer.getInteger("bench.images", 40), epochs = Integer.getInteger("bench.epochs", 3);
        if (System.getenv("ETIQUETA_VGG16_WEIGHTS") == null && System.getProperty("etiqueta.vgg16.weights") == null
                && !Files.exists(Path.of(System.getProperty("user.home"), ".etiqueta", "weights", Vgg16Transfer.WEIGHTS_FILE))) {
            System.setProperty("etiqueta.vgg16.weights", "random");
        }
        Random random = new Random(1);
        byte[][] pixels = new byte[images][Vgg16Transfer.INPUT.length()];
        int[] labels = new int[images];
        for (int i = 0; i < images; i++) {
            random.nextBytes(pixels[i]);
            labels[i] = i % 4;
        }
        LoadedDataset data = new LoadedDataset("generated", "folder", List.of("a", "b", "c", "d"), ImageSpec.of(224, 224, ColorMode.RGB),
                new Examples(pixels, labels), null, "bench" + images, List.of());
        TrialConfig config = TrialConfig.builder().model(ModelFamily.VGG16).layers(List.of(256)).dropout(0.5).batchSize(16)
                .epochs(epochs).seed(1).build();
        System.out.printf(Locale.ROOT, "VGG16 head trial, %d generated 224x224 images (80%% train), %d epochs, head 256, weights: %s%n",
                images, epochs, Vgg16Transfer.weights(config).id());
        Vgg16Transfer.base(config); // build the base once, outside every timing (a search does too)

        // before: the complete network trains on images, running the frozen convolutions every epoch
        Split split = Splits.of(data, 0.1, 0.1, config.seed());
        Preprocessor preprocessor = new Preprocessor(Vgg16Transfer.INPUT);
        var complete = Vgg16Transfer.build(config, 4);
        long t0 = System.nanoTime();
        new Trainer(l -> {}).train(complete, split, preprocessor, 4, config, EpochObserver.NONE);
        double before = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "before (no cache): training %.1f s   load %s%n", before, load());

        Path dir = Files.createTempDirectory("etiqueta-vgg16-bench");
        Store store = Stores.open(dir.toString());
        LocalTrialEngine engine = new LocalTrialEngine(store, EngineSettings.defaults(), (path, options) -> data, l -> {});
        long t1 = System.nanoTime();
        TrialRecord first = engine.run(new TrialRequest("first", "bench", 0, "generated", config), EpochObserver.NONE);
        double firstSeconds = (System.nanoTime() - t1) / 1e9;
        if (first.state() != TrialState.COMPLETE) { // say so rather than print the timing of a trial that did not train
            throw new IllegalStateException("the first trial ended " + first.state() + ": " + first.error() + " (more BENCH_IMAGES?)");
        }
        System.out.printf(Locale.ROOT, "first trial (featurises %d images, then trains the head): %.1f s, of which training %.2f s   load %s%n",
                images, firstSeconds, first.timing().trainSeconds(), load());
        FeatureCache.forget(); // the next trial reads the store, as a second search would
        long t2 = System.nanoTime();
        TrialRecord second = engine.run(new TrialRequest("second", "bench", 1, "generated", config.toBuilder().learningRate(0.0005).build()), EpochObserver.NONE);
        double secondSeconds = (System.nanoTime() - t2) / 1e9;
        System.out.printf(Locale.ROOT, "later trial (features from the store): %.1f s, of which training %.2f s, evaluation %.1f s, storing the bundle %.1f s   load %s%n",
                secondSeconds, second.timing().trainSeconds(), second.timing().evaluateSeconds(), second.timing().storeSeconds(), load());
        System.out.printf(Locale.ROOT, "head training: %.1fx faster with the cache (%.1f s -> %.2f s)%n",
                before / second.timing().trainSeconds(), before, second.timing().trainSeconds());
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
