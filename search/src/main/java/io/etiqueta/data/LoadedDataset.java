package io.etiqueta.data;

import io.etiqueta.image.ImageSpec;

import java.util.List;

/**
 * A dataset read into memory.
 *
 * @param source      the path the user gave
 * @param format      what it was recognised as: "folder", "train-test folders", "cifar10-binary", "idx", plus "(zip)" etc.
 * @param classes     class names in label order (folder names sorted, or the dataset's documented names)
 * @param spec        the size and colour the pixels are held at
 * @param train       the training pool (validation and, without an explicit test set, test are split from it)
 * @param test        an explicit test set, or null
 * @param fingerprint a short hash of the content, recorded as provenance
 * @param skipped     files that could not be read and were skipped (only when the user asked to skip), "file: reason"
 * @param sources     sizes and colour of the original files before resizing (train and test together); null if unknown
 */
public record LoadedDataset(
        String source,
        String format,
        List<String> classes,
        ImageSpec spec,
        Examples train,
        Examples test,
        String fingerprint,
        List<String> skipped,
        SourceStats sources) {

    public LoadedDataset {
        classes = List.copyOf(classes);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** Without knowledge of the original files (datasets built in code). */
    public LoadedDataset(String source, String format, List<String> classes, ImageSpec spec, Examples train,
                         Examples test, String fingerprint, List<String> skipped) {
        this(source, format, classes, spec, train, test, fingerprint, skipped, null);
    }

    public boolean hasTestSet() { return test != null; }

    public int size() { return train.size() + (test == null ? 0 : test.size()); }

    /** Examples per class over the training pool and the test set together, indexed by class. */
    public int[] countsPerClass() {
        int[] counts = train.countsPerClass(classes.size());
        if (test != null) {
            int[] t = test.countsPerClass(classes.size());
            for (int c = 0; c < counts.length; c++) counts[c] += t[c];
        }
        return counts;
    }
}
