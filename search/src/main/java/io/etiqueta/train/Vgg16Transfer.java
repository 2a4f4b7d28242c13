package io.etiqueta.train;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.TrialConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * VGG16 transfer learning: DL4J's zoo VGG16 with ImageNet weights, cut after its last pooling layer (the 13
 * convolutions, frozen), and a new dense head for our classes in place of ImageNet's classifier.
 *
 * <p>The two halves are built apart: {@link #base} is the frozen part, whose output per image the trial engine
 * computes once and caches ({@link FeatureCache}); {@link #head} is the small network trained on those
 * features; {@link #assemble} joins them into the complete network a bundle holds, which labels raw images.
 *
 * <p>Weights, first found wins: the trial's {@code weights} file ({@code --weights FILE}); the file
 * {@value #WEIGHTS_FILE} in {@code $ETIQUETA_WEIGHTS_DIR} or {@code ~/.etiqueta/weights/}; DL4J's own cache
 * ({@code ~/.deeplearning4j/models/vgg16/}, or DL4J's configured resource folder); a download by DL4J (about 530 MB). {@code --weights random} (or
 * {@code ETIQUETA_VGG16_WEIGHTS=random}) builds the same network with random weights, seeded: for tests and
 * benchmarks of the machinery, never for real use.
 */
final class Vgg16Transfer {
    /** DL4J's zoo VGG16 is built for 224x224 input; images are resized to it. */
    static final int SIZE = 224;
    static final String WEIGHTS_FILE = "vgg16_dl4j_inference.zip";
    static final String RANDOM = "random";
    private static final int FEATURES_SIDE = 7, FEATURES_DEPTH = 512;
    static final double[] IMAGENET_MEAN = {123.68 / 255, 116.779 / 255, 103.939 / 255};
    static final double[] IMAGENET_STD = {1 / 255.0, 1 / 255.0, 1 / 255.0};
    static final ImageSpec INPUT = new ImageSpec(SIZE, SIZE, ColorMode.RGB, IMAGENET_MEAN, IMAGENET_STD);

    /** The last base built (about 60 MB): a search's trials share one weights file, so they share one base. */
    private static FrozenBase lastBase;

    private Vgg16Transfer() {}

    /** The complete network for a config: the frozen base with a freshly initialised head. */
    static ComputationGraph build(TrialConfig config, int classes) {
        return assemble(base(config), head(config, classes), config);
    }

    /** The frozen convolutions with the trial's weights; reused from the previous call when the weights are the same. */
    static synchronized FrozenBase base(TrialConfig config) {
        Weights weights = weights(config);
        if (lastBase != null && lastBase.id().equals(weights.id())) return lastBase;
        lastBase = null; // let the old one go before building the next
        ComputationGraph full = weights.load(config.seed());
        String lastPool = lastPool(full);
        List<String> order = order(full);
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(full);
        List<String> classifier = order.subList(order.indexOf(lastPool) + 1, order.size());
        for (int i = classifier.size() - 1; i >= 0; i--) b.removeVertexAndConnections(classifier.get(i));
        ComputationGraph cut = b.setOutputs(lastPool).build();
        lastBase = new FrozenBase(weights.id(), cut, INPUT, new long[]{FEATURES_DEPTH, FEATURES_SIDE, FEATURES_SIDE});
        return lastBase;
    }

    /** The trainable head alone, taking the base's flattened features ({@code [n, 25088]}) as input. */
    static ComputationGraph head(TrialConfig config, int classes) {
        NeuralNetConfiguration.Builder nn = new NeuralNetConfiguration.Builder().seed(config.seed())
                .updater(ModelFactory.updater(config)).weightInit(WeightInit.XAVIER_UNIFORM);
        ComputationGraphConfiguration.GraphBuilder g = nn.graphBuilder().addInputs("features");
        String previous = "features";
        for (HeadLayer layer : headLayers(config, classes)) {
            g.addLayer(layer.name(), layer.layer(), layer.name().equals("head1") ? "features" : layer.input());
            previous = layer.name();
        }
        g.setOutputs(previous).setInputTypes(InputType.feedForward((long) FEATURES_DEPTH * FEATURES_SIDE * FEATURES_SIDE));
        ComputationGraph head = new ComputationGraph(g.build());
        head.init();
        return head;
    }

    /** The complete network: the base's layers frozen, then the head's layers with the head's (trained) weights. */
    static ComputationGraph assemble(FrozenBase base, ComputationGraph head, TrialConfig config) {
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(ModelFactory.updater(config)).seed(config.seed()).build();
        String lastPool = lastPool(base.graph());
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(base.graph())
                .fineTuneConfiguration(fineTune)
                .setFeatureExtractor(lastPool);
        String previous = lastPool;
        List<HeadLayer> layers = headLayers(config, classes(head));
        for (HeadLayer layer : layers) {
            if (layer.name().equals("head1")) {
                // the transfer builder does not infer sizes: the last pooling gives 7x7x512 at 224x224 input
                InputPreProcessor flatten = new CnnToFeedForwardPreProcessor(FEATURES_SIDE, FEATURES_SIDE, FEATURES_DEPTH);
                b.addLayer(layer.name(), layer.layer(), flatten, lastPool);
            } else {
                b.addLayer(layer.name(), layer.layer(), layer.input());
            }
            previous = layer.name();
        }
        ComputationGraph full = b.setOutputs(previous).build();
        copyHead(head, full);
        return full;
    }

    /** Copies the head's weights into the complete network's head layers (same names, same shapes). */
    static void copyHead(ComputationGraph head, ComputationGraph full) {
        for (org.deeplearning4j.nn.api.Layer layer : head.getLayers()) {
            if (layer.numParams() > 0) full.getLayer(layer.conf().getLayer().getLayerName()).setParams(layer.params().dup());
        }
    }

    private static int classes(ComputationGraph head) {
        return (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) head.getLayer("head_output").conf().getLayer()).getNOut();
    }

    private record HeadLayer(String name, Layer layer, String input) {}

    /** The head's layers in order, the same for the head alone and inside the complete network. */
    private static List<HeadLayer> headLayers(TrialConfig config, int classes) {
        List<Integer> widths = config.layers().isEmpty() ? List.of(256) : config.layers();
        List<HeadLayer> out = new ArrayList<>();
        long nIn = (long) FEATURES_SIDE * FEATURES_SIDE * FEATURES_DEPTH;
        String previous = null;
        for (int i = 0; i < widths.size(); i++) {
            String name = "head" + (i + 1);
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(nIn).nOut(widths.get(i))
                    .activation(ModelFactory.activation(config.activation())).weightInit(WeightInit.XAVIER_UNIFORM);
            if (config.l2() > 0) dense.l2(config.l2());
            out.add(new HeadLayer(name, dense.build(), previous));
            previous = name;
            nIn = widths.get(i);
            if (config.dropout() > 0) {
                out.add(new HeadLayer(name + "_dropout", new DropoutLayer.Builder(1 - config.dropout()).nIn(nIn).nOut(nIn).build(), previous));
                previous = name + "_dropout";
            }
        }
        OutputLayer.Builder output = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(nIn).nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER_UNIFORM);
        if (config.l2() > 0) output.l2(config.l2());
        out.add(new HeadLayer("head_output", output.build(), previous));
        return out;
    }

    /** The convolutional part ends at the last pooling layer; everything after it is ImageNet's classifier. */
    private static String lastPool(ComputationGraph graph) {
        String lastPool = null;
        GraphVertex[] vertices = graph.getVertices();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = vertices[index];
            if (v.hasLayer() && unwrap(v.getLayer()) instanceof SubsamplingLayer) lastPool = v.getVertexName();
        }
        if (lastPool == null) throw new TrialFailure("the VGG16 graph has no pooling layer to cut at");
        return lastPool;
    }

    private static org.deeplearning4j.nn.api.Layer unwrap(org.deeplearning4j.nn.api.Layer layer) {
        return layer instanceof org.deeplearning4j.nn.layers.FrozenLayer f ? f.getInsideLayer() : layer;
    }

    private static List<String> order(ComputationGraph graph) {
        List<String> order = new ArrayList<>();
        GraphVertex[] vertices = graph.getVertices();
        for (int index : graph.topologicalSortOrder()) order.add(vertices[index].getVertexName());
        return order;
    }

    /** Where the weights come from, and an id that changes when they do. */
    record Weights(String id, Path file) {
        ComputationGraph load(long seed) {
            if (file == null) return VGG16.builder().seed(seed).numClasses(1000).build().init();
            try {
                return ModelSerializer.restoreComputationGraph(file.toFile(), false);
            } catch (IOException | RuntimeException e) {
                throw new TrialFailure("cannot read the VGG16 weights " + file + " (" + rootMessage(e) + "); it should be DL4J's "
                        + WEIGHTS_FILE + " as downloaded from " + url(), e);
            }
        }
    }

    static Weights weights(TrialConfig config) {
        String chosen = config.weights() != null ? config.weights()
                : System.getProperty("etiqueta.vgg16.weights", System.getenv("ETIQUETA_VGG16_WEIGHTS"));
        if (RANDOM.equals(chosen)) return new Weights("vgg16-random-seed" + config.seed(), null);
        if (chosen != null && !chosen.isBlank()) {
            Path file = Path.of(chosen);
            if (!Files.isRegularFile(file)) {
                throw new TrialFailure("the VGG16 weights file " + file.toAbsolutePath() + " does not exist; download " + url()
                        + " on a machine with internet and copy it there (or into " + folders() + ")");
            }
            return new Weights("vgg16-" + hash(file), file);
        }
        for (Path folder : searchFolders()) {
            Path file = folder.resolve(WEIGHTS_FILE);
            if (Files.isRegularFile(file)) return new Weights("vgg16-" + hash(file), file);
        }
        Path dl4jCache = org.deeplearning4j.common.resources.DL4JResources.getBaseDirectory().toPath()
                .resolve("models").resolve("vgg16").resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(dl4jCache)) download();
        return new Weights("vgg16-" + hash(dl4jCache), dl4jCache);
    }

    /** Lets DL4J download the weights into its cache; the error says where to put a copy instead. */
    private static void download() {
        try {
            VGG16.builder().numClasses(1000).build().initPretrained(PretrainedType.IMAGENET);
        } catch (Exception | NoClassDefFoundError e) {
            throw new TrialFailure("vgg16 needs DL4J's pretrained ImageNet weights (about 530 MB); the download failed (" + url()
                    + ": " + rootMessage(e) + "). Without internet, copy that file (" + WEIGHTS_FILE + ") into "
                    + folders() + ", or pass --weights FILE (weights: FILE in a search file)", e);
        }
    }

    static List<Path> searchFolders() {
        List<Path> folders = new ArrayList<>();
        String env = System.getenv("ETIQUETA_WEIGHTS_DIR");
        if (env != null && !env.isBlank()) folders.add(Path.of(env));
        folders.add(Path.of(System.getProperty("user.home"), ".etiqueta", "weights"));
        return folders;
    }

    private static String folders() {
        return String.join(" or ", searchFolders().stream().map(p -> p.toAbsolutePath() + "/").toList());
    }

    private static String url() {
        try {
            return VGG16.builder().numClasses(1000).build().pretrainedUrl(PretrainedType.IMAGENET);
        } catch (RuntimeException e) {
            return "DL4J's model repository";
        }
    }

    /** The first 16 hex digits of the file's SHA-256, remembered per path, size and time (hashing 530 MB takes seconds). */
    private static final java.util.Map<String, String> HASHES = new java.util.concurrent.ConcurrentHashMap<>();

    static String hash(Path file) {
        try {
            String key = file.toAbsolutePath() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
            return HASHES.computeIfAbsent(key, k -> {
                try (InputStream in = Files.newInputStream(file)) {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    byte[] buffer = new byte[1 << 20];
                    for (int r; (r = in.read(buffer)) > 0; ) digest.update(buffer, 0, r);
                    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
                } catch (IOException | NoSuchAlgorithmException e) {
                    throw new TrialFailure("cannot read the VGG16 weights " + file + ": " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new TrialFailure("cannot read the VGG16 weights " + file + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
