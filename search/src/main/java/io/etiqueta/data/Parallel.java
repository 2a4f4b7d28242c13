package io.etiqueta.data;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs per-image work on a small pool of its own, so decoding does not take over a shared 2-core machine. */
final class Parallel {
    /** Two workers: decoding is CPU-bound and the target machines have few cores shared with training. */
    static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS);

    private Parallel() {}

    /** Calls {@code task} once for each index in {@code [0, n)}; each call must write only its own slot. */
    static void forEach(int n, IntConsumer task) {
        if (n == 0) return;
        try {
            POOL.submit(() -> IntStream.range(0, n).parallel().forEach(task)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("interrupted while reading the dataset", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new DatasetException("reading the dataset failed: " + e.getCause(), e.getCause());
        }
    }
}
