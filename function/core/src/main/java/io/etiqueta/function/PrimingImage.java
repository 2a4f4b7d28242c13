package io.etiqueta.function;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The image {@link LabellingService#prime()} labels: a small JPEG (the format most uploads come in), made here. */
final class PrimingImage {
    static final byte[] JPEG = make();

    private PrimingImage() {}

    private static byte[] make() {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(96, 128, 160));
        g.fillRect(0, 0, 32, 32);
        g.setColor(new Color(200, 80, 40));
        g.fillOval(8, 8, 16, 16);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg", out)) throw new IllegalStateException("no JPEG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
