package io.etiqueta.data;

import io.etiqueta.image.ColorMode;

/**
 * How to read a dataset.
 *
 * @param imageSize     square size to resize every image to; null = the dataset's own size
 * @param color         colour mode to convert to; null = the dataset's own
 * @param skipBadFiles  skip (and count) unreadable files instead of failing on the first one
 */
public record LoadOptions(Integer imageSize, ColorMode color, boolean skipBadFiles) {
    public static LoadOptions defaults() { return new LoadOptions(null, null, false); }
}
