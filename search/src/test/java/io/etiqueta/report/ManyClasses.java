package io.etiqueta.report;

import io.etiqueta.bundle.BundleIO;
import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.json.Json;
import io.etiqueta.search.spec.Objective;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.train.EngineSettings;
import io.etiqueta.train.EpochObserver;
import io.etiqueta.train.LocalTrialEngine;
import io.etiqueta.train.TrialRequest;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.PredictionExamples;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;

/**
 * A real search over many classes of small generated images (each class a noisy copy of its own random
 * pattern, so a model learns some classes and confuses others), trained by the real engine, read back as a
 * report input with the champion's examples and layer table: what the 250-class report test and benchmark use.
 */
final class ManyClasses {
    private ManyClasses() {}

    static LoadedDataset dataset(int classes, int perClass, int size, long seed) {
        Random random = new Random(seed);
        int length = 3 * size * size;
        byte[][] patterns = new byte[classes][length];
        for (byte[] p : patterns) random.nextBytes(p);
        byte[][] pixels = new byte[classes * perClass][];
        int[] labels = new int[classes * perClass];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add(String.format("class-%03d", c));
        for (int i = 0; i < pixels.length; i++) {
            int c = i % classes;
            // later classes are noisier, so accuracy spreads from easy to impossible
            double noise = 40 + 200.0 * c / classes;
            byte[] image = new byte[length];
            for (int j = 0; j < length; j++) {
                int v = (patterns[c][j] & 0xFF) + (int) (random.nextGaussian() * noise);
                image[j] = (byte) Math.max(0, Math.min(255, v));
            }
            pixels[i] = image;
            labels[i] = c;
        }
        return new LoadedDataset("generated-" + classes, "folder", names, ImageSpec.of(size, size, ColorMode.RGB),
                new Examples(pixels, labels), null, "many" + classes + "x" + perClass + "s" + seed, List.of());
    }

    /** Runs {@code trials} MLP trials on the dataset into the store and returns the report input of that search. */
    static ReportInput search(Store store, String searchId, LoadedDataset data, int trials, int epochs) {
        LocalTrialEngine engine = new LocalTrialEngine(store, EngineSettings.defaults(), (path, options) -> data, line -> {});
        List<TrialRecord> records = new ArrayList<>();
        Instant start = Instant.now();
        for (int n = 0; n < trials; n++) {
            TrialConfig config = TrialConfig.builder().model(ModelFamily.MLP).layers(List.of(64 << (n % 2)))
                    .learningRate(0.002 * (n + 1)).batchSize(64).epochs(epochs).seed(7).build();
            TrialRecord r = engine.run(new TrialRequest(String.format("t%03d", n), searchId, n, data.source(), config), EpochObserver.NONE);
            if (r.state() != TrialState.COMPLETE) throw new IllegalStateException("trial failed: " + r.error());
            store.put(StoreLayout.trialRecord(searchId, r.id()), Json.bytes(r));
            records.add(r);
        }
        SearchSummary summary = new SearchSummary(searchId, data.source(), Objective.of("val_accuracy"), "random",
                trials + " trials", 7L, "complete", start, Instant.now(), null, null, null, new HashMap<>());
        TrialRecord champion = Ranking.champion(summary, records).orElseThrow();
        PredictionExamples examples = Json.read(store.get(StoreLayout.examples(searchId, champion.id())).orElseThrow(), PredictionExamples.class);
        var manifest = BundleIO.readManifest(store.open(champion.bundleKey()).orElseThrow(), champion.bundleKey());
        return new ReportInput(summary, records, examples, List.of(), manifest.architecture());
    }
}
