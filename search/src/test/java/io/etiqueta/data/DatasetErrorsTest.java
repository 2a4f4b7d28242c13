package io.etiqueta.data;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of bad input gives a DatasetException whose message names the problem and the file. */
class DatasetErrorsTest {
    @TempDir Path tmp;

    private static String failure(Path path) { return failure(path, LoadOptions.defaults()); }

    private static String failure(Path path, LoadOptions options) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> DatasetLoader.load(path, options));
        assertThat(t).isInstanceOf(DatasetException.class);
        return t.getMessage();
    }

    @Test void missingPath() {
        Path missing = tmp.resolve("no-such-dataset");
        assertThat(failure(missing)).contains("dataset not found").contains(missing.toString());
    }

    @Test void notADatasetListsTheRecognisedLayouts() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(failure(empty)).contains("not a dataset").contains(empty.toString()).contains("class folders").contains("data_batch_")
                .contains("idx3-ubyte").contains(".zip");
        Path loose = tmp.resolve("loose");
        TestData.writeImage(loose.resolve("a.png"), "png", 8, 8, false, 1);
        assertThat(failure(loose)).contains("no class folders").contains("subfolder named after the class");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThat(failure(text)).contains("not a dataset").contains("notes.txt");
        Path labelsOnly = Files.writeString(tmp.resolve("train-labels-idx1-ubyte"), "x");
        assertThat(failure(labelsOnly)).contains("pass the images file");
    }

    @Test void aNonImageFileIsNamedOrSkippedAndCounted() throws IOException {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 5, "cat", "dog");
        Path bad = Files.writeString(dir.resolve("dog/notes.txt"), "not an image");
        Path pdf = Files.writeString(dir.resolve("cat/scan.jpg"), "%PDF-1.4 fake");
        String message = failure(dir);
        assertThat(message).contains(pdf.toString()).contains("unsupported image format PDF").contains("1 more bad files")
                .contains("--skip-bad-files");

        LoadedDataset d = DatasetLoader.load(dir, new LoadOptions(null, null, true));
        assertThat(d.train().size()).isEqualTo(10);
        assertThat(d.skipped()).hasSize(2);
        assertThat(d.skipped().get(1)).startsWith(bad.toString()).contains("not an image");
    }

    @Test void aTruncatedImageIsNamed() throws IOException {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 5, "cat", "dog");
        Path jpeg = TestData.truncate(dir.resolve("cat/0002.jpg"), Files.size(dir.resolve("cat/0002.jpg")) - 200);
        assertThat(failure(dir)).contains(jpeg.toString()).containsIgnoringCase("truncated JPEG");
        Files.write(jpeg, TestData.cifarJpegs(3).get("cat").get(2));

        Path png = TestData.writeImage(dir.resolve("cat/big.png"), "png", 64, 64, false, 3);
        TestData.truncate(png, Files.size(png) / 2);
        assertThat(failure(dir)).contains(png.toString()).contains("PNG");
    }

    @Test void emptyClassFolderIsNamed() throws IOException {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 5, "cat", "dog");
        Files.createDirectories(dir.resolve("horse"));
        Files.writeString(dir.resolve("horse/.DS_Store"), "junk");
        assertThat(failure(dir)).contains("class folder 'horse' is empty").contains(dir.resolve("horse").toString());
    }

    @Test void classWhoseFilesAreAllSkippedIsAnError() throws IOException {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 5, "cat", "dog");
        Files.createDirectories(dir.resolve("emu"));
        Files.writeString(dir.resolve("emu/a.jpg"), "garbage");
        assertThat(failure(dir, new LoadOptions(null, null, true))).contains("'emu'").contains("no readable images");
    }

    @Test void singleClassIsAnError() {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 5, "cat");
        assertThat(failure(dir)).contains("only one class ('cat')").contains("at least two");
        Path idx = tmp.resolve("idx");
        TestData.writeIdx(idx, "train", new byte[][]{new byte[4], new byte[4]}, 2, 2, new int[]{3, 3}, false);
        assertThat(failure(idx)).contains("one class ('3')");
    }

    @Test void trainAndTestWithDifferentClasses() {
        Path dir = TestData.cifarClassFolders(tmp.resolve("tt/train"), 3, "cat", "dog", "frog");
        TestData.cifarClassFolders(tmp.resolve("tt/test"), 3, "cat", "dog", "horse");
        assertThat(failure(tmp.resolve("tt"))).contains("different class folders").contains("missing from").contains("frog")
                .contains("only in").contains("horse");
    }

    @Test void truncatedCifarBatchSaysExpectedAndActualSize() {
        Path dir = TestData.cifarBinary(tmp.resolve("c"), 2, 1);
        Path batch = TestData.truncate(dir.resolve("data_batch_1.bin"), 20 * 3073 - 100);
        assertThat(failure(dir)).contains("truncated").contains(batch.toString()).contains(String.valueOf(20 * 3073 - 100))
                .contains("expected " + 20 * 3073);
    }

    @Test void cifarLabelOutOfRange() throws IOException {
        Path dir = TestData.cifarBinary(tmp.resolve("c"), 1, 0);
        byte[] data = Files.readAllBytes(dir.resolve("data_batch_1.bin"));
        data[3073 * 2] = 42;
        Files.write(dir.resolve("data_batch_1.bin"), data);
        assertThat(failure(dir)).contains("record 2").contains("label 42");
    }

    @Test void truncatedIdxFilesGzippedOrNotSayExpectedAndActualSize() throws IOException {
        byte[][] images = new byte[10][];
        Arrays.setAll(images, i -> new byte[28 * 28]);
        int[] labels = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        Path raw = tmp.resolve("raw");
        TestData.writeIdx(raw, "train", images, 28, 28, labels, false);
        Path file = TestData.truncate(raw.resolve("train-images-idx3-ubyte"), 16 + 5 * 784);
        assertThat(failure(raw)).contains("truncated").contains(file.toString()).contains("10 images of 28x28")
                .contains(String.valueOf(16 + 10 * 784)).contains(String.valueOf(16 + 5 * 784));

        // a gzipped file whose decompressed content is short
        Path gz = tmp.resolve("gz");
        TestData.writeIdx(gz, "train", images, 28, 28, labels, true);
        byte[] shortContent = Arrays.copyOf(gunzip(gz.resolve("train-images-idx3-ubyte.gz")), 16 + 3 * 784);
        Files.write(gz.resolve("train-images-idx3-ubyte.gz"), TestData.gzip(shortContent));
        assertThat(failure(gz)).contains("truncated").contains("train-images-idx3-ubyte.gz").contains("uncompressed");

        // a gzip stream cut off mid-way, as an interrupted download leaves it
        Path cut = TestData.truncate(Files.copy(TestData.fashionMnistDir().resolve("t10k-labels-idx1-ubyte.gz"),
                Files.createDirectories(tmp.resolve("cut")).resolve("t10k-labels-idx1-ubyte.gz")), 2000);
        Files.copy(TestData.fashionMnistDir().resolve("t10k-images-idx3-ubyte.gz"), tmp.resolve("cut/t10k-images-idx3-ubyte.gz"));
        assertThat(failure(tmp.resolve("cut/t10k-images-idx3-ubyte.gz"))).contains("truncated").contains(cut.toString());
    }

    @Test void idxCountMismatchAndMissingLabels() throws IOException {
        Path dir = tmp.resolve("idx");
        byte[][] images = {new byte[4], new byte[4], new byte[4]};
        TestData.writeIdx(dir, "train", images, 2, 2, new int[]{0, 1, 0}, false);
        TestData.writeIdx(tmp.resolve("other"), "train", images, 2, 2, new int[]{0, 1}, false);
        Files.copy(tmp.resolve("other/train-labels-idx1-ubyte"), dir.resolve("train-labels-idx1-ubyte"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(failure(dir)).contains("holds 3 images").contains("holds 2 labels").contains("train-labels-idx1-ubyte");

        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        assertThat(failure(dir)).contains("no labels file").contains("train-labels-idx1-ubyte");

        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[]{0, 0, 8, 3, 0, 0, 0, 3, 0, 1, 0});
        assertThat(failure(dir)).contains("not an IDX label file").contains("0x00000803");
    }

    @Test void damagedAndEscapingArchives() throws IOException {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 3, "cat", "dog");
        Path zip = TestData.zip(dir, tmp.resolve("d.zip"));
        TestData.truncate(zip, Files.size(zip) / 3);
        assertThat(failure(zip)).contains(zip.toString());

        Path tgz = Files.write(tmp.resolve("fake.tar.gz"), "this is not gzip".getBytes());
        assertThat(failure(tgz)).contains("cannot unpack tar.gz archive").contains(tgz.toString());

        Path evil = tmp.resolve("evil.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(evil))) {
            out.putArchiveEntry(new ZipArchiveEntry("../../escaped.txt"));
            out.write("x".getBytes());
            out.closeArchiveEntry();
        }
        assertThat(failure(evil)).contains("outside its folder").contains("../../escaped.txt");
        assertThat(tmp.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test void optionsOutOfRange() {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 2, "cat", "dog");
        assertThatThrownBy(() -> DatasetLoader.load(dir, new LoadOptions(0, null, false)))
                .isInstanceOf(DatasetException.class).hasMessageContaining("image size 0");
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
