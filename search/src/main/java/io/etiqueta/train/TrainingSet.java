package io.etiqueta.train;

import io.etiqueta.data.Batches;
import io.etiqueta.data.Examples;
import io.etiqueta.image.Preprocessor;
import io.etiqueta.trial.Augmentation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * What a trial trains and scores on: images normalised batch by batch, or the features a frozen base computed
 * once for each image (see {@link FeatureCache}). Both give the same batches in the same order for a seed.
 */
sealed interface TrainingSet {
    int size();

    int[] labels();

    int classes();

    TrainingSet subset(int[] indices);

    /** One epoch of shuffled (and for images, augmented) batches, drawn from {@code random}. */
    Iterable<DataSet> shuffled(int batchSize, Random random);

    /** Batches in order, unchanged, for scoring. */
    Iterable<DataSet> inOrder(int batchSize);

    /** Images as the dataset holds them: 8-bit pixels, normalised (and augmented) per batch. */
    record Images(Examples examples, Preprocessor preprocessor, int classes, Augmentation augmentation) implements TrainingSet {
        @Override public int size() { return examples.size(); }

        @Override public int[] labels() { return examples.labels(); }

        @Override public TrainingSet subset(int[] indices) { return new Images(examples.subset(indices), preprocessor, classes, augmentation); }

        @Override public Iterable<DataSet> shuffled(int batchSize, Random random) {
            return Batches.training(examples, preprocessor, classes, batchSize, random, augmentation);
        }

        @Override public Iterable<DataSet> inOrder(int batchSize) { return Batches.inOrder(examples, preprocessor, classes, batchSize); }
    }

    /** A frozen base's output per image, flattened; the head trains on these directly. */
    record Features(float[][] rows, int[] labels, int classes) implements TrainingSet {
        public Features {
            if (rows.length != labels.length) throw new IllegalArgumentException("features and labels differ in count");
        }

        @Override public int size() { return labels.length; }

        @Override public TrainingSet subset(int[] indices) {
            float[][] r = new float[indices.length][];
            int[] l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                r[i] = rows[indices[i]];
                l[i] = labels[indices[i]];
            }
            return new Features(r, l, classes);
        }

        @Override public Iterable<DataSet> shuffled(int batchSize, Random random) { return () -> batches(Batches.order(size(), random), batchSize); }

        @Override public Iterable<DataSet> inOrder(int batchSize) { return () -> batches(Batches.order(size(), null), batchSize); }

        private Iterator<DataSet> batches(int[] order, int batchSize) {
            int n = order.length, width = n == 0 ? 0 : rows[0].length;
            return new Iterator<>() {
                int next = 0;

                @Override public boolean hasNext() { return next < n; }

                @Override public DataSet next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    int size = Math.min(batchSize, n - next);
                    float[] x = new float[size * width], y = new float[size * classes];
                    for (int b = 0; b < size; b++) {
                        int index = order[next + b];
                        System.arraycopy(rows[index], 0, x, b * width, width);
                        y[b * classes + labels[index]] = 1f;
                    }
                    next += size;
                    return new DataSet(Nd4j.create(x, new long[]{size, width}, 'c'), Nd4j.create(y, new long[]{size, classes}, 'c'));
                }
            };
        }
    }
}
