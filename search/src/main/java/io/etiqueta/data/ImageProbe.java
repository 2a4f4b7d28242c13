package io.etiqueta.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Size and colour of an image file from its header alone (no pixels decoded), used to choose a dataset's native
 * size and colour before the decoding pass. Anything it cannot read is left to {@link io.etiqueta.image.ImageDecoder},
 * which gives the proper rejection.
 */
final class ImageProbe {
    record Info(ImageSize size, boolean gray) {}

    private ImageProbe() {}

    /** The header's size and colour, or null when the header cannot be read. */
    static Info probe(Path file) {
        // works on any file system (archives are read in memory); reads only as far as the header
        try (InputStream raw = Files.newInputStream(file); ImageInputStream in = new MemoryCacheImageInputStream(raw)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                boolean gray = types.hasNext() && isGray(types.next().getColorModel());
                return new Info(new ImageSize(w, h), gray);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static boolean isGray(BufferedImage image) { return isGray(image.getColorModel()); }

    /** One grey band (with or without alpha), or a palette whose entries are all grey. */
    static boolean isGray(ColorModel model) {
        if (model instanceof IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                int r = palette.getRed(i);
                if (r != palette.getGreen(i) || r != palette.getBlue(i)) return false;
            }
            return true;
        }
        return model.getNumColorComponents() == 1;
    }
}
