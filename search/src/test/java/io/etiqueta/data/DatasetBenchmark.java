package io.etiqueta.data;

import io.etiqueta.image.ColorMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints how long loading real datasets takes (run by {@code bin/bench-datasets}); optionally writes their sample
 * grids. Arguments: {@code [grid-output-folder]}.
 */
public final class DatasetBenchmark {
    public static void main(String[] args) throws Exception {
        Path grids = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : null;
        System.out.printf(Locale.ROOT, "decoding threads: %d, cores: %d, java %s%n", Parallel.THREADS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        run("Fashion-MNIST IDX .gz (Debian)", TestData.fashionMnistDir(), LoadOptions.defaults(), grids);
        run("Fashion-MNIST IDX .gz resized to 32x32 rgb", TestData.fashionMnistDir(), new LoadOptions(32, ColorMode.RGB, false), null);
        run("CIFAR-10 JPEG train.tar.gz (shared, 50,000 files)", TestData.cifarArchive(), LoadOptions.defaults(), grids);
        run("CIFAR-10 JPEG train.tar.gz resized to 64x64", TestData.cifarArchive(), new LoadOptions(64, null, false), null);
    }

    private static void run(String name, Path path, LoadOptions options, Path grids) {
        System.gc();
        long before = used();
        long start = System.nanoTime();
        LoadedDataset d = DatasetLoader.load(path, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        long held = used() - before;
        System.out.printf(Locale.ROOT, "%-52s %7d images  %6.2f s  %8.0f images/s  %s  ~%d MB held  fingerprint %s%n",
                name, d.size(), seconds, d.size() / seconds, d.spec(), held >> 20, d.fingerprint());
        if (grids != null) {
            Path png = grids.resolve(path.getFileName().toString().replaceAll("[^A-Za-z0-9.-]", "_") + ".png");
            DatasetInspector.writeGrid(d, png, 10, 1);
            System.out.println("  grid: " + png);
            System.out.print(DatasetInspector.format(DatasetInspector.report(d)).indent(2));
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
