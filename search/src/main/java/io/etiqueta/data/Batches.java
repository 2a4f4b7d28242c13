package io.etiqueta.data;

import io.etiqueta.image.Preprocessor;
import io.etiqueta.trial.Augmentation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Mini-batches for one pass over some examples: features {@code [n, channels, height, width]} normalised by the
 * dataset's spec, one-hot labels. The order (and the augmentation) come from the given Random, so a seeded
 * trial sees the same batches every run.
 */
public final class Batches implements Iterable<DataSet> {
    private final Examples examples;
    private final Preprocessor preprocessor;
    private final int classes;
    private final int batchSize;
    private final Random shuffle;
    private final Augmenter augmenter;

    private Batches(Examples examples, Preprocessor preprocessor, int classes, int batchSize, Random shuffle, Augmenter augmenter) {
        this.examples = examples;
        this.preprocessor = preprocessor;
        this.classes = classes;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.augmenter = augmenter;
    }

    /** Shuffled, augmented batches for training. */
    public static Batches training(Examples examples, Preprocessor preprocessor, int classes, int batchSize, Random random, Augmentation augmentation) {
        return new Batches(examples, preprocessor, classes, batchSize, random, new Augmenter(preprocessor.spec(), augmentation));
    }

    /** Batches in order, unchanged, for validation and testing. */
    public static Batches inOrder(Examples examples, Preprocessor preprocessor, int classes, int batchSize) {
        return new Batches(examples, preprocessor, classes, batchSize, null, null);
    }

    /**
     * The order of one epoch: 0..n-1 shuffled (Fisher-Yates) by the given Random, or in order without one. Cached
     * features are batched in the same order as the images they came from, so both train alike for a seed.
     */
    public static int[] order(int n, Random shuffle) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (shuffle != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i]; order[i] = order[j]; order[j] = t;
            }
        }
        return order;
    }

    @Override public Iterator<DataSet> iterator() {
        int n = examples.size();
        int[] order = order(n, shuffle);
        return new Iterator<>() {
            int next = 0;

            @Override public boolean hasNext() { return next < n; }

            @Override public DataSet next() {
                if (!hasNext()) throw new NoSuchElementException();
                int size = Math.min(batchSize, n - next), length = preprocessor.spec().length();
                float[] features = new float[size * length];
                float[] labels = new float[size * classes];
                for (int b = 0; b < size; b++) {
                    int index = order[next + b];
                    byte[] pixels = examples.pixels()[index];
                    if (augmenter != null) pixels = augmenter.apply(pixels, shuffle);
                    preprocessor.normalize(pixels, features, b * length);
                    labels[b * classes + examples.labels()[index]] = 1f;
                }
                next += size;
                var spec = preprocessor.spec();
                INDArray x = Nd4j.create(features, new long[]{size, spec.channels(), spec.height(), spec.width()}, 'c');
                INDArray y = Nd4j.create(labels, new long[]{size, classes}, 'c');
                return new DataSet(x, y);
            }
        };
    }

    public int size() { return examples.size(); }
}
