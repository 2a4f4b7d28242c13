package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.testing.ColourImages;

import java.util.List;
import java.util.Random;

/** Small generated datasets whose classes a network can learn in one or two epochs: which colour dominates. */
final class SyntheticData {
    private SyntheticData() {}

    /** {@code perClass} images of each of {@link ColourImages#CLASSES}, {@code size}x{@code size}, interleaved by class. */
    static LoadedDataset colours(int perClass, int size, long seed) {
        Random random = new Random(seed);
        int classes = ColourImages.CLASSES.size(), n = perClass * classes;
        byte[][] pixels = new byte[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            pixels[i] = ColourImages.pixels(labels[i], size, random);
        }
        return new LoadedDataset("synthetic-colours", "generated", ColourImages.CLASSES, ImageSpec.of(size, size, ColorMode.RGB),
                new Examples(pixels, labels), null, "synthetic", List.of());
    }
}
