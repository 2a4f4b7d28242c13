package io.etiqueta.storage;

import io.etiqueta.testing.TempFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What storing a trial costs: put and get times for a typical trial's artifacts (a 50 KB trial.json, a 2 MB and a
 * 20 MB model bundle) on the local store and on the in-process S3 server. A program, not a test; run it with
 *
 * <pre>
 * bench/java infra io.etiqueta.storage.StoreBenchmark [ROUNDS (default 7)]
 * </pre>
 *
 * Prints the median of the rounds (after one warm-up round) for each artifact and operation.
 */
public final class StoreBenchmark {
    private record Artifact(String name, String key, Path file, long size) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        PrintStream out = System.out;
        Path tmp = Files.createTempDirectory("etiqueta-bench");
        try {
            List<Artifact> artifacts = List.of(
                    artifact(tmp, "trial.json 50 KB", "searches/bench/trials/t1/trial.json", 50 * 1024, true),
                    artifact(tmp, "bundle 2 MB", "searches/bench/trials/t1/bundle.etq", 2 * 1024 * 1024, false),
                    artifact(tmp, "bundle 20 MB", "searches/bench/trials/t2/bundle.etq", 20 * 1024 * 1024, false));
            out.printf("etiqueta store benchmark: median of %d rounds after 1 warm-up, %s, %d cores%n",
                    rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            out.printf("%-26s %-18s %10s %10s %10s %10s%n", "store", "artifact", "put ms", "get ms", "put MB/s", "get MB/s");
            try (Store local = Stores.open(tmp.resolve("store").toString())) {
                measure(out, "local folder", local, artifacts, rounds);
            }
            try (S3TestServer server = S3TestServer.start().useAsDefault();
                 Store s3 = Stores.open(server.location("bench"))) {
                measure(out, "S3 (in-process S3Proxy)", s3, artifacts, rounds);
            }
        } finally {
            TempFolders.delete(tmp);
        }
    }

    private static Artifact artifact(Path dir, String name, String key, int size, boolean json) throws IOException {
        byte[] bytes = new byte[size];
        Random random = new Random(42);
        if (json) {
            // JSON-like text: digits and punctuation, like a trial record's curves
            byte[] alphabet = "0123456789.,:{}[]\"epochlosacurydt ".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < size; i++) bytes[i] = alphabet[random.nextInt(alphabet.length)];
        } else {
            random.nextBytes(bytes); // a bundle is a zip: incompressible
        }
        Path file = dir.resolve(key.replace('/', '_'));
        Files.write(file, bytes);
        return new Artifact(name, key, file, size);
    }

    private static void measure(PrintStream out, String storeName, Store store, List<Artifact> artifacts, int rounds)
            throws IOException {
        for (Artifact a : artifacts) {
            double[] put = new double[rounds];
            double[] get = new double[rounds];
            for (int round = -1; round < rounds; round++) {
                long t0 = System.nanoTime();
                if (a.size() <= 1024 * 1024) store.put(a.key(), Files.readAllBytes(a.file()));
                else store.put(a.key(), a.file());
                long t1 = System.nanoTime();
                long read = 0;
                if (a.size() <= 1024 * 1024) {
                    read = store.get(a.key()).orElseThrow().length;
                } else {
                    try (InputStream in = store.open(a.key()).orElseThrow()) {
                        read = in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
                long t2 = System.nanoTime();
                if (read != a.size()) throw new IllegalStateException("read " + read + " of " + a.size() + " bytes");
                if (round >= 0) {
                    put[round] = (t1 - t0) / 1e6;
                    get[round] = (t2 - t1) / 1e6;
                }
            }
            double putMs = median(put);
            double getMs = median(get);
            double mb = a.size() / 1e6;
            out.printf("%-26s %-18s %10.1f %10.1f %10.1f %10.1f%n", storeName, a.name(), putMs, getMs,
                    mb / (putMs / 1e3), mb / (getMs / 1e3));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
