package io.etiqueta.function.lambda;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Extracts DL4J's native libraries (about 390 MB) into {@code -Dorg.bytedeco.javacpp.cachedir} and exits: run
 * once while building the container image, so that a cold start finds them in place instead of unpacking them
 * into /tmp. See {@code function/lambda/Dockerfile}.
 */
public final class ExtractNatives {
    private ExtractNatives() {}

    public static void main(String[] args) {
        // the first array loads the backend, which unpacks nd4j's and OpenBLAS's libraries
        System.out.println("natives ready: " + Nd4j.create(new float[]{1, 2, 3}).sumNumber() + " in "
                + System.getProperty("org.bytedeco.javacpp.cachedir", "~/.javacpp/cache"));
    }
}
