package io.etiqueta.data;

import io.etiqueta.errors.Failures;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-style IDX files: {@code <prefix>-images-idx3-ubyte} with {@code <prefix>-labels-idx1-ubyte} (also with
 * a dot, as {@code train-images.idx3-ubyte}, and gzipped). Prefixes starting with {@code t10k} or {@code test}
 * form the explicit test set, the rest the training pool.
 */
final class IdxReader {
    static final Pattern IMAGES = Pattern.compile("(?i)(.+?)[-.]images[-.]idx3[-.]ubyte(\\.gz)?");
    private static final int IMAGES_MAGIC = 0x00000803, LABELS_MAGIC = 0x00000801;

    static final List<String> FASHION_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private record Pair(String prefix, Path images, Path labels, boolean test) {}

    private IdxReader() {}

    static boolean isImagesFile(Path file) { return IMAGES.matcher(file.getFileName().toString()).matches(); }

    /** Reads all IDX pairs in {@code dir}, or only the pair of {@code onlyImages} when it is given. */
    static LoadedDataset read(String source, Path dir, Path onlyImages, LoadOptions options, Function<Path, String> display) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        List<Pair> pairs = new ArrayList<>();
        for (Path f : files) {
            if (onlyImages != null && !f.equals(onlyImages)) continue;
            Matcher m = IMAGES.matcher(f.getFileName().toString());
            if (!m.matches()) continue;
            String prefix = m.group(1);
            Path labels = files.stream().filter(l -> l.getFileName().toString().matches(
                    "(?i)" + Pattern.quote(prefix) + "[-.]labels[-.]idx1[-.]ubyte(\\.gz)?")).findFirst().orElseThrow(() ->
                    new DatasetException("IDX images file " + display.apply(f) + " has no labels file beside it: expected "
                            + prefix + "-labels-idx1-ubyte (or .gz) in " + display.apply(dir)));
            String p = prefix.toLowerCase(Locale.ROOT);
            pairs.add(new Pair(prefix, f, labels, p.startsWith("t10k") || p.startsWith("test")));
        }
        if (pairs.stream().allMatch(Pair::test)) {
            if (onlyImages != null) pairs = pairs.stream().map(x -> new Pair(x.prefix, x.images, x.labels, false)).toList();
            else throw new DatasetException("only test IDX files in " + display.apply(dir)
                    + ": also put the training pair (train-images-idx3-ubyte, train-labels-idx1-ubyte) there");
        }

        List<RawImages> trainRaw = new ArrayList<>(), testRaw = new ArrayList<>();
        List<int[]> trainLabels = new ArrayList<>(), testLabels = new ArrayList<>();
        int width = -1, height = -1;
        int maxLabel = 0;
        for (Pair pair : pairs) {
            RawImages images = readImages(pair.images, display);
            int[] labels = readLabels(pair.labels, display);
            if (labels.length != images.count()) {
                throw new DatasetException("IDX files disagree: " + display.apply(pair.images) + " holds " + images.count()
                        + " images but " + display.apply(pair.labels) + " holds " + labels.length + " labels");
            }
            if (width >= 0 && (images.width() != width || images.height() != height)) {
                throw new DatasetException("IDX images differ in size: " + display.apply(pair.images) + " holds "
                        + images.width() + "x" + images.height() + " images, others " + width + "x" + height);
            }
            width = images.width();
            height = images.height();
            for (int l : labels) maxLabel = Math.max(maxLabel, l);
            (pair.test ? testRaw : trainRaw).add(images);
            (pair.test ? testLabels : trainLabels).add(labels);
        }

