package io.etiqueta.bundle;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.inference.Label;
import io.etiqueta.inference.Labeler;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleRoundTripTest {
    @TempDir Path dir;

    static ModelBundle trainedBundle() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(10, 10, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        var x = Nd4j.rand(DataType.FLOAT, 20, 3, 10, 10);
        var y = Nd4j.zeros(DataType.FLOAT, 20, 3);
        for (int i = 0; i < 20; i++) y.putScalar(i, i % 3, 1);
        for (int i = 0; i < 5; i++) net.fit(x, y);
        var spec = new ImageSpec(10, 10, ColorMode.RGB, new double[]{0.5, 0.4, 0.3}, new double[]{0.2, 0.25, 0.3});
        var manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, "m1", Instant.parse("2026-11-23T10:00:00Z"),
                BundleIO.networkType(net), List.of("a", "b", "c"), spec, TrialConfig.builder().layers(List.of(8)).build(),
                net.numParams(), 0.5, null, new Provenance("gen", "f", 3, "t", null, "0", "1.0.0-M2.1", "21", "h"));
        return new ModelBundle(manifest, net);
    }

    @Test void aReloadedBundleGivesTheSamePredictionsForTheSameImages() throws IOException {
        ModelBundle bundle = trainedBundle();
        Path file = dir.resolve("m.etq");
        BundleIO.write(bundle, file);
        ModelBundle reloaded = BundleIO.read(file);

        assertThat(reloaded.manifest()).isEqualTo(bundle.manifest());
        Random random = new Random(9);
        for (int i = 0; i < 5; i++) {
            byte[] png = png(randomImage(random, 17 + i, 13 + i));
            List<Label> before = new Labeler(bundle).label(png, 3, 0);
            List<Label> after = new Labeler(reloaded).label(png, 3, 0);
            assertThat(after).isEqualTo(before);
            assertThat(before.stream().mapToDouble(Label::confidence).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        }
        try (var in = Files.newInputStream(file)) {
            assertThat(BundleIO.readManifest(in, "m.etq").labels()).containsExactly("a", "b", "c");
        }
    }

    @Test void aFileThatIsNotABundleIsAClearError() throws IOException {
        Path junk = dir.resolve("junk.etq");
        Files.writeString(junk, "no zip here");
        assertThatThrownBy(() -> BundleIO.read(junk)).isInstanceOf(BundleFormatException.class).hasMessageContaining("junk.etq");
        assertThatThrownBy(() -> BundleIO.read(dir.resolve("missing.etq"))).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("no model bundle at");
    }

    static BufferedImage randomImage(Random random, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, random.nextInt(0x1000000));
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
