package io.etiqueta.data;

import io.etiqueta.image.ColorMode;
import io.etiqueta.image.ImageSpec;
import io.etiqueta.image.Preprocessor;

import java.util.List;

/**
 * Images that a file format stores as raw channel-first 8-bit pixels (IDX, CIFAR binary): all of the same
 * size and colour, held back to back in one array.
 */
record RawImages(byte[] data, int offset, int stride, int count, int width, int height, ColorMode color) {

    ImageSpec nativeSpec() { return ImageSpec.of(width, height, color); }

    /** Pixels of image {@code i}, at {@code target}'s size and colour; other sizes go through the shared {@link Preprocessor}. */
    /** The examples of several raw-pixel files, converted to the target spec and fingerprinted, in file order. */
    static Examples examples(String name, List<RawImages> raws, List<int[]> labelLists, ImageSpec target, Fingerprint fingerprint) {
        int n = raws.stream().mapToInt(RawImages::count).sum();
        fingerprint.part(name, n);
        byte[][] pixels = new byte[n][];
        int[] labels = new int[n];
        int at = 0;
        for (int k = 0; k < raws.size(); k++) {
            raws.get(k).fingerprint(fingerprint, labelLists.get(k));
            byte[][] converted = RawImages.convert(raws.get(k), target);
            System.arraycopy(converted, 0, pixels, at, converted.length);
            System.arraycopy(labelLists.get(k), 0, labels, at, converted.length);
            at += converted.length;
        }
        return new Examples(pixels, labels);
    }

    static byte[][] convert(RawImages raw, ImageSpec target) {
        int length = raw.width * raw.height * raw.color.channels();
        byte[][] out = new byte[raw.count][];
        boolean same = target.width() == raw.width && target.height() == raw.height && target.color() == raw.color;
        Preprocessor preprocessor = new Preprocessor(target);
        Parallel.forEach(raw.count, i -> {
            int from = raw.offset + i * raw.stride;
            byte[] pixels = java.util.Arrays.copyOfRange(raw.data, from, from + length);
            out[i] = same ? pixels
                    : preprocessor.pixels(Preprocessor.fromPixels(pixels, raw.width, raw.height, raw.color.channels()));
        });
        return out;
    }

    /** The spec the options ask for, defaulting to the format's own size and colour. */
    static ImageSpec target(RawImages raw, LoadOptions options) {
        int w = options.imageSize() == null ? raw.width : options.imageSize();
        int h = options.imageSize() == null ? raw.height : options.imageSize();
        return ImageSpec.of(w, h, options.color() == null ? raw.color : options.color());
    }

    void fingerprint(Fingerprint fingerprint, int[] labels) {
        int length = width * height * color.channels();
        for (int i = 0; i < count; i++) fingerprint.example(labels[i], Fingerprint.crc(data, offset + i * stride, length), length);
    }
}
