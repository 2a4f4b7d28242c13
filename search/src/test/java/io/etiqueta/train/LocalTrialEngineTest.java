package io.etiqueta.train;

import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.inference.Labeler;
import io.etiqueta.json.Json;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.*;
import io.etiqueta.testing.ColourImages;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalTrialEngineTest {
    static LoadedDataset data;
    @TempDir Path dir;

    @BeforeAll static void data() { data = SyntheticData.colours(60, 12, 3); }

    private LocalTrialEngine engine(Store store, List<String> log) {
        return new LocalTrialEngine(store, EngineSettings.defaults(), (path, options) -> data, log::add);
    }

    private static TrialConfig.Builder small() {
        return TrialConfig.builder().model(ModelFamily.MLP).layers(List.of(32)).optimizer(OptimizerType.ADAM)
                .learningRate(0.01).batchSize(16).epochs(3).seed(5);
    }

    @Test void completesWithEveryNotebookNumberAndAStoredBundleThatAnswersTheSame() {
        Store store = Stores.open(dir.toString());
        List<String> log = new ArrayList<>();
        TrialRecord record = engine(store, log).run(new TrialRequest("t1", null, 0, "synthetic", small().build()), EpochObserver.NONE);

        assertThat(record.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(record.epochs()).hasSize(3);
        assertThat(record.epochs()).allSatisfy(e -> {
            assertThat(e.loss()).isFinite().isPositive();
            assertThat(e.valAccuracy()).isBetween(0.0, 1.0);
            assertThat(e.seconds()).isPositive();
        });
        assertThat(record.stopReason()).isEqualTo("max epochs (3)");
        TestMetrics test = record.test();
        assertThat(test.accuracy()).isGreaterThan(0.9);
        assertThat(test.examples()).isEqualTo(18); // 10% of 180, stratified
        assertThat(test.perClass()).extracting(ClassMetrics::support).containsExactly(6, 6, 6);
        assertThat(sum(test.confusion())).isEqualTo(18);
        assertThat(test.latencyMillis()).isPositive();
        assertThat(record.parameters()).isEqualTo(12L * 12 * 3 * 32 + 32 + 32 * 3 + 3);
        assertThat(record.bundleKey()).isEqualTo(StoreLayout.bundle(null, "t1"));
        assertThat(store.exists(StoreLayout.examples(null, "t1"))).isTrue();
        PredictionExamples gallery = Json.read(store.get(StoreLayout.examples(null, "t1")).orElseThrow(), PredictionExamples.class);
        assertThat(gallery.confidentlyCorrect()).isNotEmpty();

        ModelBundle bundle = BundleIO.read(store.open(record.bundleKey()).orElseThrow(), "test");
        assertThat(bundle.manifest().labels()).isEqualTo(ColourImages.CLASSES);
        assertThat(bundle.manifest().input()).isEqualTo(ImageSpec.of(12, 12, ColorMode.RGB));
        assertThat(bundle.manifest().test().accuracy()).isEqualTo(test.accuracy());
        assertThat(bundle.manifest().provenance().seed()).isEqualTo(5);
        float[][] reloaded = new Labeler(bundle).probabilities(List.of(data.train().pixels()[0], data.train().pixels()[1]));
        assertThat(reloaded[0][0] + reloaded[0][1] + reloaded[0][2]).isCloseTo(1f, within(1e-4f));
        assertThat(log).anyMatch(l -> l.startsWith("epoch 3/3"));
    }

    @Test void theSameSeedReproducesTheTrialExactly() {
        TrialConfig config = small().dropout(0.3).augmentation(new Augmentation(true, 0.1, 5)).build();
        TrialRecord a = engine(Stores.open(dir.resolve("a").toString()), new ArrayList<>()).run(new TrialRequest("a", null, 0, "s", config), EpochObserver.NONE);
        TrialRecord b = engine(Stores.open(dir.resolve("b").toString()), new ArrayList<>()).run(new TrialRequest("b", null, 0, "s", config), EpochObserver.NONE);
        assertThat(a.epochs()).extracting(EpochMetrics::loss).containsExactlyElementsOf(b.epochs().stream().map(EpochMetrics::loss).toList());
        assertThat(a.epochs()).extracting(EpochMetrics::valLoss).containsExactlyElementsOf(b.epochs().stream().map(EpochMetrics::valLoss).toList());
        assertThat(a.test().confusion()).isDeepEqualTo(b.test().confusion());
    }

    @Test void aDivergingTrialEndsAsFailedWithTheReason() {
        // badly scaled input (std 1e-4 makes pixel values ~1e4) and a large SGD step blow the loss up; leaky ReLU,
        // since plain ReLU units can all die at the first huge step and leave a constant, finite loss
        LoadedDataset wild = new LoadedDataset("wild", "generated", data.classes(),
                new ImageSpec(12, 12, ColorMode.RGB, null, new double[]{1e-4, 1e-4, 1e-4}), data.train(), null, "w", List.of());
        TrialConfig config = small().optimizer(OptimizerType.SGD).learningRate(1.0).activation(ActivationType.LEAKYRELU).layers(List.of(64, 64)).build();
        LocalTrialEngine engine = new LocalTrialEngine(Stores.open(dir.toString()), EngineSettings.defaults(), (p, o) -> wild, l -> {});
        TrialRecord record = engine.run(new TrialRequest("d", null, 0, "s", config), EpochObserver.NONE);
        assertThat(record.state()).isEqualTo(TrialState.FAILED);
        assertThat(record.error()).startsWith("diverged: ");
        assertThat(record.bundleKey()).isNull();
    }

    @Test void anObserverPrunesTheTrial() {
        TrialRecord record = engine(Stores.open(dir.toString()), new ArrayList<>()).run(new TrialRequest("p", "s1", 3, "s", small().epochs(5).build()),
                epochs -> epochs.size() == 2 ? "below the median at epoch 2" : null);
        assertThat(record.state()).isEqualTo(TrialState.PRUNED);
        assertThat(record.epochs()).hasSize(2);
        assertThat(record.stopReason()).isEqualTo("pruned at epoch 2: below the median at epoch 2");
        assertThat(record.searchId()).isEqualTo("s1");
        assertThat(record.number()).isEqualTo(3);
    }

    @Test void earlyStoppingRecordsWhyAndKeepsTheBestEpoch() {
        // a learning rate this high makes val_loss bounce, so patience 1 stops well before 30 epochs
        TrialConfig config = small().learningRate(0.05).epochs(30).patience(1).build();
        TrialRecord record = engine(Stores.open(dir.toString()), new ArrayList<>()).run(new TrialRequest("e", null, 0, "s", config), EpochObserver.NONE);
        assertThat(record.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(record.epochs().size()).isLessThan(30);
        assertThat(record.stopReason()).startsWith("early stopping at epoch " + record.epochs().size());
        double bestValLoss = record.epochs().stream().mapToDouble(EpochMetrics::valLoss).min().orElseThrow();
        assertThat(record.best().orElseThrow().valLoss()).isEqualTo(bestValLoss);
    }

    @Test void theKerasTutorialCnnHas122570Parameters() {
        TrialConfig config = TrialConfig.builder().model(ModelFamily.CNN).layers(List.of()).build();
        Model model = ModelFactory.build(config, ImageSpec.of(32, 32, ColorMode.RGB), 10);
        assertThat(model.numParams()).isEqualTo(122_570);
    }

    @Test void everyFamilyBuildsAndAnswersAForwardPass() {
        for (ModelFamily family : List.of(ModelFamily.MLP, ModelFamily.CNN, ModelFamily.CNN_BN, ModelFamily.RESNET18)) {
            TrialConfig config = TrialConfig.builder().model(family).layers(family == ModelFamily.MLP ? List.of(16) : List.of()).dropout(0.2).build();
            Model model = ModelFactory.build(config, ImageSpec.of(32, 32, ColorMode.RGB), 4);
            var out = Networks.output(model, org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 32, 32));
            assertThat(out.shape()).as(family.id()).containsExactly(2, 4);
        }
    }

    @Test void resnet18HasTheUsualElevenMillionParameters() {
        Model model = ModelFactory.build(TrialConfig.builder().model(ModelFamily.RESNET18).layers(List.of()).build(),
                ImageSpec.of(32, 32, ColorMode.RGB), 10);
        // torchvision's CIFAR-style ResNet-18 has 11,173,962 parameters with 10 classes; DL4J's batch norm also
        // counts its running mean and variance as parameters (2 x 4,800 channels)
        assertThat(model.numParams()).isEqualTo(11_173_962L + 9_600);
    }

    private static int sum(int[][] m) {
        int s = 0;
        for (int[] row : m) for (int v : row) s += v;
        return s;
    }
}
