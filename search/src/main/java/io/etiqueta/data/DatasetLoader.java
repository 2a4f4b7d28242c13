package io.etiqueta.data;

import io.etiqueta.errors.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Recognises a dataset's format from its path and reads it into memory. Recognised, in this order:
 * <ol>
 *   <li>a .zip, .tar.gz/.tgz or .tar of any folder layout below (unpacked to a temporary folder, then deleted);</li>
 *   <li>a single IDX images file ({@code *-images-idx3-ubyte[.gz]}) with its labels file beside it;</li>
 *   <li>a folder holding CIFAR-10 binary batches ({@code data_batch_*.bin}, {@code test_batch.bin});</li>
 *   <li>a folder holding IDX pairs ({@code train-*} and {@code t10k-*}, gzipped or not);</li>
 *   <li>a folder with {@code train/} and {@code test/} folders of class folders (a {@code val/} folder joins the training pool);</li>
 *   <li>a folder of class folders;</li>
 *   <li>a folder whose only sub-folder holds one of these (what unpacking an archive of a folder gives).</li>
 * </ol>
 */
public final class DatasetLoader {
    static final String LAYOUTS = "a folder of class folders (cats/, dogs/, ... holding JPEG/PNG/GIF/BMP images), "
            + "a folder with train/ and test/ folders of class folders, a CIFAR-10 binary folder (data_batch_*.bin, test_batch.bin), "
            + "IDX files (train-images-idx3-ubyte[.gz] with train-labels-idx1-ubyte[.gz], optionally t10k-*), "
            + "or a .zip/.tar.gz/.tgz/.tar of one of these folders";
    private static final List<String> VALIDATION_FOLDERS = List.of("val", "valid", "validation");

    static {
        // ImageIO otherwise buffers every stream-decoded image through a temporary file on disk
        javax.imageio.ImageIO.setUseCache(false);
    }

    private DatasetLoader() {}

