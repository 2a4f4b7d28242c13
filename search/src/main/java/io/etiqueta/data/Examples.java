package io.etiqueta.data;

import java.util.Arrays;

/**
 * Labelled images held in memory as 8-bit channel-first pixels at the dataset's {@link io.etiqueta.image.ImageSpec}
 * size (a byte per value keeps all of CIFAR-10's 50,000 images in 150 MB). Normalisation happens per batch.
 */
public record Examples(byte[][] pixels, int[] labels) {
    public Examples {
        if (pixels.length != labels.length) throw new IllegalArgumentException("pixels and labels differ in count");
    }

    public int size() { return labels.length; }

    public Examples subset(int[] indices) {
        byte[][] p = new byte[indices.length][];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            p[i] = pixels[indices[i]];
            l[i] = labels[indices[i]];
        }
        return new Examples(p, l);
    }

    /** How many examples each class has, indexed by class. */
    public int[] countsPerClass(int classes) {
        int[] counts = new int[classes];
        for (int label : labels) counts[label]++;
        return counts;
    }

    public static Examples empty() { return new Examples(new byte[0][], new int[0]); }

    @Override public String toString() { return "Examples[" + size() + ", classes " + Arrays.stream(labels).distinct().count() + "]"; }
}
