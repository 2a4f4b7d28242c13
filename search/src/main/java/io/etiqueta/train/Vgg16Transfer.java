package io.etiqueta.train;

import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
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
    /** DL4J's zoo VGG16 is built for 224x224 input; images are resized to it. */
    static final int SIZE = 224;
    private static final int FEATURES_SIDE = 7, FEATURES_DEPTH = 512;
    static final double[] IMAGENET_MEAN = {123.68 / 255, 116.779 / 255, 103.939 / 255};
    static final double[] IMAGENET_STD = {1 / 255.0, 1 / 255.0, 1 / 255.0};

    private Vgg16Transfer() {}

    static Model build(TrialConfig config, ImageSpec input, int classes) {
        ComputationGraph base = pretrained(config.seed());
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(ModelFactory.updater(config)).seed(config.seed()).build();
        // the convolutional part ends at the last pooling layer; everything after it is ImageNet's classifier
        // (named fc1, fc2, predictions in the pretrained graph, numbered in the zoo's untrained one)
        List<String> order = new java.util.ArrayList<>();
        GraphVertex[] vertices = base.getVertices();
        for (int index : base.topologicalSortOrder()) order.add(vertices[index].getVertexName());
        String lastPool = null;
        for (int index : base.topologicalSortOrder()) {
            GraphVertex v = vertices[index];
            if (v.hasLayer() && v.getLayer() instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer) {
                lastPool = v.getVertexName();
            }
        }
        if (lastPool == null) throw new TrialFailure("the VGG16 graph has no pooling layer to cut at");
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(base)
                .fineTuneConfiguration(fineTune)
                .setFeatureExtractor(lastPool);
        List<String> classifier = order.subList(order.indexOf(lastPool) + 1, order.size());
        for (int i = classifier.size() - 1; i >= 0; i--) b.removeVertexAndConnections(classifier.get(i));
        List<Integer> head = config.layers().isEmpty() ? List.of(256) : config.layers();
        // the transfer builder does not infer sizes: the last pooling gives 7x7x512 at 224x224 input
        long nIn = FEATURES_SIDE * FEATURES_SIDE * FEATURES_DEPTH;
        String previous = lastPool;
        for (int i = 0; i < head.size(); i++) {
            String name = "head" + (i + 1);
            DenseLayer dense = new DenseLayer.Builder().nIn(nIn).nOut(head.get(i)).activation(ModelFactory.activation(config.activation())).build();
            if (i == 0) {
                b.addLayer(name, dense, new CnnToFeedForwardPreProcessor(FEATURES_SIDE, FEATURES_SIDE, FEATURES_DEPTH), previous);
            } else {
                b.addLayer(name, dense, previous);
            }
            previous = name;
            nIn = head.get(i);
            if (config.dropout() > 0) {
                b.addLayer(name + "_dropout", new DropoutLayer.Builder(1 - config.dropout()).nIn(nIn).nOut(nIn).build(), previous);
                previous = name + "_dropout";
            }
        }
        var output = new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                .nIn(nIn).nOut(classes).activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build();
        b.addLayer("head_output", output, previous).setOutputs("head_output");
        return b.build();
    }

    private static ComputationGraph pretrained(long seed) {
        VGG16 zoo = VGG16.builder().seed(seed).numClasses(1000).build();
        if ("random".equals(System.getProperty("etiqueta.vgg16.weights", System.getenv("ETIQUETA_VGG16_WEIGHTS")))) return zoo.init();
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