        List<String> classes = classNames(dir, maxLabel, display);
        ImageSpec target = RawImages.target(trainRaw.getFirst(), options);
        Fingerprint fingerprint = new Fingerprint(classes);
        Examples train = RawImages.examples("train", trainRaw, trainLabels, target, fingerprint);
        Examples test = testRaw.isEmpty() ? null : RawImages.examples("test", testRaw, testLabels, target, fingerprint);
        int total = train.size() + (test == null ? 0 : test.size());
        return new LoadedDataset(source, "idx", classes, target, train, test, fingerprint.value(), List.of(),
                SourceStats.uniform(new ImageSize(width, height), total, true));
    }

    /** classes.txt or labels.txt beside the files; else Fashion-MNIST's names when the path says fashion; else the digits. */
    private static List<String> classNames(Path dir, int maxLabel, Function<Path, String> display) throws IOException {
        for (String name : List.of("classes.txt", "labels.txt")) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) continue;
            List<String> names = Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.size() <= maxLabel) {
                throw new DatasetException(display.apply(file) + " names " + names.size() + " classes but the labels go up to "
                        + maxLabel + ": it needs one line per class, in label order");
            }
            return names;
        }
        // the displayed path names the archive when the files came out of one
        boolean fashion = (dir.toAbsolutePath() + " " + display.apply(dir)).toLowerCase(Locale.ROOT).contains("fashion");
        if (fashion && maxLabel < FASHION_CLASSES.size()) return FASHION_CLASSES;
        return IntStream.rangeClosed(0, Math.max(9, maxLabel)).mapToObj(Integer::toString).toList();
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static RawImages readImages(Path file, Function<Path, String> display) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int magic = header(in, file, display);
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(display.apply(file) + " is not an IDX image file: it starts with 0x"
                        + String.format("%08x", magic) + ", expected 0x00000803 (unsigned bytes, 3 dimensions)");
            }
            int n = in.readInt(), rows = in.readInt(), cols = in.readInt();
            long expected = (long) n * rows * cols;
            if (n < 0 || rows <= 0 || cols <= 0 || expected > Integer.MAX_VALUE - 16) {
                throw new DatasetException(display.apply(file) + " declares an impossible shape " + n + " x " + rows + " x " + cols);
            }
            byte[] data = in.readNBytes((int) expected);
            if (data.length < expected) {
                throw truncated(file, display, n + " images of " + rows + "x" + cols, 16 + expected, 16 + data.length);
            }
            return new RawImages(data, 0, rows * cols, n, cols, rows, ColorMode.GRAY);
        } catch (EOFException e) {
            throw new DatasetException("truncated file " + display.apply(file) + ": the data ends early (" + Failures.describe(e) + ")", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read IDX file " + display.apply(file) + ": " + Failures.describe(e), e);
        }
    }

    static int[] readLabels(Path file, Function<Path, String> display) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int magic = header(in, file, display);
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(display.apply(file) + " is not an IDX label file: it starts with 0x"
                        + String.format("%08x", magic) + ", expected 0x00000801 (unsigned bytes, 1 dimension)");
            }
            int n = in.readInt();
            if (n < 0) throw new DatasetException(display.apply(file) + " declares a negative count " + n);
            byte[] data = in.readNBytes(n);
            if (data.length < n) throw truncated(file, display, n + " labels", 8L + n, 8L + data.length);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = data[i] & 0xFF;
            return labels;
        } catch (EOFException e) {
            throw new DatasetException("truncated file " + display.apply(file) + ": the data ends early (" + Failures.describe(e) + ")", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read IDX file " + display.apply(file) + ": " + Failures.describe(e), e);
        }
    }

    private static int header(DataInputStream in, Path file, Function<Path, String> display) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DatasetException("truncated file " + display.apply(file) + ": " + magic.length + " bytes, too short for an IDX header");
        }
        return (magic[0] & 0xFF) << 24 | (magic[1] & 0xFF) << 16 | (magic[2] & 0xFF) << 8 | magic[3] & 0xFF;
    }

    private static DatasetException truncated(Path file, Function<Path, String> display, String what, long expected, long actual) {
        boolean gz = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        return new DatasetException("truncated file " + display.apply(file) + ": its header declares " + what + ", "
                + expected + " bytes" + (gz ? " uncompressed" : "") + ", but it holds " + actual);
    }
}
