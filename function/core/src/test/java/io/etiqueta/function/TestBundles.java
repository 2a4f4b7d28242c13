package io.etiqueta.function;

import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.BundleManifest;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.bundle.Provenance;
import io.etiqueta.champion.Champion;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.json.Json;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.testing.ColourImages;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A tiny real model for tests: an MLP trained for a few iterations on generated 16x16 RGB images whose dominant
 * colour (red, green or blue) is the label, so its answers are predictable. Also writes bundles and
 * champion.json into a store folder, as promotion would.
 */
public final class TestBundles {
    public static final List<String> COLOURS = ColourImages.CLASSES;
    public static final ImageSpec SPEC = ImageSpec.of(16, 16, ColorMode.RGB);
    private static ModelBundle cached;

    private TestBundles() {}

    /** The colour model (trained once per JVM, about a second). */
    public static synchronized ModelBundle colours() {
        if (cached == null) cached = train(7, "colours-v1");
        return cached;
    }

    /** The same architecture trained with another seed and id, to stand in for a newly promoted model. */
    public static ModelBundle coloursAgain(String modelId) { return train(11, modelId); }

    static ModelBundle train(long seed, String modelId) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SPEC.height(), SPEC.width(), SPEC.channels()))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        Random random = new Random(seed);
        int n = 150;
        Preprocessor preprocessor = new Preprocessor(SPEC);
        float[] features = new float[n * SPEC.length()];
        float[] labels = new float[n * 3];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            preprocessor.normalize(preprocessor.pixels(image(c, random)), features, i * SPEC.length());
            labels[i * 3 + c] = 1;
        }
        INDArray x = Nd4j.create(features, new long[]{n, 3, 16, 16}, 'c');
        INDArray y = Nd4j.create(labels, new long[]{n, 3}, 'c');
        for (int i = 0; i < 60; i++) network.fit(x, y);
        TrialConfig config = TrialConfig.builder().model(ModelFamily.MLP).layers(List.of(16)).epochs(1).seed(seed).build();
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, modelId, Instant.parse("2026-11-23T12:00:00Z"),
                BundleIO.networkType(network), COLOURS, SPEC, config, network.numParams(), 0.99, null,
                new Provenance("colours", "test", seed, modelId, null, "test", "1.0.0-M2.1", System.getProperty("java.version"), "test"));
        return new ModelBundle(manifest, network);
    }

    /** A 16x16 image of colour class {@code c} (0 red, 1 green, 2 blue): {@link ColourImages}. */
    public static BufferedImage image(int c, Random random) { return ColourImages.image(c, SPEC.width(), random); }

    /** A file of the given format ("png", "jpg", "gif", "bmp") showing colour c. */
    public static byte[] imageFile(int c, String format) {
        try {
            BufferedImage image = image(c, new Random(100 + c));
            if (!format.equals("png")) {
                // flat colour survives GIF's palette and JPEG's compression unchanged in meaning
                BufferedImage flat = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
                int[] rgb = {30, 30, 30};
                rgb[c] = 220;
                for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) flat.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                image = flat;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain grey PNG: no colour dominates, so no label is near-certain (for confidence floors). */
    public static byte[] greyImage() {
        try {
            BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) image.setRGB(x, y, 0x808080);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the bundle into any store (local or S3) and promotes it with promotion's own code; returns the champion
     * as stored (its sequence and version assigned by the promotion).
     */
    public static Champion promote(io.etiqueta.storage.Store store, ModelBundle bundle, String trialId) {
        try {
            String key = StoreLayout.bundle(null, trialId);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BundleIO.write(bundle, out);
            store.put(key, out.toByteArray());
            return new io.etiqueta.champion.Promotions(store).promote(new Champion(0, null, key, bundle.manifest().modelId(), null,
                    trialId, "colours", 0.97, 0.99, null, "test", null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bundle under trials/<trialId>/bundle.etq and points champion.json at it with this sequence. */
    public static Champion promote(Path store, ModelBundle bundle, String trialId, long sequence) {
        try {
            String key = StoreLayout.bundle(null, trialId);
            Path file = store.resolve(key);
            BundleIO.write(bundle, file);
            Champion champion = new Champion(sequence, "v" + sequence, key, bundle.manifest().modelId(), null, trialId,
                    "colours", 0.97, 0.99, Instant.parse("2026-11-23T13:00:00Z"), "test", null);
            Path pointer = store.resolve(StoreLayout.CHAMPION);
            Path tmp = store.resolve(".champion.json.tmp");
            Files.write(tmp, Json.bytes(champion));
            Files.move(tmp, pointer, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return champion;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
