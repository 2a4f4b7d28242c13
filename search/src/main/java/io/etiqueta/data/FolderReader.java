package io.etiqueta.data;

import io.etiqueta.errors.Failures;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageDecoder;
import io.etiqueta.image.ImageRejectedException;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads image files laid out as one folder per class (Keras' {@code flow_from_directory} layout), either one such
 * folder or a {@code train/} and a {@code test/} one. Two passes: headers first (only when the native size or
 * colour is needed), then decoding on {@link Parallel#THREADS} workers.
 */
final class FolderReader {
    /** A common size larger than this on a side is not kept as is: holding thousands of photos at full size would exhaust memory. */
    static final int MAX_NATIVE_SIDE = 256;
    /** For mixed sizes: the median, but no larger than this (what small-image networks train at quickly). */
    static final int MIXED_SIZE_CAP = 64;

    private record Item(Path file, int label, boolean test) {}

    private FolderReader() {}

    /** Sorted names of the class folders in {@code dir}. */
    static List<String> classFolders(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).filter(p -> !Hidden.isIgnored(p))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param trainDirs folders of class folders forming the training pool (several when a val/ folder is merged in)
     * @param testDir   a folder of class folders forming the explicit test set, or null
     */
    static LoadedDataset read(String source, String format, List<Path> trainDirs, Path testDir, LoadOptions options,
                              Function<Path, String> display) {
        List<String> classes = classFolders(trainDirs.getFirst());
        for (Path other : trainDirs.subList(1, trainDirs.size())) sameClasses(trainDirs.getFirst(), classes, other, display);
        if (testDir != null) sameClasses(trainDirs.getFirst(), classes, testDir, display);
        if (classes.isEmpty()) {
            throw new DatasetException("no class folders in " + display.apply(trainDirs.getFirst())
                    + ": put each class's images in a subfolder named after the class");
        }
        if (classes.size() == 1) {
            throw new DatasetException("only one class ('" + classes.getFirst() + "') in " + display.apply(trainDirs.getFirst())
                    + ": a classifier needs at least two class folders");
        }

        List<Item> items = new ArrayList<>();
        for (Path dir : trainDirs) collect(dir, classes, false, items, display);
        if (testDir != null) collect(testDir, classes, true, items, display);

        ImageSpec spec = chooseSpec(items, options);
        Preprocessor preprocessor = new Preprocessor(spec);
        ImageDecoder decoder = new ImageDecoder();
        int n = items.size();
        byte[][] pixels = new byte[n][];
        long[] crcs = new long[n];
        long[] lengths = new long[n];
        ImageSize[] sizes = new ImageSize[n];
        boolean[] gray = new boolean[n];
        String[] errors = new String[n];
        Parallel.forEach(n, i -> {
            Path file = items.get(i).file();
            try {
                byte[] bytes = Files.readAllBytes(file);
                crcs[i] = Fingerprint.crc(bytes, 0, bytes.length);
                lengths[i] = bytes.length;
                BufferedImage image = decoder.decode(bytes);
                sizes[i] = new ImageSize(image.getWidth(), image.getHeight());
                gray[i] = ImageProbe.isGray(image);
                pixels[i] = preprocessor.pixels(image);
            } catch (ImageRejectedException e) {
                errors[i] = Failures.describe(e);
            } catch (IOException e) {
                errors[i] = "cannot read the file: " + e;
            } catch (RuntimeException e) {
                // a decoder failure the image library did not classify: still this file's problem, not ours
                errors[i] = "cannot decode the image: " + e;
            }
        });

        List<String> skipped = new ArrayList<>();
        int bad = 0, first = -1;
        for (int i = 0; i < n; i++) {
            if (errors[i] == null) continue;
            if (first < 0) first = i;
            bad++;
            skipped.add(display.apply(items.get(i).file()) + ": " + errors[i]);
        }
        if (bad > 0 && !options.skipBadFiles()) {
            throw new DatasetException("cannot use " + display.apply(items.get(first).file()) + ": " + errors[first]
                    + (bad > 1 ? " (" + (bad - 1) + " more bad files)" : "")
                    + ". Remove or replace the file, or ask to skip and count bad files (--skip-bad-files)");
        }

        List<Integer> trainIdx = new ArrayList<>(), testIdx = new ArrayList<>();
        for (int i = 0; i < n; i++) if (errors[i] == null) (items.get(i).test() ? testIdx : trainIdx).add(i);
        requireEveryClass(classes, trainIdx, items, trainDirs.getFirst(), display);
        if (testDir != null) requireEveryClass(classes, testIdx, items, testDir, display);

        Fingerprint fingerprint = new Fingerprint(classes);
        Map<ImageSize, Integer> sizeCounts = new HashMap<>();
        int[] grayColor = new int[2];
        Examples train = part("train", trainIdx, items, pixels, crcs, lengths, fingerprint, sizes, gray, sizeCounts, grayColor);
        Examples test = testDir == null ? null
                : part("test", testIdx, items, pixels, crcs, lengths, fingerprint, sizes, gray, sizeCounts, grayColor);
        return new LoadedDataset(source, format, classes, spec, train, test, fingerprint.value(), skipped,
                new SourceStats(sizeCounts, grayColor[0], grayColor[1]));
    }

    private static Examples part(String name, List<Integer> indices, List<Item> items, byte[][] pixels, long[] crcs, long[] lengths,
                                 Fingerprint fingerprint, ImageSize[] sizes, boolean[] gray, Map<ImageSize, Integer> sizeCounts, int[] grayColor) {
        fingerprint.part(name, indices.size());
        byte[][] p = new byte[indices.size()][];
        int[] labels = new int[indices.size()];
        for (int k = 0; k < indices.size(); k++) {
            int i = indices.get(k);
            p[k] = pixels[i];
            labels[k] = items.get(i).label();
            fingerprint.example(labels[k], crcs[i], lengths[i]);
            sizeCounts.merge(sizes[i], 1, Integer::sum);
            grayColor[gray[i] ? 0 : 1]++;
        }
        return new Examples(p, labels);
    }

    private static void sameClasses(Path reference, List<String> classes, Path other, Function<Path, String> display) {
        List<String> theirs = classFolders(other);
        if (theirs.equals(classes)) return;
        TreeSet<String> missing = new TreeSet<>(classes), extra = new TreeSet<>(theirs);
        missing.removeAll(theirs);
        extra.removeAll(classes);
        throw new DatasetException(display.apply(reference) + " and " + display.apply(other) + " have different class folders"
                + (missing.isEmpty() ? "" : "; missing from " + display.apply(other) + ": " + String.join(", ", missing))
                + (extra.isEmpty() ? "" : "; only in " + display.apply(other) + ": " + String.join(", ", extra))
                + ". Both need the same class folders");
    }

    /** Every non-hidden file under each class folder (sub-folders included), in sorted path order. */
    private static void collect(Path dir, List<String> classes, boolean test, List<Item> items, Function<Path, String> display) {
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
                files = walk.filter(Files::isRegularFile).filter(p -> !Hidden.isIgnoredUnder(classDir, p)).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                throw new DatasetException("cannot list class folder " + display.apply(classDir) + ": " + Failures.describe(e), e);
            }
            if (files.isEmpty()) {
                throw new DatasetException("class folder '" + classes.get(label) + "' is empty: " + display.apply(classDir)
                        + " has no image files. Add images or remove the folder");
            }
            for (Path f : files) items.add(new Item(f, label, test));
        }
    }

    private static void requireEveryClass(List<String> classes, List<Integer> kept, List<Item> items, Path dir, Function<Path, String> display) {
        int[] counts = new int[classes.size()];
        for (int i : kept) counts[items.get(i).label()]++;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                throw new DatasetException("class folder '" + classes.get(c) + "' in " + display.apply(dir)
                        + " has no readable images: every file in it was skipped");
            }
        }
    }

    /** The options' size and colour; what is not given comes from the files' headers. */
    private static ImageSpec chooseSpec(List<Item> items, LoadOptions options) {
        Integer size = options.imageSize();
        ColorMode color = options.color();
        if (size != null && color != null) return ImageSpec.of(size, size, color);
        ImageProbe.Info[] infos = new ImageProbe.Info[items.size()];
        Parallel.forEach(items.size(), i -> infos[i] = ImageProbe.probe(items.get(i).file()));
        Map<ImageSize, Integer> counts = new HashMap<>();
        int grayCount = 0, colorCount = 0;
        for (ImageProbe.Info info : infos) {
            if (info == null) continue; // unreadable: the decoding pass reports or skips it
            counts.merge(info.size(), 1, Integer::sum);
            if (info.gray()) grayCount++; else colorCount++;
        }
        SourceStats stats = new SourceStats(counts, grayCount, colorCount);
        if (color == null) color = stats.allGray() ? ColorMode.GRAY : ColorMode.RGB;
        if (size != null) return ImageSpec.of(size, size, color);
        ImageSize chosen = nativeSize(stats);
        return ImageSpec.of(chosen.width(), chosen.height(), color);
    }

    /** The common size when all images share one (and it is not huge); otherwise the median, capped, square. */
    static ImageSize nativeSize(SourceStats stats) {
        ImageSize common = stats.commonSize();
        if (common != null && common.width() <= MAX_NATIVE_SIDE && common.height() <= MAX_NATIVE_SIDE) return common;
        ImageSize median = stats.median();
        if (median == null) return new ImageSize(32, 32);
        int side = Math.max(1, Math.min(MIXED_SIZE_CAP, Math.round((median.width() + median.height()) / 2f)));
        return new ImageSize(side, side);
    }
}
