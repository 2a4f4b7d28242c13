package io.etiqueta.testing;

import java.util.List;

/** CIFAR-10 as tests know it: its classes in label order (the dataset's batches.meta.txt, and its folders' names). */
public final class Cifar10 {
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10() {}
}
