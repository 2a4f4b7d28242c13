package io.etiqueta.data;

import io.etiqueta.image.ImageSpec;

import java.util.List;
import java.util.Map;

/**
 * What {@code etiqueta data inspect} tells about a dataset.
 *
 * @param source         the path given
 * @param format         the recognised layout (see {@link LoadedDataset#format()})
 * @param classes        class names in label order
 * @param trainCounts    examples per class in the training pool, indexed like {@code classes}
 * @param testCounts     examples per class in the explicit test set, or null when there is none
 * @param imbalance      largest class count over smallest (train and test together); 1.0 is perfectly balanced
 * @param sizeCounts     how many original files had each size
 * @param smallest       smallest original size (by area)
 * @param median         median original width and height
 * @param largest        largest original size (by area)
 * @param grayImages     original files that were grayscale
 * @param colorImages    original files in colour
 * @param spec           the size and colour the dataset is held at after loading (what a model would be fed)
 * @param fingerprint    content hash
 * @param skipped        files skipped as unreadable, "file: reason"
 */
public record DatasetReport(
        String source,
        String format,
        List<String> classes,
        int[] trainCounts,
        int[] testCounts,
        double imbalance,
        Map<ImageSize, Integer> sizeCounts,
        ImageSize smallest,
        ImageSize median,
        ImageSize largest,
        int grayImages,
        int colorImages,
        ImageSpec spec,
        String fingerprint,
        List<String> skipped) {

    public DatasetReport {
        classes = List.copyOf(classes);
        trainCounts = trainCounts.clone();
        testCounts = testCounts == null ? null : testCounts.clone();
        sizeCounts = Map.copyOf(sizeCounts);
        skipped = List.copyOf(skipped);
    }

    /** Total examples per class, train and test together. */
    public int[] counts() {
        int[] total = trainCounts.clone();
        if (testCounts != null) for (int c = 0; c < total.length; c++) total[c] += testCounts[c];
        return total;
    }

    public int images() {
        int n = 0;
        for (int c : counts()) n += c;
        return n;
    }
}
