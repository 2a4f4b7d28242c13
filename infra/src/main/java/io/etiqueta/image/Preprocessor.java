package io.etiqueta.image;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The one path from a decoded image to network input, used by training, evaluation, the CLI's label command
 * and the labelling function alike, so all of them see identical numbers for the same image and spec.
 * Step one ({@link #pixels}) gives 8-bit channel-first pixels at the spec's size (what datasets keep in memory);
 * step two ({@link #normalize}) turns them into floats.
 */
public final class Preprocessor {
    private final ImageSpec spec;

    public Preprocessor(ImageSpec spec) { this.spec = spec; }

    public ImageSpec spec() { return spec; }

    /** Colour-converted, resized, channel-first 8-bit pixels: length {@code spec.length()}. */
    public byte[] pixels(BufferedImage image) {
        BufferedImage rgb = resizedRgb(image);
        int w = spec.width(), h = spec.height(), plane = w * h;
        int[] argb = rgb.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[spec.length()];
        if (spec.color() == ColorMode.GRAY) {
            for (int i = 0; i < plane; i++) out[i] = (byte) gray(argb[i]);
        } else {
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                out[i] = (byte) (p >> 16);
                out[plane + i] = (byte) (p >> 8);
                out[2 * plane + i] = (byte) p;
            }
        }
        return out;
    }

    /** Normalised floats for one image, written into {@code out} from {@code offset}. */
    public void normalize(byte[] pixels, float[] out, int offset) {
        int plane = spec.width() * spec.height();
        for (int c = 0; c < spec.channels(); c++) {
            double mean = spec.mean()[c], std = spec.std()[c];
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                out[offset + base + i] = (float) (((pixels[base + i] & 0xFF) / 255.0 - mean) / std);
            }
        }
    }

    public float[] normalize(byte[] pixels) {
        float[] out = new float[spec.length()];
        normalize(pixels, out, 0);
        return out;
    }

    /** An image from channel-first 8-bit pixels (as IDX and CIFAR binary files hold them), for resizing or display. */
    public static BufferedImage fromPixels(byte[] chw, int width, int height, int channels) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        int[] argb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = chw[i] & 0xFF;
            int g = channels == 3 ? chw[plane + i] & 0xFF : r;
            int b = channels == 3 ? chw[2 * plane + i] & 0xFF : r;
            argb[i] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        image.setRGB(0, 0, width, height, argb, 0, width);
        return image;
    }

    private BufferedImage resizedRgb(BufferedImage image) {
        int w = spec.width(), h = spec.height();
        BufferedImage rgb = grayAsRgb(image);
        if (rgb.getWidth() == w && rgb.getHeight() == h && rgb.getType() == BufferedImage.TYPE_INT_RGB) return rgb;
        return Canvas.white(w, h, g -> { // transparent areas become white
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(rgb, 0, 0, w, h, null);
        });
    }

    /**
     * Java treats single-band grey images as linear and brightens them on conversion to RGB; PIL, Keras and the
     * datasets' own raw pixels do not. Copy the samples as they are so a grey PNG reads the same as its IDX pixels;
     * a 16-bit grey sample is scaled to 8 bits (65535 is 255).
     */
    private static BufferedImage grayAsRgb(BufferedImage image) {
        int bits = image.getColorModel().getPixelSize();
        if (image.getRaster().getNumBands() != 1 || (bits != 8 && bits != 16)
                || image.getType() == BufferedImage.TYPE_BYTE_INDEXED || image.getType() == BufferedImage.TYPE_BYTE_BINARY) {
            return image;
        }
        int w = image.getWidth(), h = image.getHeight();
        int[] samples = image.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
        int[] argb = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = bits == 16 ? (int) Math.round((samples[i] & 0xFFFF) / 257.0) : samples[i] & 0xFF;
            argb[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    private static int gray(int argb) {
        int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
        return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
}
