package io.etiqueta.data;

import java.util.Comparator;

/** The width and height of one original image file, ordered by area then width. */
public record ImageSize(int width, int height) implements Comparable<ImageSize> {
    private static final Comparator<ImageSize> ORDER =
            Comparator.comparingLong((ImageSize s) -> (long) s.width * s.height).thenComparingInt(ImageSize::width);

    @Override public int compareTo(ImageSize other) { return ORDER.compare(this, other); }

    @Override public String toString() { return width + "x" + height; }
}
