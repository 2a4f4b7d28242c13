package io.etiqueta.data;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CIFAR-10 binary version: {@code data_batch_1.bin .. data_batch_5.bin} and {@code test_batch.bin}, each a
 * run of 3,073-byte records (one label byte, then 1,024 red, 1,024 green and 1,024 blue bytes of a 32x32 image,
 * row by row). Class names come from {@code batches.meta.txt} when present.
 */
final class CifarBinaryReader {
    static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");
    static final String TEST_BATCH = "test_batch.bin";
    static final int SIDE = 32, IMAGE_BYTES = 3 * SIDE * SIDE, RECORD = 1 + IMAGE_BYTES;
    static final List<String> CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private CifarBinaryReader() {}

    static boolean isBatchFile(Path file) {
        String name = file.getFileName().toString();
        return TRAIN_BATCH.matcher(name).matches() || name.equals(TEST_BATCH);
    }

    static LoadedDataset read(String source, Path dir, LoadOptions options, Function<Path, String> display) throws IOException {
        List<Path> trainFiles;
        try (Stream<Path> list = Files.list(dir)) {
            trainFiles = list.filter(p -> TRAIN_BATCH.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(CifarBinaryReader::batchNumber)).toList();
        }
        if (trainFiles.isEmpty()) {
            throw new DatasetException("no training batches in " + display.apply(dir)
                    + ": a CIFAR-10 binary dataset needs data_batch_1.bin (and usually up to data_batch_5.bin)");
        }
        Path testFile = dir.resolve(TEST_BATCH);
        List<String> classes = classNames(dir);
        ImageSpec target = options.imageSize() == null && options.color() == null ? ImageSpec.of(SIDE, SIDE, ColorMode.RGB)
                : ImageSpec.of(options.imageSize() == null ? SIDE : options.imageSize(),
                options.imageSize() == null ? SIDE : options.imageSize(),
                options.color() == null ? ColorMode.RGB : options.color());
        Fingerprint fingerprint = new Fingerprint(classes);
        Examples train = part("train", trainFiles, classes, target, fingerprint, display);
        Examples test = Files.isRegularFile(testFile) ? part("test", List.of(testFile), classes, target, fingerprint, display) : null;
        int total = train.size() + (test == null ? 0 : test.size());
        return new LoadedDataset(source, "cifar10-binary", classes, target, train, test, fingerprint.value(), List.of(),
                SourceStats.uniform(new ImageSize(SIDE, SIDE), total, false));
    }

    private static Examples part(String name, List<Path> files, List<String> classes, ImageSpec target,
                                 Fingerprint fingerprint, Function<Path, String> display) throws IOException {
        List<int[]> labels = new ArrayList<>();
        List<RawImages> raws = new ArrayList<>();
        for (Path file : files) {
            byte[] data = Files.readAllBytes(file);
            if (data.length == 0 || data.length % RECORD != 0) {
                int whole = data.length / RECORD;
                throw new DatasetException("truncated or damaged CIFAR-10 file " + display.apply(file) + ": " + data.length
                        + " bytes is not a whole number of " + RECORD + "-byte records (expected " + (long) (whole + 1) * RECORD
                        + " bytes for " + (whole + 1) + " records, or " + 10_000L * RECORD + " for a standard batch)");
            }
            int count = data.length / RECORD;
            int[] l = new int[count];
            for (int i = 0; i < count; i++) {
                l[i] = data[i * RECORD] & 0xFF;
                if (l[i] >= classes.size()) {
                    throw new DatasetException("record " + i + " of " + display.apply(file) + " has label " + l[i] + " but there are only "
                            + classes.size() + " classes: is this CIFAR-100 (not supported) or a damaged file?");
                }
            }
            raws.add(new RawImages(data, 1, RECORD, count, SIDE, SIDE, ColorMode.RGB));
            labels.add(l);
        }
        return RawImages.examples(name, raws, labels, target, fingerprint);
    }

    private static List<String> classNames(Path dir) throws IOException {
        Path meta = dir.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) return CLASSES;
        List<String> names = Files.readAllLines(meta).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return names.isEmpty() ? CLASSES : names;
    }

    private static int batchNumber(Path p) {
        Matcher m = TRAIN_BATCH.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }
}
