package io.etiqueta.image;

import io.etiqueta.errors.Failures;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Turns bytes into a decoded image, refusing anything that is not a JPEG, PNG, GIF or BMP, anything truncated,
 * and images whose header declares more pixels than allowed (checked before any pixel is decoded, so a
 * "decompression bomb" costs nothing). The EXIF orientation tag of a JPEG is ignored: pixels are used as stored,
 * as Keras' {@code load_img} (PIL without {@code exif_transpose}) reads them, so training images and images to label
 * are seen the same way.
 */
public final class ImageDecoder {
    /** 50 megapixels: far above any photo a labeller needs, far below what would exhaust a Lambda's memory. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    public enum Format { JPEG, PNG, GIF, BMP }

    private final long maxPixels;

    public ImageDecoder() { this(DEFAULT_MAX_PIXELS); }

    public ImageDecoder(long maxPixels) { this.maxPixels = maxPixels; }

    /** The format from the file's magic bytes, or a rejection naming what it looks like instead. */
    public static Format detect(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "empty input: no image bytes");
        }
        if (starts(bytes, 0xFF, 0xD8, 0xFF)) return Format.JPEG;
        if (starts(bytes, 0x89, 'P', 'N', 'G')) return Format.PNG;
        if (starts(bytes, 'G', 'I', 'F', '8')) return Format.GIF;
        if (starts(bytes, 'B', 'M')) return Format.BMP;
        String other = null;
        if (bytes.length >= 12 && starts(bytes, 'R', 'I', 'F', 'F') && bytes[8] == 'W' && bytes[9] == 'E') other = "WebP";
        else if (starts(bytes, 'I', 'I', 42, 0) || starts(bytes, 'M', 'M', 0, 42)) other = "TIFF";
        else if (bytes.length >= 12 && bytes[4] == 'f' && bytes[5] == 't' && bytes[6] == 'y' && bytes[7] == 'p') other = "HEIF/AVIF";
        else if (starts(bytes, '%', 'P', 'D', 'F')) other = "PDF";
        else if (starts(bytes, 0, 0, 1, 0)) other = "ICO";
        if (other != null) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT,
                    "unsupported image format " + other + ": use JPEG, PNG, GIF or BMP");
        }
        throw new ImageRejectedException(ImageRejectedException.Reason.NOT_AN_IMAGE,
                "not an image: the data is not JPEG, PNG, GIF or BMP");
    }

    public BufferedImage decode(byte[] bytes) {
        Format format = detect(bytes);
        // in memory: ImageIO's default stream buffers every image through a temporary file on disk
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
            if (!readers.hasNext()) {
                throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT, "no decoder for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE,
                            format + " declares an empty size " + width + "x" + height);
                }
                if (width * height > maxPixels) {
                    throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE, String.format(
                            "image too large: %s declares %dx%d pixels, more than the %d allowed", format, width, height, maxPixels));
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                // the JPEG decoder reports a cut-off file as a warning and returns grey pixels; refuse it
                for (String warning : warnings) {
                    String w = warning.toLowerCase(Locale.ROOT);
                    if (w.contains("premature") || w.contains("truncat") || w.contains("end of")) {
                        throw new ImageRejectedException(ImageRejectedException.Reason.TRUNCATED,
                                "truncated " + format + " file: " + warning);
                    }
                }
                if (image == null) {
                    throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE, "cannot decode " + format + " data");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (EOFException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TRUNCATED, "truncated " + format + " file", e);
        } catch (IOException | RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            boolean truncated = msg.contains("eof") || msg.contains("end of") || msg.contains("premature")
                    || msg.contains("truncat") || e instanceof IndexOutOfBoundsException || causedByEof(e);
            throw new ImageRejectedException(truncated ? ImageRejectedException.Reason.TRUNCATED : ImageRejectedException.Reason.UNREADABLE,
                    (truncated ? "truncated " : "corrupt ") + format + " file: " + Failures.describe(e), e);
        }
    }

    /** The PNG reader wraps a cut-off stream's EOFException in "Error reading PNG image data". */
    private static boolean causedByEof(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof EOFException) return true;
        }
        return false;
    }

    private static boolean starts(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((bytes[i] & 0xFF) != (magic[i] & 0xFF)) return false;
        return true;
    }
}
