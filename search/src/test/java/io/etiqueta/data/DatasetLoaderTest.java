package io.etiqueta.data;

import io.etiqueta.testing.Cifar10;
import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageDecoder;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetLoaderTest {
    @TempDir Path tmp;

    @Test void readsCifarJpegClassFoldersWithSortedClassesAndExactPixels() throws IOException {
        Path dir = TestData.cifarClassFolders(tmp.resolve("cifar"), 20, "truck", "cat", "airplane");
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());

        assertThat(d.format()).isEqualTo("folder");
        assertThat(d.classes()).containsExactly("airplane", "cat", "truck");
        assertThat(d.spec()).isEqualTo(ImageSpec.of(32, 32, ColorMode.RGB));
        assertThat(d.train().countsPerClass(3)).containsExactly(20, 20, 20);
        assertThat(d.hasTestSet()).isFalse();
        assertThat(d.sources().sizeCounts()).containsExactly(java.util.Map.entry(new ImageSize(32, 32), 60));
        assertThat(d.sources().colorImages()).isEqualTo(60);
        assertThat(d.fingerprint()).hasSize(16);

        // files are read in sorted order: cat's first file is example 20; its pixels are the decoder's, unchanged
        byte[] jpeg = Files.readAllBytes(dir.resolve("cat/0000.jpg"));
        byte[] expected = new Preprocessor(d.spec()).pixels(new ImageDecoder().decode(jpeg));
        assertThat(d.train().labels()[20]).isEqualTo(1);
        assertThat(d.train().pixels()[20]).isEqualTo(expected).isEqualTo(TestData.planes(jpeg));
    }

    @Test void resizesAndConvertsWhenOptionsAskAndKeepsTheFingerprint() {
        Path dir = TestData.cifarClassFolders(tmp.resolve("cifar"), 10, "cat", "dog");
        LoadedDataset own = DatasetLoader.load(dir, LoadOptions.defaults());
        LoadedDataset small = DatasetLoader.load(dir, new LoadOptions(16, ColorMode.GRAY, false));
        assertThat(small.spec()).isEqualTo(ImageSpec.of(16, 16, ColorMode.GRAY));
        assertThat(small.train().pixels()[0]).hasSize(16 * 16);
        assertThat(small.fingerprint()).isEqualTo(own.fingerprint());
        byte[] viaPreprocessor = new Preprocessor(small.spec())
                .pixels(Preprocessor.fromPixels(own.train().pixels()[0], 32, 32, 3));
        assertThat(small.train().pixels()[0]).isEqualTo(viaPreprocessor);
    }

    @Test void readsTrainAndTestFolders() {
        Path dir = TestData.cifarTrainTest(tmp.resolve("tt"), 15, 5, "bird", "frog", "ship");
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        assertThat(d.format()).isEqualTo("train-test folders");
        assertThat(d.classes()).containsExactly("bird", "frog", "ship");
        assertThat(d.train().countsPerClass(3)).containsExactly(15, 15, 15);
        assertThat(d.test().countsPerClass(3)).containsExactly(5, 5, 5);
        assertThat(d.countsPerClass()).containsExactly(20, 20, 20);
    }

    @Test void mergesAValFolderIntoTheTrainingPool() {
        Path dir = TestData.cifarTrainTest(tmp.resolve("tt"), 10, 5, "bird", "frog");
        TestData.cifarClassFolders(dir.resolve("val"), 20, 3, "bird", "frog");
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        assertThat(d.format()).isEqualTo("train-test folders (+val in train)");
        assertThat(d.train().size()).isEqualTo(26);
        assertThat(d.test().size()).isEqualTo(10);
    }

    @Test void trainWithOnlyAValFolderIsOneTrainingPool() {
        Path dir = tmp.resolve("tv");
        TestData.cifarClassFolders(dir.resolve("train"), 0, 6, "bird", "frog");
        TestData.cifarClassFolders(dir.resolve("val"), 6, 2, "bird", "frog");
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        assertThat(d.format()).isEqualTo("folder (+val in train)");
        assertThat(d.classes()).containsExactly("bird", "frog");
        assertThat(d.train().size()).isEqualTo(16);
        assertThat(d.hasTestSet()).isFalse();
    }

    @Test void followsSymlinkedClassFolders() throws IOException {
        Path real = TestData.cifarClassFolders(tmp.resolve("real"), 3, "cat", "dog");
        Path dir = Files.createDirectories(tmp.resolve("linked"));
        Files.createSymbolicLink(dir.resolve("cat"), real.resolve("cat"));
        Files.createSymbolicLink(dir.resolve("dog"), real.resolve("dog"));
        assertThat(DatasetLoader.load(dir, LoadOptions.defaults()).train().countsPerClass(2)).containsExactly(3, 3);
    }

    @Test void zipAndTarGzOfAFolderReadLikeTheFolder() {
        Path dir = TestData.cifarTrainTest(tmp.resolve("pets"), 10, 4, "cat", "dog");
        LoadedDataset folder = DatasetLoader.load(dir, LoadOptions.defaults());
        LoadedDataset zip = DatasetLoader.load(TestData.zip(dir, tmp.resolve("pets.zip")), LoadOptions.defaults());
        LoadedDataset tgz = DatasetLoader.load(TestData.tarGz(dir, tmp.resolve("pets.tar.gz")), LoadOptions.defaults());
        LoadedDataset tgz2 = DatasetLoader.load(TestData.tarGz(dir, tmp.resolve("pets.tgz")), LoadOptions.defaults());

        assertThat(zip.format()).isEqualTo("train-test folders (zip)");
        assertThat(tgz.format()).isEqualTo("train-test folders (tar.gz)");
        for (LoadedDataset d : List.of(zip, tgz, tgz2)) {
            assertThat(d.classes()).isEqualTo(folder.classes());
            assertThat(d.fingerprint()).isEqualTo(folder.fingerprint());
            assertThat(d.train().pixels()).isDeepEqualTo(folder.train().pixels());
            assertThat(d.test().labels()).isEqualTo(folder.test().labels());
        }
    }

    @Test void zipOfClassFoldersIgnoresMacosJunk() throws IOException {
        Path dir = TestData.cifarClassFolders(tmp.resolve("animals"), 5, "deer", "horse");
        Files.writeString(dir.resolve(".DS_Store"), "junk");
        Files.writeString(dir.resolve("deer/.DS_Store"), "junk");
        Files.writeString(dir.resolve("deer/._0000.jpg"), "AppleDouble");
        Files.writeString(dir.resolve("horse/Thumbs.db"), "junk");
        Files.createDirectories(dir.resolve("__MACOSX/deer"));
        Files.writeString(dir.resolve("__MACOSX/deer/._0001.jpg"), "junk");
        Files.createDirectories(dir.resolve(".git"));
        LoadedDataset d = DatasetLoader.load(TestData.zip(dir, tmp.resolve("animals.zip")), LoadOptions.defaults());
        assertThat(d.classes()).containsExactly("deer", "horse");
        assertThat(d.train().size()).isEqualTo(10);
        assertThat(d.skipped()).isEmpty();
    }

    @Test void readsTheCifarBinaryLayoutWithItsStandardClassNames() throws IOException {
        Path dir = TestData.cifarBinary(tmp.resolve("cifar-10-batches-bin"), 6, 2);
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        assertThat(d.format()).isEqualTo("cifar10-binary");
        assertThat(d.classes()).isEqualTo(Cifar10.CLASSES);
        assertThat(d.spec()).isEqualTo(ImageSpec.of(32, 32, ColorMode.RGB));
        assertThat(d.train().size()).isEqualTo(60);
        assertThat(d.test().size()).isEqualTo(20);
        assertThat(d.train().countsPerClass(10)).containsOnly(6);
        // record 3 of data_batch_1 is class 3 (cat), its first image; pixels equal the JPEG's
        byte[] catJpeg = TestData.cifarJpegs(1).get("cat").getFirst();
        assertThat(d.train().labels()[3]).isEqualTo(3);
        assertThat(d.train().pixels()[3]).isEqualTo(TestData.planes(catJpeg));

        Files.write(dir.resolve("batches.meta.txt"), List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", ""));
        assertThat(DatasetLoader.load(dir, LoadOptions.defaults()).classes()).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    }

    @Test void cifarBinaryInsideAWrapperFolderAndAsTarGz() {
        Path root = tmp.resolve("download");
        Path dir = TestData.cifarBinary(root.resolve("cifar-10-batches-bin"), 3, 1);
        LoadedDataset wrapped = DatasetLoader.load(root, LoadOptions.defaults());
        assertThat(wrapped.format()).isEqualTo("cifar10-binary");
        LoadedDataset tgz = DatasetLoader.load(TestData.tarGz(dir, tmp.resolve("cifar-10-binary.tar.gz")), new LoadOptions(24, ColorMode.GRAY, false));
        assertThat(tgz.format()).isEqualTo("cifar10-binary (tar.gz)");
        assertThat(tgz.spec()).isEqualTo(ImageSpec.of(24, 24, ColorMode.GRAY));
        assertThat(tgz.fingerprint()).isEqualTo(wrapped.fingerprint());
        byte[] expected = new Preprocessor(tgz.spec()).pixels(Preprocessor.fromPixels(wrapped.train().pixels()[5], 32, 32, 3));
        assertThat(tgz.train().pixels()[5]).isEqualTo(expected);
    }

    @Test void readsFashionMnistFromTheDebianPackageGzippedAndUnzipped() {
        LoadedDataset gz = DatasetLoader.load(TestData.fashionMnistDir(), LoadOptions.defaults());
        assertThat(gz.format()).isEqualTo("idx");
        assertThat(gz.classes()).isEqualTo(IdxReader.FASHION_CLASSES);
        assertThat(gz.spec()).isEqualTo(ImageSpec.of(28, 28, ColorMode.GRAY));
        assertThat(gz.train().size()).isEqualTo(60_000);
        assertThat(gz.test().size()).isEqualTo(10_000);
        assertThat(gz.train().countsPerClass(10)).containsOnly(6_000);
        assertThat(gz.test().countsPerClass(10)).containsOnly(1_000);
        assertThat(gz.train().labels()[0]).isEqualTo(9); // the dataset's first image is an ankle boot
        assertThat(gz.sources().allGray()).isTrue();

        Path raw = TestData.gunzipCopy(TestData.fashionMnistDir(), tmp.resolve("fashion-raw"));
        LoadedDataset plain = DatasetLoader.load(raw, LoadOptions.defaults());
        assertThat(plain.fingerprint()).isEqualTo(gz.fingerprint());
        assertThat(plain.train().pixels()[123]).isEqualTo(gz.train().pixels()[123]);
        assertThat(plain.test().labels()).isEqualTo(gz.test().labels());
    }

    @Test void idxNamesDigitsByDefaultOrFromClassesTxtAndAcceptsASingleImagesFile() throws IOException {
        byte[][] images = new byte[6][];
        for (int i = 0; i < 6; i++) {
            images[i] = new byte[7 * 5];
            java.util.Arrays.fill(images[i], (byte) (i * 40));
        }
        int[] labels = {0, 1, 2, 0, 1, 2};
        Path dir = tmp.resolve("digits");
        TestData.writeIdx(dir, "train", images, 7, 5, labels, false);
        TestData.writeIdx(dir, "t10k", images, 7, 5, labels, true);

        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        assertThat(d.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(d.spec()).isEqualTo(ImageSpec.of(5, 7, ColorMode.GRAY)); // width 5 (columns), height 7 (rows)
        assertThat(d.train().pixels()[2]).containsOnly((byte) 80);
        assertThat(d.test().size()).isEqualTo(6);

        Files.write(dir.resolve("classes.txt"), List.of("circle", "square", "star"));
        assertThat(DatasetLoader.load(dir, LoadOptions.defaults()).classes()).containsExactly("circle", "square", "star");

        LoadedDataset single = DatasetLoader.load(dir.resolve("t10k-images-idx3-ubyte.gz"), LoadOptions.defaults());
        assertThat(single.hasTestSet()).isFalse();
        assertThat(single.train().size()).isEqualTo(6);
    }

    @Test void idxInsideAZipNamedFashionGetsFashionNames() {
        byte[][] images = {new byte[4], new byte[4], new byte[4]};
        Path dir = tmp.resolve("idx");
        TestData.writeIdx(dir, "train", images, 2, 2, new int[]{0, 9, 9}, true);
        LoadedDataset d = DatasetLoader.load(TestData.zip(dir, tmp.resolve("fashion-small.zip")), LoadOptions.defaults());
        assertThat(d.format()).isEqualTo("idx (zip)");
        assertThat(d.classes()).isEqualTo(IdxReader.FASHION_CLASSES);
        assertThat(d.train().labels()).containsExactly(0, 9, 9);
    }

    @Test void foldersCalledTrainAndTestHoldingImagesAreClasses() {
        Path dir = tmp.resolve("odd");
        TestData.cifarClassFolders(dir, 3, "cat", "dog");
        try {
            Files.move(dir.resolve("cat"), dir.resolve("train"));
            Files.move(dir.resolve("dog"), dir.resolve("test"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        assertThat(d.format()).isEqualTo("folder");
        assertThat(d.classes()).containsExactly("test", "train");
    }

    @Test void mixedSizesAndFormatsGetTheMedianSizeAndRecordTheOriginals() {
        Path dir = tmp.resolve("shapes");
        TestData.writeImage(dir.resolve("a/1.png"), "png", 20, 30, false, 1);
        TestData.writeImage(dir.resolve("a/2.gif"), "gif", 40, 40, false, 2);
        TestData.writeImage(dir.resolve("a/3.bmp"), "bmp", 50, 20, true, 3);
        TestData.writeImage(dir.resolve("b/1.png"), "png", 100, 100, true, 4);
        TestData.writeImage(dir.resolve("b/nested/2.jpg"), "jpg", 40, 40, false, 5);
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        // median width 40, median height 40 -> 40x40; colour because some images are colour
        assertThat(d.spec()).isEqualTo(ImageSpec.of(40, 40, ColorMode.RGB));
        assertThat(d.train().countsPerClass(2)).containsExactly(3, 2);
        SourceStats s = d.sources();
        assertThat(s.sizeCounts()).containsEntry(new ImageSize(40, 40), 2).containsEntry(new ImageSize(20, 30), 1).hasSize(4);
        assertThat(s.smallest()).isEqualTo(new ImageSize(20, 30));
        assertThat(s.largest()).isEqualTo(new ImageSize(100, 100));
        assertThat(s.grayImages()).isEqualTo(2);
        assertThat(s.colorImages()).isEqualTo(3);

        // mostly large photos: the median (400x300) is capped
        for (int i = 0; i < 6; i++) TestData.writeImage(dir.resolve("b/big" + i + ".png"), "png", 400, 300, false, 6 + i);
        assertThat(DatasetLoader.load(dir, LoadOptions.defaults()).spec().width()).isEqualTo(FolderReader.MIXED_SIZE_CAP);
    }

    @Test void grayscaleImagesGiveAGrayDatasetAtTheirCommonSize() {
        Path dir = tmp.resolve("gray");
        for (int i = 0; i < 3; i++) {
            TestData.writeImage(dir.resolve("x/" + i + ".png"), "png", 28, 28, true, i);
            TestData.writeImage(dir.resolve("y/" + i + ".bmp"), "bmp", 28, 28, true, 10 + i);
        }
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        assertThat(d.spec()).isEqualTo(ImageSpec.of(28, 28, ColorMode.GRAY));
        // a grey PNG's samples are kept as they are (not brightened by a colour-space conversion)
        java.awt.image.BufferedImage original = TestData.image(28, 28, true, 0);
        assertThat(d.train().pixels()[0][5 * 28 + 7] & 0xFF).isEqualTo(original.getRaster().getSample(7, 5, 0));
        assertThat(DatasetLoader.load(dir, new LoadOptions(null, ColorMode.RGB, false)).spec()).isEqualTo(ImageSpec.of(28, 28, ColorMode.RGB));
    }
}
