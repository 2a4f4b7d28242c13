package io.etiqueta.train;

import io.etiqueta.data.Examples;
import io.etiqueta.data.LoadedDataset;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;

import java.util.List;
import java.util.Random;

/** Small generated datasets whose classes a network can learn in one or two epochs: which colour dominates. */
final class SyntheticData {
    private SyntheticData() {}

    static LoadedDataset colours(int perClass, int size, long seed) {
        List<String> classes = List.of("blue", "green", "red");
        ImageSpec spec = ImageSpec.of(size, size, ColorMode.RGB);
        Random random = new Random(seed);
        int n = perClass * classes.size();
        byte[][] pixels = new byte[n][];
        int[] labels = new int[n];
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            int label = i % classes.size();
            // channel order is r, g, b; class "blue" = 0 -> channel 2, "green" -> 1, "red" -> 0
            int strong = 2 - label;
            byte[] p = new byte[3 * plane];
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < plane; j++) {
                    int v = c == strong ? 150 + random.nextInt(100) : random.nextInt(120);
                    p[c * plane + j] = (byte) v;
                }
            }
            pixels[i] = p;
            labels[i] = label;
        }
        return new LoadedDataset("synthetic-colours", "generated", classes, spec, new Examples(pixels, labels), null, "synthetic", List.of());
    }
}
