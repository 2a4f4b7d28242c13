package io.etiqueta.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The one path from a decoded image to network input: colour, size, layout, normalisation, and its edge cases. */
class PreprocessorTest {
    static int u(byte b) { return b & 0xFF; }

    @Test void rgbIsLaidOutChannelFirst() {
        BufferedImage image = Images.filled(2, 1, BufferedImage.TYPE_INT_RGB, 0x102030);
        image.setRGB(1, 0, 0x405060);
        byte[] px = new Preprocessor(ImageSpec.of(2, 1, ColorMode.RGB)).pixels(image);
        assertThat(px).hasSize(6);
        assertThat(new int[]{u(px[0]), u(px[1]), u(px[2]), u(px[3]), u(px[4]), u(px[5])}).containsExactly(0x10, 0x40, 0x20, 0x50, 0x30, 0x60);
    }

    /** Java would brighten a linear grey image on conversion; the datasets' raw pixels are not brightened. */
    @Test void grayscaleBecomesRgbWithTheSameValues() {
        BufferedImage gray = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 100);
        byte[] px = new Preprocessor(ImageSpec.of(3, 3, ColorMode.RGB)).pixels(gray);
        int plane = 9;
        for (int c = 0; c < 3; c++) {
            assertThat(u(px[c * plane + 4])).isEqualTo(100);
            assertThat(u(px[c * plane])).isZero();
        }
    }

    @Test void rgbBecomesGrayByLuma() {
        byte[] px = new Preprocessor(ImageSpec.of(1, 1, ColorMode.GRAY)).pixels(Images.filled(1, 1, BufferedImage.TYPE_INT_RGB, 0xC86432));
        assertThat(px).hasSize(1);
        assertThat(u(px[0])).isEqualTo((int) Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50));
    }

    @Test void transparencyIsDrawnOnWhite() {
        BufferedImage argb = Images.filled(2, 2, BufferedImage.TYPE_INT_ARGB, 0x00000000);  // fully transparent black
        argb.setRGB(1, 1, 0x80FF0000);                                                        // half-transparent red
        byte[] px = new Preprocessor(ImageSpec.of(2, 2, ColorMode.RGB)).pixels(argb);
        int plane = 4;
        assertThat(new int[]{u(px[0]), u(px[plane]), u(px[2 * plane])}).containsExactly(255, 255, 255);
        assertThat(u(px[3])).isEqualTo(255);
        assertThat(u(px[plane + 3])).isCloseTo(127, within(2));
        assertThat(u(px[2 * plane + 3])).isCloseTo(127, within(2));
    }

    /** A 16-bit grey sample keeps its value, scaled to 8 bits (not brightened by Java's linear grey colour space). */
    @Test void sixteenBitGrayScalesTo8Bits() {
        BufferedImage gray16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 100 * 257);
        gray16.getRaster().setSample(1, 1, 0, 65535);
        byte[] px = new Preprocessor(ImageSpec.of(2, 2, ColorMode.GRAY)).pixels(gray16);
        assertThat(new int[]{u(px[0]), u(px[1]), u(px[2]), u(px[3])}).containsExactly(100, 0, 0, 255);
    }

    @Test void aOneByOneImageFillsAnyInputSize() {
        byte[] px = new Preprocessor(ImageSpec.of(4, 4, ColorMode.RGB)).pixels(Images.filled(1, 1, BufferedImage.TYPE_INT_RGB, 0x336699));
        for (int i = 0; i < 16; i++) {
            assertThat(u(px[i])).isEqualTo(0x33);
            assertThat(u(px[16 + i])).isEqualTo(0x66);
            assertThat(u(px[32 + i])).isEqualTo(0x99);
        }
    }

    @Test void resizingIsBilinear() {
        BufferedImage half = Images.filled(2, 1, BufferedImage.TYPE_INT_RGB, 0x000000);
        half.setRGB(1, 0, 0xFFFFFF);
        byte[] px = new Preprocessor(ImageSpec.of(1, 1, ColorMode.GRAY)).pixels(half);
        assertThat(u(px[0])).isBetween(1, 254); // a blend of both, not one of them picked
    }

    @Test void normalisationUsesTheSpecsMeanAndStd() {
        ImageSpec spec = new ImageSpec(1, 1, ColorMode.RGB, new double[]{0.5, 0.4, 0.3}, new double[]{0.2, 0.25, 0.5});
        float[] out = new Preprocessor(spec).normalize(new byte[]{(byte) 255, 0, (byte) 51});
        assertThat(out[0]).isCloseTo((float) ((1 - 0.5) / 0.2), within(1e-6f));
        assertThat(out[1]).isCloseTo((float) ((0 - 0.4) / 0.25), within(1e-6f));
        assertThat(out[2]).isCloseTo((float) ((0.2 - 0.3) / 0.5), within(1e-6f));
    }

    @Test void fromPixelsIsTheInverseOfPixels() {
        byte[] chw = new byte[2 * 2 * 3];
        for (int i = 0; i < chw.length; i++) chw[i] = (byte) (i * 20);
        BufferedImage image = Preprocessor.fromPixels(chw, 2, 2, 3);
        assertThat(new Preprocessor(ImageSpec.of(2, 2, ColorMode.RGB)).pixels(image)).isEqualTo(chw);
    }
}
