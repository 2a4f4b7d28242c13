package io.etiqueta.image;

import java.util.Arrays;

/**
 * The input a network expects and how raw images become that input. Recorded in every model bundle so that
 * serving repeats exactly what training did: decode, convert colour, resize (bilinear) to width x height,
 * lay out channel-first, then per channel {@code (v / 255 - mean[c]) / std[c]}.
 */
public record ImageSpec(int width, int height, ColorMode color, double[] mean, double[] std) {

    public ImageSpec {
        if (width < 1 || height < 1 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " is out of range 1..4096");
        }
        if (color == null) throw new IllegalArgumentException("colour mode is required");
        mean = mean == null ? new double[color.channels()] : mean.clone();
        std = std == null ? filled(color.channels(), 1.0) : std.clone();
        if (mean.length != color.channels() || std.length != color.channels()) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + color.channels() + ")");
        }
        for (double s : std) if (!(s > 0)) throw new IllegalArgumentException("std must be positive");
    }

    /** Pixels scaled to [0, 1], nothing else. */
    public static ImageSpec of(int width, int height, ColorMode color) {
        return new ImageSpec(width, height, color, null, null);
    }

    public int channels() { return color.channels(); }

    /** Values per image: channels x height x width. */
    public int length() { return channels() * height * width; }

    public ImageSpec withSize(int newWidth, int newHeight) { return new ImageSpec(newWidth, newHeight, color, mean, std); }

    public ImageSpec withColor(ColorMode newColor) { return new ImageSpec(width, height, newColor, null, null); }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override public boolean equals(Object o) {
        return o instanceof ImageSpec s && s.width == width && s.height == height && s.color == color
                && Arrays.equals(s.mean, mean) && Arrays.equals(s.std, std);
    }

    @Override public int hashCode() { return (31 * width + height) * 31 + color.hashCode() + Arrays.hashCode(mean); }

    @Override public String toString() { return width + "x" + height + " " + color.id(); }
}
