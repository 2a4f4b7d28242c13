package io.etiqueta.cli;

import io.etiqueta.image.ColorMode;
import picocli.CommandLine.Option;

/** --image-size and --color: how a trial sees a dataset's images, shared by train and data inspect. */
public class ImageOptions {
    @Option(names = "--image-size", description = "Resize images to this square size, as a trial does (default: the dataset's own).")
    Integer imageSize;
    @Option(names = "--color", description = "gray or rgb, as a trial does (default: the dataset's own).")
    String color;

    /** The square size, null for the dataset's own. */
    public Integer imageSize() { return imageSize; }

    /** The colour, null for the dataset's own. */
    public ColorMode color() { return color == null ? null : ColorMode.parse(color); }
}
