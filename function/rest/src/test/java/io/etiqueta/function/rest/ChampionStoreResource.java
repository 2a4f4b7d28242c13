package io.etiqueta.function.rest;

import io.etiqueta.testing.TempFolders;
import io.etiqueta.function.TestBundles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A temporary local store with the colour model promoted as v1, and a bucket folder with one image. */
public class ChampionStoreResource implements QuarkusTestResourceLifecycleManager {
    static Path root;

    @Override public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("etiqueta-rest-test");
            Path store = root.resolve("store");
            TestBundles.promote(store, TestBundles.colours(), "t1", 1);
            Path bucket = root.resolve("buckets/photos/in");
            Files.createDirectories(bucket);
            Files.write(bucket.resolve("blue.gif"), TestBundles.imageFile(2, "gif"));
            return Map.of("etiqueta.store", store.toString(),
                    "etiqueta.bucket-root", root.resolve("buckets").toString(),
                    "etiqueta.poll-interval", "200ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void stop() {
        if (root == null) return;
        TempFolders.delete(root);
    }
}
