package io.etiqueta.function;

import io.etiqueta.bundle.BundleIO;
import io.etiqueta.bundle.BundleManifest;
import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.bundle.Provenance;
import io.etiqueta.champion.Champion;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.json.Json;
import io.etiqueta.storage.StoreLayout;
import io.etiqueta.testing.Cifar10;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes a store with an {@code mlp} or {@code cnn} champion of the trial engine's architectures for CIFAR-10
 * (32x32 RGB, 10 classes), for the benchmark ({@code function/bench/run.sh}). Weights are initialised, not
 * trained: latency does not depend on them. Usage: {@code BenchBundles <mlp|cnn> <store folder>}.
 */
public final class BenchBundles {
    public static void main(String[] args) throws Exception {
        String family = args[0];
        Path store = Path.of(args[1]);
        if (family.equals("sample")) { // a stand-in image when the CIFAR-10 data is not at hand
            Files.write(store, TestBundles.imageFile(0, "jpg"));
            return;
        }
        ImageSpec spec = ImageSpec.of(32, 32, ColorMode.RGB);
        var builder = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(0.001)).weightInit(WeightInit.XAVIER).list();
        TrialConfig config;
        if (family.equals("mlp")) {
            builder.layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build());
            config = TrialConfig.builder().model(ModelFamily.MLP).layers(List.of(512, 256, 256)).seed(42).build();
        } else if (family.equals("cnn")) {
            // the Keras tutorial CNN: Conv32, pool, Conv64, pool, Conv64, Dense64
            builder.layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build());
            config = TrialConfig.builder().model(ModelFamily.CNN).layers(List.of(64)).seed(42).build();
        } else {
            throw new IllegalArgumentException("family must be mlp or cnn, got " + family);
        }
        MultiLayerConfiguration conf = builder
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(32, 32, 3))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        String id = "bench-" + family;
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, id, Instant.now(), BundleIO.networkType(network),
                Cifar10.CLASSES, spec, config, network.numParams(), null, null,
                new Provenance("cifar10", "bench", 42, id, null, "bench", "1.0.0-M2.1", System.getProperty("java.version"), "bench"));
        String key = StoreLayout.bundle(null, id);
        BundleIO.write(new ModelBundle(manifest, network), store.resolve(key));
        Champion champion = new Champion(1, "v1", key, id, null, id, "cifar10", null, null, Instant.now(), "bench", "untrained, for latency");
        Files.write(store.resolve(StoreLayout.CHAMPION), Json.bytes(champion));
        System.out.println(family + ": " + network.numParams() + " parameters, bundle " + store.resolve(key));
    }
}
