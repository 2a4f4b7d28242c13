package io.etiqueta.train;

import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.ActivationType;
import io.etiqueta.image.ColorMode;
import io.etiqueta.trial.ModelFamily;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.*;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * Builds an initialised DL4J network for a trial configuration. Every family takes channel-first image input
 * {@code [n, channels, height, width]} (dense families flatten it themselves), ends in a softmax over the
 * classes and is trained with cross-entropy. Initialisation is Glorot-uniform, as in Keras, seeded by the config.
 */
public final class ModelFactory {
    private ModelFactory() {}

    public static Model build(TrialConfig config, ImageSpec input, int classes) {
        return switch (config.model()) {
            case MLP -> network(mlp(config, input, classes));
            case CNN -> network(cnn(config, input, classes));
            case CNN_BN -> network(cnnBn(config, input, classes));
            case RESNET18 -> graph(resnet18(config, input, classes));
            case VGG16 -> Vgg16Transfer.build(config, classes);
        };
    }

    /**
     * The input a family trains on, from the dataset's own spec: VGG16 takes 224x224 RGB with the ImageNet mean
     * subtracted on a 0-255 scale, as its pretrained weights were made (DL4J's zoo graph is fixed at 224x224);
     * the others take the dataset's spec as it is.
     */
    public static ImageSpec inputSpec(TrialConfig config, ImageSpec dataset) {
        if (config.model() != ModelFamily.VGG16) return dataset;
        return Vgg16Transfer.INPUT;
    }

    static IUpdater updater(TrialConfig config) {
        double lr = config.learningRate();
        return switch (config.optimizer()) {
            case SGD -> config.momentum() > 0 ? new Nesterovs(lr, config.momentum()) : new Sgd(lr);
            case ADAM -> new Adam(lr);
            // Keras' defaults (rho 0.9, epsilon 1e-7), so results compare with the notebooks
            case RMSPROP -> new RmsProp(lr, 0.9, 1e-7);
            case NADAM -> new Nadam(lr);
        };
    }

    static Activation activation(ActivationType type) {
        return switch (type) {
            case RELU -> Activation.RELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case ELU -> Activation.ELU;
        };
    }

