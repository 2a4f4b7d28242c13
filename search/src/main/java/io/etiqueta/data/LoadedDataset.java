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
 * @param skipped     files that could not be read and were skipped (only when the user asked to skip)
 */
public record LoadedDataset(
        String source,
        String format,
        List<String> classes,
        ImageSpec spec,
        Examples train,
        Examples test,
        String fingerprint,
        List<String> skipped) {

    public LoadedDataset {
        classes = List.copyOf(classes);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    public boolean hasTestSet() { return test != null; }

    public int size() { return train.size() + (test == null ? 0 : test.size()); }
}
