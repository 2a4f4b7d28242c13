package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.IntConsumer;

/**
 * The frozen part of a transfer model (VGG16's convolutions): a network that is never trained, so its output
 * for an image can be computed once and reused by every head trained on top of it.
 *
 * @param id     names the base and its weights (a hash of the weights file, or "random" with the seed); part
 *               of the feature cache's key, so other weights never reuse these features
 * @param graph  the base alone: image in, the last frozen layer's activations out
 * @param input  the images it takes (size, colour, normalisation)
 * @param output the shape of its output per image, channels first (VGG16: 512x7x7)
 */
record FrozenBase(String id, ComputationGraph graph, ImageSpec input, long[] output) {
    static final int BATCH = 16;

    /** Values per image in the flattened output (25,088 for VGG16). */
    int width() {
        long w = 1;
        for (long d : output) w *= d;
        return Math.toIntExact(w);
    }

    /** The base's flattened output for every image, in order; {@code progress} hears how many are done. */
    float[][] features(Examples images, IntConsumer progress) {
        Preprocessor preprocessor = new Preprocessor(input);
        int n = images.size(), length = input.length(), width = width();
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += BATCH) {
            int size = Math.min(BATCH, n - start);
            float[] x = new float[size * length];
            for (int b = 0; b < size; b++) preprocessor.normalize(images.pixels()[start + b], x, b * length);
            INDArray batch = Nd4j.create(x, new long[]{size, input.channels(), input.height(), input.width()}, 'c');
            INDArray result;
            // the graph is shared by concurrent trials; DL4J's inference is not safe to run twice at once
            synchronized (graph) {
                result = graph.outputSingle(false, batch);
            }
            float[] flat = result.castTo(DataType.FLOAT).dup('c').data().asFloat();
            if (flat.length != size * width) throw new TrialFailure("the " + id + " base gave " + flat.length / size + " values per image, expected " + width);
            for (int b = 0; b < size; b++) {
                float[] row = new float[width];
                System.arraycopy(flat, b * width, row, 0, width);
                out[start + b] = row;
            }
            progress.accept(start + size);
        }
        return out;
    }
}