    private static NeuralNetConfiguration.Builder base(TrialConfig config) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .updater(updater(config))
                .weightInit(WeightInit.XAVIER_UNIFORM);
        if (config.l2() > 0) b.l2(config.l2());
        return b;
    }

    /** DL4J's dropOut(p) takes the probability to keep; configs say what fraction to drop, as Keras does. */
    private static double keep(TrialConfig config) { return 1.0 - config.dropout(); }

    private static InputType inputType(ImageSpec input) {
        return InputType.convolutional(input.height(), input.width(), input.channels());
    }

    static MultiLayerConfiguration mlp(TrialConfig config, ImageSpec input, int classes) {
        var list = base(config).list();
        for (int width : config.layers()) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(width).activation(activation(config.activation()));
            if (config.dropout() > 0) dense.dropOut(keep(config));
            list.layer(dense.build());
        }
        list.layer(output(classes));
        return list.setInputType(inputType(input)).build();
    }

    /** The Keras CNN tutorial network: 122,570 parameters on 32x32x3 input with 10 classes. */
    static MultiLayerConfiguration cnn(TrialConfig config, ImageSpec input, int classes) {
        Activation act = activation(config.activation());
        var list = base(config).list()
                .layer(conv(32, act))
                .layer(maxPool())
                .layer(conv(64, act))
                .layer(maxPool())
                .layer(conv(64, act));
        List<Integer> head = config.layers().isEmpty() ? List.of(64) : config.layers();
        for (int width : head) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(width).activation(act);
            if (config.dropout() > 0) dense.dropOut(keep(config));
            list.layer(dense.build());
        }
        list.layer(output(classes));
        return list.setInputType(inputType(input)).build();
    }

    /** Three VGG-style blocks (two 3x3 convolutions with batch norm, pooling, dropout) and a dense head. */
    static MultiLayerConfiguration cnnBn(TrialConfig config, ImageSpec input, int classes) {
        Activation act = activation(config.activation());
        var list = base(config).convolutionMode(ConvolutionMode.Same).list();
        int[] filters = input.width() >= 32 && input.height() >= 32 ? new int[]{32, 64, 128} : new int[]{32, 64};
        for (int f : filters) {
            list.layer(new ConvolutionLayer.Builder(3, 3).nOut(f).hasBias(false).activation(Activation.IDENTITY).build())
                    .layer(new BatchNormalization.Builder().activation(act).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(f).hasBias(false).activation(Activation.IDENTITY).build())
                    .layer(new BatchNormalization.Builder().activation(act).build())
                    .layer(maxPool());
            if (config.dropout() > 0) list.layer(new DropoutLayer.Builder(keep(config)).build());
        }
        List<Integer> head = config.layers().isEmpty() ? List.of(128) : config.layers();
        for (int width : head) {
            list.layer(new DenseLayer.Builder().nOut(width).activation(Activation.IDENTITY).build())
                    .layer(new BatchNormalization.Builder().activation(act).build());
            if (config.dropout() > 0) list.layer(new DropoutLayer.Builder(keep(config)).build());
        }
        list.layer(output(classes));
        return list.setInputType(inputType(input)).build();
    }

    /**
     * ResNet-18 (He et al. 2016): four stages of two basic blocks (64, 128, 256, 512 filters), projection
     * shortcuts where the shape changes, global average pooling. For small inputs (CIFAR-sized) the stem is a
     * single 3x3 convolution without the 7x7/stride-2 convolution and max pooling, as is usual for 32x32 images.
     */
    static ComputationGraphConfiguration resnet18(TrialConfig config, ImageSpec input, int classes) {
        Activation act = activation(config.activation());
        boolean small = Math.min(input.width(), input.height()) < 96;
        var g = base(config).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("input");
        String last;
        if (small) {
            g.addLayer("stem_conv", new ConvolutionLayer.Builder(3, 3).nOut(64).hasBias(false).activation(Activation.IDENTITY).build(), "input");
        } else {
            g.addLayer("stem_conv", new ConvolutionLayer.Builder(7, 7).stride(2, 2).nOut(64).hasBias(false).activation(Activation.IDENTITY).build(), "input");
        }
        g.addLayer("stem_bn", new BatchNormalization.Builder().activation(act).build(), "stem_conv");
        last = "stem_bn";
        if (!small) {
            g.addLayer("stem_pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(3, 3).stride(2, 2).build(), last);
            last = "stem_pool";
        }
        int[] filters = {64, 128, 256, 512};
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                last = basicBlock(g, "s" + (stage + 1) + "b" + (block + 1), last, in, filters[stage], stride, act);
                in = filters[stage];
            }
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        String previous = "pool";
        if (config.dropout() > 0) {
            g.addLayer("dropout", new DropoutLayer.Builder(keep(config)).build(), previous);
            previous = "dropout";
        }
        g.addLayer("output", output(classes), previous);
        g.setOutputs("output");
        return g.setInputTypes(inputType(input)).build();
    }

    private static String basicBlock(ComputationGraphConfiguration.GraphBuilder g, String name, String input,
                                     int in, int out, int stride, Activation act) {
        g.addLayer(name + "_conv1", new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(out)
                .hasBias(false).activation(Activation.IDENTITY).build(), input);
        g.addLayer(name + "_bn1", new BatchNormalization.Builder().activation(act).build(), name + "_conv1");
        g.addLayer(name + "_conv2", new ConvolutionLayer.Builder(3, 3).nOut(out).hasBias(false).activation(Activation.IDENTITY).build(), name + "_bn1");
        g.addLayer(name + "_bn2", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), name + "_conv2");
        String shortcut = input;
        if (stride != 1 || in != out) {
            g.addLayer(name + "_proj", new ConvolutionLayer.Builder(1, 1).stride(stride, stride).nOut(out)
                    .hasBias(false).activation(Activation.IDENTITY).build(), input);
            g.addLayer(name + "_proj_bn", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), name + "_proj");
            shortcut = name + "_proj_bn";
        }
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_bn2", shortcut);
        g.addLayer(name + "_out", new ActivationLayer.Builder().activation(act).build(), name + "_add");
        return name + "_out";
    }

    private static ConvolutionLayer conv(int filters, Activation act) {
        return new ConvolutionLayer.Builder(3, 3).nOut(filters).activation(act).build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    static OutputLayer output(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build();
    }

    private static MultiLayerNetwork network(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graph(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Parameter count without building weights, for reports and tie-breaks. */
    public static long parameters(Model model) { return model.numParams(); }
}
