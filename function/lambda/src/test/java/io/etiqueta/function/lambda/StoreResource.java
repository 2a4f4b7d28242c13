package io.etiqueta.function.lambda;

import io.etiqueta.testing.TempFolders;
import io.etiqueta.function.TestBundles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A store that starts out unreachable (the store path is a plain file) and holds no champion: the tests then
 * make it reachable, promote v1 and later v2, all while the function runs.
 */
public class StoreResource implements QuarkusTestResourceLifecycleManager {
    static Path root;
    static Path store;

    @Override public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("etiqueta-lambda-test");
            store = root.resolve("store");
            Files.writeString(store, "this file stands in for a store that cannot be reached");
            Path bucket = root.resolve("buckets/photos");
            Files.createDirectories(bucket);
            Files.write(bucket.resolve("green.jpg"), TestBundles.imageFile(1, "jpg"));
            return Map.of("etiqueta.store", store.toString(),
                    "etiqueta.bucket-root", root.resolve("buckets").toString(),
                    "etiqueta.poll-interval", "200ms",
                    "quarkus.lambda.mock-event-server.test-port", "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void stop() {
        if (root == null) return;
        TempFolders.delete(root);
    }
}
