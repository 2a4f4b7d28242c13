package io.etiqueta.data;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.trial.Augmentation;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AugmenterTest {
    private static final int W = 33, H = 21;
    private static final ImageSpec RGB = ImageSpec.of(W, H, ColorMode.RGB);

    /** Distinct-looking content in every channel, so any moved pixel shows. */
    private static byte[] image(long seed) {
        byte[] p = new byte[RGB.length()];
        new Random(seed).nextBytes(p);
        return p;
    }

    private static byte[] mirror(byte[] p) {
        byte[] out = new byte[p.length];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) out[c * W * H + y * W + x] = p[c * W * H + y * W + (W - 1 - x)];
        return out;
    }

    @Test void flipIsAnExactMirrorHalfTheTime() {
        Augmenter flip = new Augmenter(RGB, new Augmentation(true, 0, 0));
        byte[] in = image(1);
        int flipped = 0, kept = 0;
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] out = flip.apply(in, random);
            if (java.util.Arrays.equals(out, in)) kept++;
            else {
                assertThat(out).isEqualTo(mirror(in));
                flipped++;
            }
        }
        assertThat(flipped).isBetween(70, 130);
        assertThat(kept).isEqualTo(200 - flipped);
    }

    @Test void noShiftAndNoRotationLeavePixelsUnchanged() {
        byte[] in = image(2);
        assertThat(new Augmenter(RGB, Augmentation.NONE).apply(in, new Random(1))).isSameAs(in);
        assertThat(new Augmenter(RGB, new Augmentation(false, 0, 0)).apply(in, new Random(1))).isEqualTo(in);
    }

    @Test void aShiftTranslatesTheImageByWholePixels() {
        Augmenter shift = new Augmenter(RGB, new Augmentation(false, 0.2, 0));
        byte[] in = image(3);
        byte[] out = shift.apply(in, new Random(5));
        assertThat(out).isNotEqualTo(in);
        int maxX = (int) Math.ceil(0.2 * W), maxY = (int) Math.ceil(0.2 * H);
        boolean explained = false;
        for (int oy = -maxY; oy <= maxY && !explained; oy++) {
            for (int ox = -maxX; ox <= maxX && !explained; ox++) {
                boolean all = true;
                for (int c = 0; c < 3 && all; c++)
                    for (int y = maxY; y < H - maxY && all; y++)
                        for (int x = maxX; x < W - maxX && all; x++)
                            all = out[c * W * H + y * W + x] == in[c * W * H + (y - oy) * W + (x - ox)];
                explained = all;
            }
        }
        assertThat(explained).as("the output is the input moved by a whole number of pixels").isTrue();
    }

    @Test void aRotationTurnsAboutTheCentre() {
        Augmenter rotate = new Augmenter(RGB, new Augmentation(false, 0, 15));
        byte[] in = image(4);
        byte[] out = rotate.apply(in, new Random(9));
        assertThat(out).isNotEqualTo(in);
        int centre = (H / 2) * W + W / 2;
        for (int c = 0; c < 3; c++) assertThat(out[c * W * H + centre]).isEqualTo(in[c * W * H + centre]);
    }

    @Test void theSameSeedGivesTheSameAugmentation() {
        Augmenter standard = new Augmenter(RGB, Augmentation.STANDARD);
        byte[] in = image(6);
        assertThat(standard.apply(in, new Random(77))).isEqualTo(standard.apply(in, new Random(77)));
        assertThat(standard.apply(in, new Random(77))).isNotEqualTo(standard.apply(in, new Random(78)));
    }
}
