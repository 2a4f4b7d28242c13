package io.etiqueta.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;

/** Drawing a new image: what the preprocessing's resize and the dataset inspector's sample grid share. */
public final class Canvas {
    private Canvas() {}

    /**
     * A new RGB image of the given size, filled white first (so transparent and uncovered areas end up white, as
     * on a web page), with {@code drawing} done on it.
     */
    public static BufferedImage white(int width, int height, Consumer<Graphics2D> drawing) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            drawing.accept(g);
        } finally {
            g.dispose();
        }
        return out;
    }
}
