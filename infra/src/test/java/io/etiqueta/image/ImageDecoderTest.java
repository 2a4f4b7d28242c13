package io.etiqueta.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bytes to a decoded image, and every way bytes can fail to be one. */
class ImageDecoderTest {
    final ImageDecoder decoder = new ImageDecoder();

    @Test void decodesEachSupportedFormat() {
        BufferedImage image = Images.filled(5, 3, BufferedImage.TYPE_INT_RGB, 0x2080C0);
        for (String format : new String[]{"png", "jpeg", "gif", "bmp"}) {
            byte[] bytes = Images.encode(image, format);
            assertThat(ImageDecoder.detect(bytes).name()).isEqualTo(format.toUpperCase());
            BufferedImage back = decoder.decode(bytes);
            assertThat(back.getWidth()).as(format).isEqualTo(5);
            assertThat(back.getHeight()).as(format).isEqualTo(3);
        }
        assertThat(decoder.decode(Images.encode(image, "png")).getRGB(2, 1) & 0xFFFFFF).isEqualTo(0x2080C0);
    }

    @Test void aOneByOneImageDecodes() {
        BufferedImage back = decoder.decode(Images.encode(Images.filled(1, 1, BufferedImage.TYPE_INT_RGB, 0xABCDEF), "png"));
        assertThat(back.getWidth()).isEqualTo(1);
        assertThat(back.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xABCDEF);
    }

    @Test void grayAlphaAndSixteenBitPngsDecodeWithTheirBands() {
        BufferedImage gray16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 40_000);
        BufferedImage back16 = decoder.decode(Images.encode(gray16, "png"));
        assertThat(back16.getColorModel().getPixelSize()).isEqualTo(16);
        assertThat(back16.getRaster().getSample(0, 0, 0)).isEqualTo(40_000);

        BufferedImage argb = Images.filled(2, 2, BufferedImage.TYPE_INT_ARGB, 0x40FF0000);
        assertThat(decoder.decode(Images.encode(argb, "png")).getColorModel().hasAlpha()).isTrue();

        BufferedImage gray = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(decoder.decode(Images.encode(gray, "png")).getRaster().getNumBands()).isEqualTo(1);
    }

    /**
     * The EXIF orientation tag is ignored: pixels are used as stored, as Keras' load_img (PIL without
     * exif_transpose) reads them, so training images and images to label are seen the same way.
     */
    @Test void theExifOrientationTagIsIgnored() {
        BufferedImage wide = Images.filled(8, 4, BufferedImage.TYPE_INT_RGB, 0xFFFFFF);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) wide.setRGB(x, y, 0x000000); // left half black
        byte[] plain = Images.encode(wide, "jpeg");
        byte[] rotated = withExifOrientation(plain, 6); // "rotate 90 degrees clockwise to display"
        assertThat(rotated.length).isGreaterThan(plain.length);
        BufferedImage a = decoder.decode(plain), b = decoder.decode(rotated);
        assertThat(b.getWidth()).isEqualTo(8);
        assertThat(b.getHeight()).isEqualTo(4);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 8; x++) assertThat(b.getRGB(x, y)).isEqualTo(a.getRGB(x, y));
    }

    /** A JPEG with an Exif APP1 segment holding only the orientation tag, inserted right after the JFIF APP0. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy(new byte[]{'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        int app0End = 2 + 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        assertThat(jpeg[2] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[3] & 0xFF).isEqualTo(0xE0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, app0End);
        int length = exif.length + 2;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exif);
        out.write(jpeg, app0End, jpeg.length - app0End);
        return out.toByteArray();
    }

    @Test void emptyAndNonImagesAreRejectedWithTheirReason() {
        assertReason(new byte[0], ImageRejectedException.Reason.EMPTY, "empty input");
        assertReason("hello, world".getBytes(), ImageRejectedException.Reason.NOT_AN_IMAGE, "not an image");
        assertReason(new byte[]{'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'}, ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "WebP");
        assertReason(new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0}, ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "TIFF");
        assertReason("%PDF-1.7".getBytes(), ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "PDF");
    }

    @Test void truncatedFilesAreRejectedAsTruncated() {
        BufferedImage noisy = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) noisy.setRGB(x, y, random.nextInt());
        for (String format : new String[]{"png", "jpeg"}) {
            byte[] bytes = Images.encode(noisy, format);
            assertReason(Arrays.copyOf(bytes, bytes.length / 2), ImageRejectedException.Reason.TRUNCATED, "truncated");
        }
    }

    @Test void aHeaderDeclaringTooManyPixelsIsRejectedBeforeDecoding() {
        byte[] png = Images.encode(Images.filled(100, 100, BufferedImage.TYPE_INT_RGB, 0), "png");
        assertThatThrownBy(() -> new ImageDecoder(9_999).decode(png)).isInstanceOf(ImageRejectedException.class)
                .hasMessage("image too large: PNG declares 100x100 pixels, more than the 9999 allowed")
                .extracting(e -> ((ImageRejectedException) e).reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE);
        assertThat(new ImageDecoder(10_000).decode(png).getWidth()).isEqualTo(100);
    }

    private void assertReason(byte[] bytes, ImageRejectedException.Reason reason, String message) {
        assertThatThrownBy(() -> decoder.decode(bytes)).isInstanceOf(ImageRejectedException.class).hasMessageContaining(message)
                .extracting(e -> ((ImageRejectedException) e).reason()).isEqualTo(reason);
    }
}
