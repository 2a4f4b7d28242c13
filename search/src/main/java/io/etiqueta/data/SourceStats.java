package io.etiqueta.data;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the original files looked like before resizing: how many images had each size, and how many were
 * grayscale (one channel, or a palette of greys) versus colour. {@code etiqueta data inspect} reports these.
 */
public record SourceStats(Map<ImageSize, Integer> sizeCounts, int grayImages, int colorImages) {
    public SourceStats {
        sizeCounts = Collections.unmodifiableMap(new TreeMap<>(sizeCounts));
    }

    /** Every image the same size: that size counted {@code n} times. */
    public static SourceStats uniform(ImageSize size, int n, boolean gray) {
        return new SourceStats(Map.of(size, n), gray ? n : 0, gray ? 0 : n);
    }

    public int images() { return grayImages + colorImages; }

    public boolean allGray() { return colorImages == 0 && grayImages > 0; }

    /** The one size all images share, or null when they differ. */
    public ImageSize commonSize() { return sizeCounts.size() == 1 ? sizeCounts.keySet().iterator().next() : null; }

    /** The smallest size by area (then width). */
    public ImageSize smallest() { return sizeCounts.isEmpty() ? null : Collections.min(sizeCounts.keySet()); }

    /** The largest size by area (then width). */
    public ImageSize largest() { return sizeCounts.isEmpty() ? null : Collections.max(sizeCounts.keySet()); }

    /** The median width and the median height, taken separately. */
    public ImageSize median() {
        if (sizeCounts.isEmpty()) return null;
        int total = 0;
        for (int n : sizeCounts.values()) total += n;
        return new ImageSize(medianOf(total, true), medianOf(total, false));
    }

    private int medianOf(int total, boolean width) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        sizeCounts.forEach((size, n) -> counts.merge(width ? size.width() : size.height(), n, Integer::sum));
        int seen = 0, middle = (total - 1) / 2;
        for (var e : counts.entrySet()) {
            seen += e.getValue();
            if (seen > middle) return e.getKey();
        }
        return counts.lastKey();
    }

    /** Merges two summaries (train and test parts). */
    public SourceStats plus(SourceStats other) {
        if (other == null) return this;
        Map<ImageSize, Integer> merged = new TreeMap<>(sizeCounts);
        other.sizeCounts.forEach((k, v) -> merged.merge(k, v, Integer::sum));
        return new SourceStats(merged, grayImages + other.grayImages, colorImages + other.colorImages);
    }
}
