package io.etiqueta.train;

import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.model.VGG16;

import java.util.List;

/**
 * VGG16 transfer learning: DL4J's zoo VGG16 with ImageNet weights, its convolution blocks frozen, its
 * ImageNet classifier (fc1, fc2, predictions) replaced by a new dense head for our classes.
 * The weights (about 530 MB) are downloaded by DL4J on first use into ~/.deeplearning4j; where the network
 * does not allow it the trial fails with a message saying so. {@code ETIQUETA_VGG16_WEIGHTS=random}
 * builds the same network with random weights (for tests of the surgery, not for real use).
 */
final class Vgg16Transfer {
    static final double[] IMAGENET_MEAN = {123.68 / 255, 116.779 / 255, 103.939 / 255};
    static final double[] IMAGENET_STD = {1 / 255.0, 1 / 255.0, 1 / 255.0};

    private Vgg16Transfer() {}

    static Model build(TrialConfig config, ImageSpec input, int classes) {
        ComputationGraph base = pretrained(config.seed());
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(ModelFactory.updater(config)).seed(config.seed()).build();
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(base)
                .fineTuneConfiguration(fineTune)
                .setFeatureExtractor("block5_pool")
                .removeVertexAndConnections("predictions")
                .removeVertexAndConnections("fc2")
                .removeVertexAndConnections("fc1")
                .setInputTypes(InputType.convolutional(input.height(), input.width(), 3));
        List<Integer> head = config.layers().isEmpty() ? List.of(256) : config.layers();
        String previous = "block5_pool";
        for (int i = 0; i < head.size(); i++) {
            String name = "head" + (i + 1);
            b.addLayer(name, new DenseLayer.Builder().nOut(head.get(i)).activation(ModelFactory.activation(config.activation())).build(), previous);
            previous = name;
            if (config.dropout() > 0) {
                b.addLayer(name + "_dropout", new DropoutLayer.Builder(1 - config.dropout()).build(), previous);
                previous = name + "_dropout";
            }
        }
        b.addLayer("predictions", ModelFactory.output(classes), previous).setOutputs("predictions");
        return b.build();
    }

    private static ComputationGraph pretrained(long seed) {
        VGG16 zoo = VGG16.builder().seed(seed).build();
        if ("random".equals(System.getenv("ETIQUETA_VGG16_WEIGHTS"))) return zoo.init();
        try {
            return (ComputationGraph) zoo.initPretrained(PretrainedType.IMAGENET);
        } catch (Exception | NoClassDefFoundError e) {
            throw new TrialFailure("vgg16 needs DL4J's pretrained ImageNet weights (about 530 MB), downloaded on first use from "
                    + safeUrl(zoo) + " into ~/.deeplearning4j/models/vgg16; the download failed (" + rootMessage(e)
                    + "). Allow that download, or copy the file there from a machine that can.", e);
        }
    }

    private static String safeUrl(VGG16 zoo) {
        try {
            return zoo.pretrainedUrl(PretrainedType.IMAGENET);
        } catch (RuntimeException e) {
            return "DL4J's model repository";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
