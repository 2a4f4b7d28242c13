package io.etiqueta.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetInspectorTest {
    @TempDir Path tmp;

    @Test void reportsCountsImbalanceSizesAndSkippedFiles() throws Exception {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 30, "cat");
        TestData.cifarClassFolders(dir, 10, "dog");
        TestData.writeImage(dir.resolve("dog/big.png"), "png", 64, 48, true, 1);
        Files.writeString(dir.resolve("dog/readme.txt"), "not an image");
        DatasetReport r = DatasetInspector.report(DatasetLoader.load(dir, new LoadOptions(null, null, true)));

        assertThat(r.classes()).containsExactly("cat", "dog");
        assertThat(r.trainCounts()).containsExactly(30, 11);
        assertThat(r.testCounts()).isNull();
        assertThat(r.imbalance()).isCloseTo(30 / 11.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.sizeCounts()).containsEntry(new ImageSize(32, 32), 40).containsEntry(new ImageSize(64, 48), 1);
        assertThat(r.smallest()).isEqualTo(new ImageSize(32, 32));
        assertThat(r.largest()).isEqualTo(new ImageSize(64, 48));
        assertThat(r.grayImages()).isEqualTo(1);
        assertThat(r.skipped()).singleElement().asString().contains("readme.txt");

        String text = DatasetInspector.format(r);
        assertThat(text).contains("cat").contains("dog").contains("Imbalance    2.73").contains("min 32x32").contains("max 64x48")
                .contains("Skipped      1").contains("readme.txt").contains("1 grayscale, 40 colour");
    }

    @Test void inspectsFashionMnistWithItsTestSet() {
        DatasetReport r = DatasetInspector.inspect(TestData.fashionMnistDir(), LoadOptions.defaults());
        assertThat(r.format()).isEqualTo("idx");
        assertThat(r.imbalance()).isEqualTo(1.0);
        assertThat(r.testCounts()).containsOnly(1000);
        assertThat(DatasetInspector.format(r)).contains("Ankle boot").contains("all 28x28").contains("70,000 in 10 classes");
    }

    @Test void writesASampleGridOneRowPerClassScaledUpAndSeeded() throws Exception {
        Path dir = TestData.cifarClassFolders(tmp.resolve("d"), 12, "airplane", "cat", "ship");
        LoadedDataset d = DatasetLoader.load(dir, LoadOptions.defaults());
        Path png = tmp.resolve("out/grid.png");
        DatasetInspector.writeGrid(d, png, 5, 42);
        BufferedImage grid = ImageIO.read(png.toFile());
        // 32-pixel images are drawn at 2x (64 pixels) with 4-pixel gaps: 3 rows
        assertThat(grid.getHeight()).isEqualTo(3 * (64 + 4) + 4);
        assertThat(grid.getWidth()).isGreaterThan(5 * (64 + 4));

        Path again = tmp.resolve("again.png");
        DatasetInspector.writeGrid(d, again, 5, 42);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(png));
        Path other = tmp.resolve("other.png");
        DatasetInspector.writeGrid(d, other, 5, 7);
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(png));

        // the top-right tile of the first row is one of the airplanes, pixel for pixel (nearest-neighbour scaling)
        int left = grid.getWidth() - 8 - 64; // each tile is followed by a gap, plus the right margin
        byte[] shown = new byte[3 * 32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int p = grid.getRGB(left + 2 * x, 4 + 2 * y);
                shown[y * 32 + x] = (byte) (p >> 16);
                shown[1024 + y * 32 + x] = (byte) (p >> 8);
                shown[2048 + y * 32 + x] = (byte) p;
            }
        }
        boolean isAnAirplane = false;
        for (int i = 0; i < 12; i++) isAnAirplane |= java.util.Arrays.equals(d.train().pixels()[i], shown);
        assertThat(isAnAirplane).isTrue();
    }
}