    public static LoadedDataset load(Path path, LoadOptions options) {
        if (path == null) throw new DatasetException("no dataset given: " + LAYOUTS);
        if (options == null) options = LoadOptions.defaults();
        if (options.imageSize() != null && (options.imageSize() < 1 || options.imageSize() > 4096)) {
            throw new DatasetException("image size " + options.imageSize() + " is out of range 1..4096");
        }
        if (!Files.exists(path)) {
            throw new DatasetException("dataset not found: " + path + " does not exist"
                    + (path.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
        }
        if (!Files.isReadable(path)) throw new DatasetException("cannot read dataset " + path + ": permission denied");
        String source = path.toString();
        try {
            LoadedDataset dataset = Files.isDirectory(path) ? readFolder(source, path, options, Path::toString, "")
                    : readFile(source, path, options);
            requireTwoClasses(dataset);
            return dataset;
        } catch (UncheckedIOException e) {
            throw new DatasetException("cannot read dataset " + path + ": " + Failures.describe(e.getCause()), e);
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset " + path + ": " + Failures.describe(e), e);
        }
    }

    private static LoadedDataset readFile(String source, Path file, LoadOptions options) throws IOException {
        String kind = Archives.kind(file);
        if (kind != null) {
            try (Archives.Unpacked unpacked = Archives.unpack(file, kind)) {
                Path root = unpacked.root();
                Function<Path, String> display = p -> {
                    String rel = root.relativize(p).toString();
                    return file + (rel.isEmpty() ? "" : "!/" + rel);
                };
                return readFolder(source, root, options, display, " (" + kind + ")");
            }
        }
        if (IdxReader.isImagesFile(file)) {
            Path dir = file.toAbsolutePath().getParent();
            return IdxReader.read(source, dir, file.toAbsolutePath(), options, Path::toString);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String hint = name.matches(".*labels[-.]idx1[-.]ubyte(\\.gz)?") ? " (pass the images file or the folder holding both)"
                : CifarBinaryReader.isBatchFile(file) ? " (pass the folder holding the batches)" : "";
        throw new DatasetException("not a dataset: " + file + " is a file" + hint + ". etiqueta reads " + LAYOUTS);
    }

    private static LoadedDataset readFolder(String source, Path dir, LoadOptions options, Function<Path, String> display, String suffix)
            throws IOException {
        Optional<LoadedDataset> found = detect(source, dir, options, display, suffix, 0);
        if (found.isPresent()) return found.get();
        boolean looseFiles;
        try (Stream<Path> children = Files.list(dir)) {
            looseFiles = children.anyMatch(p -> Files.isRegularFile(p) && !Hidden.isIgnored(p));
        }
        throw new DatasetException("not a dataset: " + display.apply(dir) + (looseFiles
                ? " holds files but no class folders; put each class's images in a subfolder named after the class"
                : " is empty") + ". etiqueta reads " + LAYOUTS);
    }

    private static Optional<LoadedDataset> detect(String source, Path dir, LoadOptions options, Function<Path, String> display,
                                                  String suffix, int depth) throws IOException {
        List<Path> files = new ArrayList<>(), folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> !Hidden.isIgnored(p)).sorted().forEach(p -> (Files.isDirectory(p) ? folders : files).add(p));
        }
        if (files.stream().anyMatch(CifarBinaryReader::isBatchFile)) {
            return Optional.of(withFormat(CifarBinaryReader.read(source, dir, options, display), suffix));
        }
        if (files.stream().anyMatch(IdxReader::isImagesFile)) {
            return Optional.of(withFormat(IdxReader.read(source, dir, null, options, display), suffix));
        }
        Path train = child(folders, "train"), test = child(folders, "test");
        List<Path> pool = new ArrayList<>();
        if (train != null) {
            pool.add(train);
            for (String v : VALIDATION_FOLDERS) {
                Path val = child(folders, v);
                if (val != null) pool.add(val);
            }
        }
        // train/ with test/, or train/ with only val/ beside it: split folders, not classes called "train" and "val"
        boolean splitFolders = train != null && !FolderReader.classFolders(train).isEmpty()
                && (test != null || (pool.size() > 1 && folders.size() == pool.size()));
        if (splitFolders) {
            String merged = pool.size() > 1 ? " (+" + pool.get(1).getFileName() + " in train)" : "";
            String format = (test != null ? "train-test folders" : "folder") + merged;
            return Optional.of(FolderReader.read(source, format + suffix, pool, test, options, display));
        }
        if (folders.size() == 1 && depth < 3) {
            // a wrapper folder, as unpacking "dataset.zip" gives "dataset/": look inside it first
            Optional<LoadedDataset> inside = detect(source, folders.getFirst(), options, display, suffix, depth + 1);
            if (inside.isPresent()) return inside;
        }
        if (folders.isEmpty()) return Optional.empty();
        if (folders.size() == 1 && depth > 0) return Optional.empty(); // a lone folder inside a wrapper: let the outer level decide
        return Optional.of(FolderReader.read(source, "folder" + suffix, List.of(dir), null, options, display));
    }

    private static Path child(List<Path> folders, String name) {
        for (Path f : folders) if (f.getFileName().toString().equalsIgnoreCase(name)) return f;
        return null;
    }

    private static LoadedDataset withFormat(LoadedDataset d, String suffix) {
        if (suffix.isEmpty()) return d;
        return new LoadedDataset(d.source(), d.format() + suffix, d.classes(), d.spec(), d.train(), d.test(),
                d.fingerprint(), d.skipped(), d.sources());
    }

    /** A classifier needs two classes with examples (IDX and CIFAR declare classes that may be absent from the files). */
    private static void requireTwoClasses(LoadedDataset d) {
        int[] counts = d.countsPerClass();
        List<String> present = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) if (counts[c] > 0) present.add(d.classes().get(c));
        if (present.size() < 2) {
            throw new DatasetException("only " + (present.isEmpty() ? "no class" : "one class ('" + present.getFirst() + "')")
                    + " has examples in " + d.source() + ": a classifier needs at least two classes");
        }
    }
}
