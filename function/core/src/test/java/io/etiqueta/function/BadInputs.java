package io.etiqueta.function;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** The bad inputs every front end must answer with a clear error. */
public final class BadInputs {
    private BadInputs() {}

    public static byte[] notAnImage() { return "hello, this is a text file and not a picture\n".getBytes(StandardCharsets.UTF_8); }

    /** A WebP header: a real image format etiqueta does not accept. */
    public static byte[] webp() {
        byte[] b = new byte[64];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 8);
        return b;
    }

    /** A real (noisy, so mostly scan data) JPEG cut at 60%. */
    public static byte[] truncatedJpeg() { return cut("jpg"); }

    /** A real PNG cut at 60%. */
    public static byte[] truncatedPng() { return cut("png"); }

    private static byte[] cut(String format) {
        java.util.Random random = new java.util.Random(5);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(128, 128, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) for (int x = 0; x < 128; x++) image.setRGB(x, y, random.nextInt(1 << 24));
        var out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, format, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] full = out.toByteArray();
        return Arrays.copyOf(full, full.length * 6 / 10);
    }

    /** A real PNG whose header declares 100000 x 100000 pixels (10 gigapixels); the pixel data is tiny. */
    public static byte[] hugeDimensionsPng() {
        byte[] png = TestBundles.imageFile(0, "png").clone();
        // IHDR: 8-byte signature, 4 length, 4 "IHDR", then width and height, then 5 bytes, then CRC over type+data
        ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }

    /** Random bytes that are larger than the 6 MB request limit but start like a PNG. */
    public static byte[] oversized() { return startingLikeAPng(6 * 1024 * 1024 + 1024); }

    /** 5 MB: under the limit as bytes, over it as base64 in a JSON request (as in a Lambda payload). */
    public static byte[] oversizedAsBase64() { return startingLikeAPng(5 * 1024 * 1024); }

    private static byte[] startingLikeAPng(int size) {
        byte[] b = new byte[size];
        byte[] png = TestBundles.imageFile(0, "png");
        System.arraycopy(png, 0, b, 0, png.length);
        return b;
    }
}
