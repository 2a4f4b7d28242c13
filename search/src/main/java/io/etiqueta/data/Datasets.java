package io.etiqueta.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each dataset once per process: a search runs many trials on the same dataset and options, and
 * re-decoding thousands of images per trial would dominate its time. Keyed by absolute path, options and the
 * path's modification time (so an edited dataset is read again). Concurrent requests for the same key wait for
 * one load; a failed load is not remembered, so fixing the data and retrying works.
 */
public final class Datasets {
    private record Key(Path path, LoadOptions options, long modified) {}

    private static final ConcurrentHashMap<Key, CompletableFuture<LoadedDataset>> CACHE = new ConcurrentHashMap<>();

    private Datasets() {}

    public static LoadedDataset load(Path path, LoadOptions options) {
        LoadOptions opts = options == null ? LoadOptions.defaults() : options;
        Key key = new Key(path.toAbsolutePath().normalize(), opts, modified(path));
        CompletableFuture<LoadedDataset> mine = new CompletableFuture<>();
        CompletableFuture<LoadedDataset> existing = CACHE.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(DatasetLoader.load(path, opts));
            } catch (RuntimeException | Error e) {
                CACHE.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Forgets every loaded dataset (frees their memory). */
    public static void clear() { CACHE.clear(); }

    /** How many distinct loads are held. */
    public static int cached() { return CACHE.size(); }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return -1; // missing: the loader reports it
        }
    }
}
