package io.etiqueta.data;

import io.etiqueta.testing.Cifar10;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Real test data for anyone's tests: CIFAR-10 JPEGs from the shared archive arranged in every folder layout,
 * CIFAR-10 binary batches made from them, archives, Fashion-MNIST IDX files, and generated images.
 * The shared archive is streamed once per JVM and at most {@link #MAX_PER_CLASS} images per class are kept.
 */
public final class TestData {
    public static final int MAX_PER_CLASS = 120;
    private static Map<String, List<byte[]>> cifar;

    private TestData() {}

    /** The shared folder (system property {@code etiqueta.shared.dir}, set by surefire). */
    public static Path sharedDir() {
        String dir = System.getProperty("etiqueta.shared.dir");
        return dir != null ? Path.of(dir) : Path.of("..", "shared");
    }

    public static Path cifarArchive() {
        return io.etiqueta.testing.TestRequirements.sharedFile(sharedDir().resolve("datasets/cifar10/train.tar.gz"), "the shared CIFAR-10 JPEG archive");
    }

    /** The Debian package's gzipped Fashion-MNIST IDX files. */
    public static Path fashionMnistDir() { return io.etiqueta.testing.TestRequirements.fashionMnist(); }

    /** The first {@code trainPerClass}/{@code testPerClass} images of each class of the real Fashion-MNIST, as IDX files in {@code folder}. */
    public static Path fashionMnistSlice(Path folder, int trainPerClass, int testPerClass) {
        LoadedDataset full = DatasetLoader.load(fashionMnistDir(), LoadOptions.defaults());
        writeFirstPerClass(folder, "train", full.train(), trainPerClass);
        writeFirstPerClass(folder, "t10k", full.test(), testPerClass);
        return folder;
    }

    private static void writeFirstPerClass(Path folder, String prefix, Examples examples, int perClass) {
        int[] seen = new int[10];
        int[] pick = java.util.stream.IntStream.range(0, examples.size()).filter(i -> seen[examples.labels()[i]]++ < perClass).toArray();
        Examples part = examples.subset(pick);
        writeIdx(folder, prefix, part.pixels(), 28, 28, part.labels(), true);
    }

    /** The first {@code perClass} JPEG files (bytes) of each CIFAR-10 class, in the archive's order. */
    public static synchronized Map<String, List<byte[]>> cifarJpegs(int perClass) {
        if (perClass > MAX_PER_CLASS) throw new IllegalArgumentException("at most " + MAX_PER_CLASS + " per class");
        if (cifar == null) cifar = readCifar();
        Map<String, List<byte[]>> out = new TreeMap<>();
        cifar.forEach((c, list) -> out.put(c, list.subList(0, perClass)));
        return out;
    }

    private static Map<String, List<byte[]>> readCifar() {
        Map<String, List<byte[]>> byClass = new TreeMap<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(cifarArchive()), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry e;
            int full = 0;
            while ((e = tar.getNextEntry()) != null && full < 10) {
                String[] parts = e.getName().split("/");
                if (!e.isFile() || parts.length != 3 || !parts[2].endsWith(".jpg")) continue;
                List<byte[]> list = byClass.computeIfAbsent(parts[1], k -> new ArrayList<>());
                if (list.size() < MAX_PER_CLASS) {
                    list.add(tar.readAllBytes());
                    if (list.size() == MAX_PER_CLASS) full++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shared CIFAR-10 archive " + cifarArchive(), e);
        }
        return byClass;
    }

    /** Writes {@code dir/<class>/NNNN.jpg} for the given classes (all ten when none given). */
    public static Path cifarClassFolders(Path dir, int perClass, String... classes) {
        return cifarClassFolders(dir, 0, perClass, classes);
    }

    /** Like {@link #cifarClassFolders(Path, int, String...)}, taking each class's images from index {@code from}. */
    public static Path cifarClassFolders(Path dir, int from, int perClass, String... classes) {
        Map<String, List<byte[]>> jpegs = cifarJpegs(from + perClass);
        List<String> names = classes.length == 0 ? Cifar10.CLASSES : List.of(classes);
        try {
            for (String c : names) {
                Path classDir = Files.createDirectories(dir.resolve(c));
                for (int i = from; i < from + perClass; i++) Files.write(classDir.resolve(String.format("%04d.jpg", i)), jpegs.get(c).get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** {@code dir/train/<class>/} and {@code dir/test/<class>/} with different images in each. */
    public static Path cifarTrainTest(Path dir, int trainPerClass, int testPerClass, String... classes) {
        cifarClassFolders(dir.resolve("train"), 0, trainPerClass, classes);
        cifarClassFolders(dir.resolve("test"), trainPerClass, testPerClass, classes);
        return dir;
    }

    /** Channel-first RGB pixels of a JPEG as decoded by ImageIO (what a CIFAR binary record would hold for it). */
    public static byte[] planes(byte[] jpeg) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
            int w = img.getWidth(), h = img.getHeight(), plane = w * h;
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            byte[] out = new byte[3 * plane];
            for (int i = 0; i < plane; i++) {
                out[i] = (byte) (argb[i] >> 16);
                out[plane + i] = (byte) (argb[i] >> 8);
                out[2 * plane + i] = (byte) argb[i];
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CIFAR-10 binary batches in the real layout (1 label byte + 3,072 bytes of R, G, B planes per record) made
     * from the shared JPEGs: {@code data_batch_1.bin} with {@code trainPerClass}, {@code test_batch.bin} with
     * {@code testPerClass} per class, classes interleaved as in the real files.
     */
    public static Path cifarBinary(Path dir, int trainPerClass, int testPerClass) {
        Map<String, List<byte[]>> jpegs = cifarJpegs(trainPerClass + testPerClass);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("data_batch_1.bin"), batch(jpegs, 0, trainPerClass));
            if (testPerClass > 0) Files.write(dir.resolve("test_batch.bin"), batch(jpegs, trainPerClass, testPerClass));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static byte[] batch(Map<String, List<byte[]>> jpegs, int from, int perClass) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < from + perClass; i++) {
            for (int label = 0; label < Cifar10.CLASSES.size(); label++) {
                out.write(label);
                out.writeBytes(planes(jpegs.get(Cifar10.CLASSES.get(label)).get(i)));
            }
        }
        return out.toByteArray();
    }

    /** A zip of {@code folder} with the folder's name as its top entry, as "Compress" in a file manager makes it. */
    public static Path zip(Path folder, Path zipFile) {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(zipFile))) {
            for (Path p : walk(folder)) {
                String name = folder.getParent().relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : "");
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                if (Files.isRegularFile(p)) Files.copy(p, zip);
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zipFile;
    }

    /** A .tar.gz of {@code folder} with the folder's name as its top entry. */
    public static Path tarGz(Path folder, Path file) {
        try (OutputStream raw = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
            for (Path p : walk(folder)) {
                String name = folder.getParent().relativize(p).toString().replace('\\', '/');
                tar.putArchiveEntry(tar.createArchiveEntry(p.toFile(), name));
                if (Files.isRegularFile(p)) Files.copy(p, tar);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static List<Path> walk(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.sorted().toList();
        }
    }

    /** A random-ish image with smooth gradients (so resizing and compression behave as on photos). */
    public static BufferedImage image(int width, int height, boolean gray, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int a = r.nextInt(256), b = r.nextInt(256), c = r.nextInt(256);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = (a + 255 * x / Math.max(1, width - 1)) & 0xFF;
                if (gray) img.getRaster().setSample(x, y, 0, (v + y) & 0xFF);
                else img.setRGB(x, y, v << 16 | ((b + 255 * y / Math.max(1, height - 1)) & 0xFF) << 8 | (c + r.nextInt(16)) & 0xFF);
            }
        }
        return img;
    }

    /** Writes a generated image as {@code format} ("png", "gif", "bmp", "jpg"). */
    public static Path writeImage(Path file, String format, int width, int height, boolean gray, long seed) {
        try {
            Files.createDirectories(file.getParent());
            BufferedImage img = image(width, height, gray, seed);
            if (format.equals("bmp") && gray) {
                // the BMP writer wants an indexed or RGB image; a grey palette keeps it grayscale
                BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, grayPalette());
                indexed.getRaster().setRect(img.getRaster());
                img = indexed;
            }
            if (!ImageIO.write(img, format, file.toFile())) throw new IOException("no writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static java.awt.image.IndexColorModel grayPalette() {
        byte[] v = new byte[256];
        for (int i = 0; i < 256; i++) v[i] = (byte) i;
        return new java.awt.image.IndexColorModel(8, 256, v, v, v);
    }

    /** Copies the gzipped IDX files of {@code from} into {@code to}, decompressed and without the .gz suffix. */
    public static Path gunzipCopy(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.filter(p -> p.toString().endsWith(".gz")).toList()) {
                String name = f.getFileName().toString();
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
                    Files.copy(in, to.resolve(name.substring(0, name.length() - 3)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** A small IDX pair ({@code <prefix>-images-idx3-ubyte}, {@code <prefix>-labels-idx1-ubyte}) of the given images and labels. */
    public static void writeIdx(Path dir, String prefix, byte[][] images, int rows, int cols, int[] labels, boolean gzip) {
        try {
            Files.createDirectories(dir);
            ByteArrayOutputStream img = new ByteArrayOutputStream();
            java.io.DataOutputStream di = new java.io.DataOutputStream(img);
            di.writeInt(0x803);
            di.writeInt(images.length);
            di.writeInt(rows);
            di.writeInt(cols);
            for (byte[] image : images) di.write(image);
            ByteArrayOutputStream lab = new ByteArrayOutputStream();
            java.io.DataOutputStream dl = new java.io.DataOutputStream(lab);
            dl.writeInt(0x801);
            dl.writeInt(labels.length);
            for (int l : labels) dl.write(l);
            String gz = gzip ? ".gz" : "";
            Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), gzip ? gzip(img.toByteArray()) : img.toByteArray());
            Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), gzip ? gzip(lab.toByteArray()) : lab.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Keeps only the first {@code n} bytes of a file, as an interrupted download would. */
    public static Path truncate(Path file, long n) {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

}
