package io.etiqueta.data;

import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.Augmentation;

import java.util.Random;

/**
 * Random training-time changes on channel-first 8-bit pixels, as Keras' ImageDataGenerator makes them:
 * horizontal flip (p = 0.5), shifts of up to a fraction of the size, rotation about the centre; uncovered
 * pixels take the nearest edge value. One inverse mapping per image, so the combined cost is one pass.
 */
public final class Augmenter {
    private final ImageSpec spec;
    private final Augmentation augmentation;

    public Augmenter(ImageSpec spec, Augmentation augmentation) {
        this.spec = spec;
        this.augmentation = augmentation;
    }

    public byte[] apply(byte[] pixels, Random random) {
        if (!augmentation.enabled()) return pixels;
        int w = spec.width(), h = spec.height(), plane = w * h, channels = spec.channels();
        boolean flip = augmentation.flip() && random.nextBoolean();
        double dx = augmentation.shift() > 0 ? (random.nextDouble() * 2 - 1) * augmentation.shift() * w : 0;
        double dy = augmentation.shift() > 0 ? (random.nextDouble() * 2 - 1) * augmentation.shift() * h : 0;
        double angle = augmentation.rotationDegrees() > 0
                ? Math.toRadians((random.nextDouble() * 2 - 1) * augmentation.rotationDegrees()) : 0;
        if (!flip && dx == 0 && dy == 0 && angle == 0) return pixels;
        double cos = Math.cos(angle), sin = Math.sin(angle), cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // where this output pixel comes from: undo shift, then rotation, then flip
                double sx = x - dx - cx, sy = y - dy - cy;
                double rx = cos * sx + sin * sy + cx, ry = -sin * sx + cos * sy + cy;
                int ix = clamp((int) Math.round(rx), w), iy = clamp((int) Math.round(ry), h);
                if (flip) ix = w - 1 - ix;
                int from = iy * w + ix, to = y * w + x;
                for (int c = 0; c < channels; c++) out[c * plane + to] = pixels[c * plane + from];
            }
        }
        return out;
    }

    private static int clamp(int v, int size) { return v < 0 ? 0 : Math.min(v, size - 1); }
}
