package io.etiqueta.inference;

import io.etiqueta.bundle.ModelBundle;
import io.etiqueta.image.ImageDecoder;
import io.etiqueta.image.Preprocessor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Labels images with a bundle's network, preprocessing them exactly as the bundle says. Used by
 * {@code etiqueta label}, evaluation and the labelling function, so they all answer the same.
 * Thread-safe: DL4J networks are not, so the forward pass is serialised (on a small machine it is
 * compute-bound anyway); decoding and preprocessing run in the caller's thread.
 */
public final class Labeler {
    private final ModelBundle bundle;
    private final Preprocessor preprocessor;
    private final ImageDecoder decoder;
    private final List<String> labels;

    public Labeler(ModelBundle bundle) { this(bundle, new ImageDecoder()); }

    public Labeler(ModelBundle bundle, ImageDecoder decoder) {
        this.bundle = bundle;
        this.preprocessor = new Preprocessor(bundle.manifest().input());
        this.decoder = decoder;
        this.labels = bundle.manifest().labels();
    }

    public ModelBundle bundle() { return bundle; }

    /**
     * Decodes image file bytes with this labeler's decoder (and its pixel limit): the one way images reach the
     * network, for a single image and for each image of a batch.
     */
    public BufferedImage decode(byte[] image) { return decoder.decode(image); }

    /** Decodes and labels one image given as file bytes; see {@link #top}. */
    public List<Label> label(byte[] image, LabelLimits limits) {
        return labelImages(List.of(decode(image)), limits).getFirst();
    }

    /** {@link #label(byte[], LabelLimits)} with the limits given one by one. */
    public List<Label> label(byte[] image, int topK, double minConfidence) {
        return label(image, new LabelLimits(topK, minConfidence));
    }

    /** Labels already decoded images ({@link #decode}) in one forward pass. */
    public List<List<Label>> labelImages(List<BufferedImage> images, LabelLimits limits) {
        List<byte[]> pixels = images.stream().map(preprocessor::pixels).toList();
        float[][] probabilities = probabilities(pixels);
        List<List<Label>> out = new ArrayList<>(probabilities.length);
        for (float[] p : probabilities) out.add(top(p, limits));
        return out;
    }

    /** Class probabilities (in label order) for preprocessed 8-bit pixels of the bundle's input spec. */
    public float[][] probabilities(List<byte[]> pixels) {
        int n = pixels.size(), length = preprocessor.spec().length();
        float[] flat = new float[n * length];
        for (int i = 0; i < n; i++) preprocessor.normalize(pixels.get(i), flat, i * length);
        var spec = preprocessor.spec();
        INDArray input = Nd4j.create(flat, new long[]{n, spec.channels(), spec.height(), spec.width()}, 'c');
        INDArray output;
        synchronized (bundle.network()) {
            output = Networks.output(bundle.network(), input);
        }
        float[][] result = new float[n][];
        for (int i = 0; i < n; i++) result[i] = output.getRow(i).toFloatVector();
        return result;
    }

    /**
     * The {@code topK} most likely labels whose confidence is at least {@code minConfidence}, most likely first.
     * A floor nothing reaches gives an empty list, not an error.
     */
    public List<Label> top(float[] probabilities, LabelLimits limits) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparing(i -> i))
                .filter(i -> probabilities[i] >= limits.minConfidence())
                .limit(limits.topK())
                .map(i -> new Label(labels.get(i), probabilities[i]))
                .toList();
    }
}
