package io.etiqueta.inference;

import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.BundleManifest;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.bundle.Provenance;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageDecoder;
import io.etiqueta.image.ImageRejectedException;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Images;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Labelling with a bundle: the forward pass of both network kinds, top K, the confidence floor, single and batch. */
class LabelerTest {
    static final List<String> LABELS = List.of("cat", "dog", "bird");
    static final ImageSpec SPEC = ImageSpec.of(4, 4, ColorMode.RGB);

    /**
     * A network whose answer depends only on the image's mean red: its single output layer weighs the red plane
     * (+8 for cat, -8 for dog, 0 for bird) over biases 0, 1, 0.5, so a red image is a cat, a black one a dog.
     */
    static MultiLayerNetwork network() {
        var conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        var w = Nd4j.zeros(48, 3);
        for (int i = 0; i < 16; i++) { // channel-first: the first 16 inputs are the red plane
            w.putScalar(i, 0, 8.0 / 16);
            w.putScalar(i, 1, -8.0 / 16);
        }
        net.setParam("0_W", w);
        net.setParam("0_b", Nd4j.createFromArray(new float[][]{{0f, 1f, 0.5f}}));
        return net;
    }

    static ModelBundle bundle(Model network) {
        var manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, "m", Instant.parse("2026-12-03T10:00:00Z"),
                BundleIO.networkType(network), LABELS, SPEC, TrialConfig.builder().build(), 144L, null, null,
                new Provenance("test", "f", 1, "t", null, "0", "1.0.0-M2.1", "21", "h"));
        return new ModelBundle(manifest, network);
    }

    static byte[] png(int rgb) { return Images.encode(Images.filled(6, 6, BufferedImage.TYPE_INT_RGB, rgb), "png"); }

    @Test void labelsInOrderOfConfidence() {
        Labeler labeler = new Labeler(bundle(network()));
        List<Label> red = labeler.label(png(0xFF0000), 3, 0);
        assertThat(red).extracting(Label::label).containsExactly("cat", "bird", "dog");
        assertThat(red.stream().mapToDouble(Label::confidence).sum()).isCloseTo(1.0, within(1e-5));
        assertThat(labeler.label(png(0x000000), 1, 0)).extracting(Label::label).containsExactly("dog");
    }

    @Test void topKAndTheConfidenceFloorLimitTheAnswer() {
        Labeler labeler = new Labeler(bundle(network()));
        assertThat(labeler.label(png(0xFF0000), 2, 0)).hasSize(2);
        assertThat(labeler.label(png(0xFF0000), 3, 0.5)).extracting(Label::label).containsExactly("cat");
        assertThat(labeler.label(png(0xFF0000), 3, 1.0)).isEmpty(); // a floor nothing reaches: no label, no error
        assertThatThrownBy(() -> labeler.label(png(0xFF0000), 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> labeler.label(png(0xFF0000), 1, 1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..1");
        // NaN once passed here (every label was left out) while the labelling service refused it: one check now
        assertThatThrownBy(() -> labeler.label(png(0xFF0000), 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minConfidence must be within 0..1, got NaN");
        assertThatThrownBy(() -> new LabelLimits(0, 0)).hasMessage("topK must be at least 1, got 0");
        assertThat(new LabelLimits(1, 1.0).minConfidence()).isEqualTo(1.0);
    }

    @Test void aBatchGivesTheSameAnswersAsOneByOne() {
        Labeler labeler = new Labeler(bundle(network()));
        List<byte[]> images = List.of(png(0xFF0000), png(0x000000), png(0x804020), Images.encode(Images.filled(1, 1, BufferedImage.TYPE_INT_RGB, 0x7F0000), "png"));
        List<List<Label>> batch = labeler.labelImages(images.stream().map(labeler::decode).toList(), new LabelLimits(3, 0));
        for (int i = 0; i < images.size(); i++) {
            List<Label> one = labeler.label(images.get(i), 3, 0);
            assertThat(batch.get(i)).extracting(Label::label).isEqualTo(one.stream().map(Label::label).toList());
            for (int k = 0; k < 3; k++) assertThat((double) batch.get(i).get(k).confidence()).isCloseTo(one.get(k).confidence(), within(1e-5));
        }
    }

    @Test void aComputationGraphLabelsLikeTheSameMultiLayerNetwork() {
        MultiLayerNetwork net = network();
        ComputationGraph graph = net.toComputationGraph();
        List<Label> fromNet = new Labeler(bundle(net)).label(png(0xC00000), 3, 0);
        List<Label> fromGraph = new Labeler(bundle(graph)).label(png(0xC00000), 3, 0);
        assertThat(fromGraph).extracting(Label::label).isEqualTo(fromNet.stream().map(Label::label).toList());
        assertThat((double) fromGraph.getFirst().confidence()).isCloseTo(fromNet.getFirst().confidence(), within(1e-5));
    }

    @Test void anImageThatCannotBeDecodedIsRejected() {
        Labeler labeler = new Labeler(bundle(network()), new ImageDecoder(10));
        assertThatThrownBy(() -> labeler.label("not an image".getBytes(), 1, 0)).isInstanceOf(ImageRejectedException.class);
        assertThatThrownBy(() -> labeler.label(png(0), 1, 0)).isInstanceOf(ImageRejectedException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> labeler.decode(png(0))).as("a batch's images are decoded with the same limit")
                .isInstanceOf(ImageRejectedException.class).hasMessageContaining("too large");
    }
}
