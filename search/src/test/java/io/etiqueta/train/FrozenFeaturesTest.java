package io.etiqueta.train;

import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.storage.Store;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.storage.Stores;
import io.etiqueta.trial.Augmentation;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import io.etiqueta.trial.TrialRecord;
import io.etiqueta.trial.TrialState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A frozen base's features are computed once per dataset, preprocessing and base, kept in the store and reused;
 * a head trained on them learns exactly what it learns inside the complete network on raw images.
 */
class FrozenFeaturesTest {
    @TempDir Path dir;

    @AfterEach void clear() {
        System.clearProperty("etiqueta.vgg16.weights");
        FeatureCache.forget();
    }

    /** A small convolutional base (16x16 RGB in, 4x4x8 out): the cache's behaviour does not depend on the base's size. */
    private static FrozenBase tinyBase(String id, ImageSpec input) {
        var conf = new NeuralNetConfiguration.Builder().seed(3).graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3).stride(3, 3).build(), "conv")
                .setOutputs("pool").setInputTypes(InputType.convolutional(16, 16, 3)).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return new FrozenBase(id, graph, input, new long[]{8, 4, 4});
    }

    private static LoadedDataset dataset(String fingerprint, int n) {
        Random random = new Random(7);
        byte[][] pixels = new byte[n][16 * 16 * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            random.nextBytes(pixels[i]);
            labels[i] = i % 2;
        }
        return new LoadedDataset("generated", "folder", List.of("a", "b"), ImageSpec.of(16, 16, ColorMode.RGB),
                new Examples(pixels, labels), null, fingerprint, List.of());
    }

    private static long featurisations(List<String> log) { return log.stream().filter(l -> l.startsWith("featurising ")).count(); }

    @Test void featurisesOncePerDatasetAndBaseAndASecondSearchReusesTheStoredFeatures() {
        Store store = Stores.open(dir.toString());
        List<String> log = new ArrayList<>();
        ImageSpec input = new ImageSpec(16, 16, ColorMode.RGB, new double[]{0.5, 0.5, 0.5}, null);
        FrozenBase base = tinyBase("tiny-1", input);
        LoadedDataset data = dataset("fp1", 40);

        FeatureCache first = new FeatureCache(store, log::add);
        float[][] a = rows(first.features(base, data), data);
        first.features(base, data); // a second trial of the same search
        assertThat(featurisations(log)).isEqualTo(1);
        String key = FeatureCache.key(base, data);
        assertThat(store.exists(key)).isTrue();
        assertThat(key).startsWith(StoreLayout.FEATURES + "tiny-1/fp1-");

        FeatureCache.forget(); // another process: only the store remembers
        FeatureCache second = new FeatureCache(store, log::add);
        float[][] b = rows(second.features(base, data), data);
        assertThat(featurisations(log)).as("the second search computes nothing").isEqualTo(1);
        assertThat(log).anyMatch(l -> l.contains("read from the store"));
        assertThat(b).isDeepEqualTo(a);
        // and the features are the base's own output for each image
        INDArray direct = base.graph().outputSingle(false, Nd4j.create(new Preprocessor(input).normalize(data.train().pixels()[3]), new long[]{1, 3, 16, 16}, 'c'));
        float[] expected = direct.dup('c').data().asFloat();
        assertThat(b[3]).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) assertThat(b[3][i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test void aChangedPreprocessingDatasetOrBaseIsFeaturisedAgain() {
        Store store = Stores.open(dir.toString());
        List<String> log = new ArrayList<>();
        FeatureCache cache = new FeatureCache(store, log::add);
        LoadedDataset data = dataset("fp1", 20);
        ImageSpec input = new ImageSpec(16, 16, ColorMode.RGB, new double[]{0.5, 0.5, 0.5}, null);
        cache.features(tinyBase("tiny-1", input), data);
        cache.features(tinyBase("tiny-1", new ImageSpec(16, 16, ColorMode.RGB, new double[]{0.4, 0.5, 0.5}, null)), data);
        assertThat(featurisations(log)).as("another mean is another preprocessing").isEqualTo(2);
        cache.features(tinyBase("tiny-2", input), data);
        assertThat(featurisations(log)).as("other weights").isEqualTo(3);
        cache.features(tinyBase("tiny-1", input), dataset("fp2", 20));
        assertThat(featurisations(log)).as("another dataset").isEqualTo(4);
        assertThat(store.list(StoreLayout.FEATURES)).hasSize(4);
    }

    private static float[][] rows(FeatureCache.Featurised f, LoadedDataset data) { return f.of(data.train(), 2).rows(); }

    @Test void aHeadTrainedOnCachedFeaturesEqualsOneTrainedInsideTheCompleteNetwork() {
        System.setProperty("etiqueta.vgg16.weights", "random");
        TrialConfig config = TrialConfig.builder().model(ModelFamily.VGG16).layers(List.of(16)).dropout(0.25)
                .learningRate(0.001).batchSize(2).epochs(2).seed(11).build();
        Random random = new Random(1);
        int n = 2;
        byte[][] pixels = new byte[n][Vgg16Transfer.INPUT.length()];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            random.nextBytes(pixels[i]);
            labels[i] = i % 2;
        }
        Examples train = new Examples(pixels, labels);
        Preprocessor preprocessor = new Preprocessor(Vgg16Transfer.INPUT);
        FrozenBase base = Vgg16Transfer.base(config);

        // uncached: the complete network trains on raw images, every epoch through the frozen convolutions
        ComputationGraph head = Vgg16Transfer.head(config, 2);
        ComputationGraph complete = Vgg16Transfer.assemble(base, head, config);
        TrainingSet images = new TrainingSet.Images(train, preprocessor, 2, Augmentation.NONE);
        new Trainer(l -> {}, true).train(complete, images, images.subset(new int[]{0}), config, io.etiqueta.train.EpochObserver.NONE);

        // cached: the same head (same seed) trains on the base's features, computed once
        float[][] features = base.features(train, done -> {});
        TrainingSet cached = new TrainingSet.Features(features, labels, 2);
        ComputationGraph cachedHead = Vgg16Transfer.head(config, 2);
        new Trainer(l -> {}, true).train(cachedHead, cached, cached.subset(new int[]{0}), config, io.etiqueta.train.EpochObserver.NONE);

        INDArray fromImages = complete.outputSingle(false, images.inOrder(n).iterator().next().getFeatures());
        INDArray fromFeatures = cachedHead.outputSingle(false, cached.inOrder(n).iterator().next().getFeatures());
        assertThat(fromFeatures.equalsWithEps(fromImages, 1e-4)).as("%s vs %s", fromFeatures, fromImages).isTrue();
        // and the head changed: training happened
        assertThat(cachedHead.params().equalsWithEps(Vgg16Transfer.head(config, 2).params(), 1e-6)).isFalse();
    }

    @Test void vgg16TrialsTrainTheHeadOnFeaturesComputedOnceAndBundleTheCompleteNetwork() throws Exception {
        System.setProperty("etiqueta.vgg16.weights", "random");
        Random random = new Random(2);
        int n = 6;
        byte[][] pixels = new byte[n][Vgg16Transfer.INPUT.length()];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            random.nextBytes(pixels[i]);
            labels[i] = i % 2;
        }
        LoadedDataset data = new LoadedDataset("generated", "folder", List.of("a", "b"), ImageSpec.of(224, 224, ColorMode.RGB),
                new Examples(pixels, labels), null, "fp224", List.of());
        Store store = Stores.open(dir.toString());
        List<String> log = new ArrayList<>();
        LocalTrialEngine engine = new LocalTrialEngine(store, EngineSettings.defaults(), (path, options) -> data, log::add);
        TrialConfig config = TrialConfig.builder().model(ModelFamily.VGG16).layers(List.of(8)).batchSize(8).epochs(1).seed(4).build();
        TrialRecord one = engine.run(new TrialRequest("t1", "s", 0, "generated", config), EpochObserver.NONE);
        TrialRecord two = engine.run(new TrialRequest("t2", "s", 1, "generated", config.toBuilder().learningRate(0.01).build()), EpochObserver.NONE);
        assertThat(one.state()).as(one.error()).isEqualTo(TrialState.COMPLETE);
        assertThat(two.state()).as(two.error()).isEqualTo(TrialState.COMPLETE);
        assertThat(featurisations(log)).isEqualTo(1);
        assertThat(log).anyMatch(l -> l.contains("frozen")).anyMatch(l -> l.startsWith("total 14,"));

        Path file = dir.resolve("bundle.etq");
        try (var in = store.open(two.bundleKey()).orElseThrow()) {
            Files.copy(in, file);
        }
        ModelBundle bundle = BundleIO.read(file);
        assertThat(bundle.manifest().architecture().parameters()).isEqualTo(bundle.network().numParams()).isEqualTo(two.parameters());
        assertThat(bundle.manifest().architecture().frozen()).isEqualTo(14_714_688L);
        // the bundle is the complete network: raw 224x224 images in, class probabilities out
        INDArray out = ((ComputationGraph) bundle.network()).outputSingle(false, Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 224, 224));
        assertThat(out.shape()).containsExactly(1, 2);
    }

    @Test void augmentationWithAFrozenBaseIsRefusedSayingWhy() {
        assertThatThrownBy(() -> TrialConfig.builder().model(ModelFamily.VGG16).augmentation(Augmentation.STANDARD).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vgg16 trains its head on features its frozen base computes once per image");
    }

    @Test void aMissingWeightsFileNamesWhereToPutIt() {
        TrialConfig config = TrialConfig.builder().model(ModelFamily.VGG16).weights(dir.resolve("nowhere.zip").toString()).build();
        assertThatThrownBy(() -> Vgg16Transfer.base(config))
                .isInstanceOf(TrialFailure.class)
                .hasMessageContaining("nowhere.zip does not exist")
                .hasMessageContaining(".etiqueta/weights/");
    }
}
