package io.etiqueta.testing;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Generated images a small network learns in a few iterations: the label is the colour channel that dominates.
 * The one maker of them for every module's tests (training data in search, the served test model in function), so
 * class {@code c} is the same colour everywhere.
 */
public final class ColourImages {
    /** The classes in label order: class {@code c} is the image whose channel {@code c} (red, green, blue) dominates. */
    public static final List<String> CLASSES = List.of("red", "green", "blue");

    private ColourImages() {}

    /** A {@code size}x{@code size} RGB image of class {@code c}: that channel 170..255, the others 0..89, per pixel. */
    public static BufferedImage image(int c, int size, Random random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int[] rgb = {random.nextInt(90), random.nextInt(90), random.nextInt(90)};
                rgb[c] = 170 + random.nextInt(86);
                image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
        }
        return image;
    }

    /** The same image as 8-bit samples laid out channel-first (r plane, g plane, b plane), as a loaded dataset holds them. */
    public static byte[] pixels(int c, int size, Random random) {
        BufferedImage image = image(c, size, random);
        int plane = size * size;
        byte[] p = new byte[3 * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB(x, y), i = y * size + x;
                p[i] = (byte) (rgb >> 16);
                p[plane + i] = (byte) (rgb >> 8);
                p[2 * plane + i] = (byte) rgb;
            }
        }
        return p;
    }
}
