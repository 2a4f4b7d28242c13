package io.etiqueta.cli;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A small generated class-folder dataset a network learns in a few epochs: three shapes on noisy backgrounds. */
final class ShapesDataset {
    private ShapesDataset() {}

    /** 60 PNGs of 24x24 per class (circle, cross, square) under {@code folder}; returns the folder. */
    static Path write(Path folder) throws IOException {
        Random random = new Random(11);
        for (String shape : new String[]{"circle", "cross", "square"}) {
            Files.createDirectories(folder.resolve(shape));
            for (int i = 0; i < 60; i++) {
                ImageIO.write(draw(shape, random), "png", folder.resolve(shape).resolve(i + ".png").toFile());
            }
        }
        return folder;
    }

    static BufferedImage draw(String shape, Random random) {
        BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int y = 0; y < 24; y++) for (int x = 0; x < 24; x++) {
            int v = random.nextInt(60);
            image.setRGB(x, y, new Color(v, v, v).getRGB());
        }
        g.setColor(new Color(200 + random.nextInt(55), 200 + random.nextInt(55), 200 + random.nextInt(55)));
        int o = random.nextInt(4), s = 14 + random.nextInt(4);
        switch (shape) {
            case "circle" -> g.fillOval(2 + o, 2 + o, s, s);
            case "square" -> g.fillRect(2 + o, 2 + o, s, s);
            default -> { g.fillRect(2 + o, 9, s, 5); g.fillRect(9, 2 + o, 5, s); }
        }
        g.dispose();
        return image;
    }
}
