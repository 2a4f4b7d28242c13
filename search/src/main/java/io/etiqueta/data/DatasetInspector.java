package io.etiqueta.data;

import io.etiqueta.errors.Failures;
import io.etiqueta.image.Canvas;
import io.etiqueta.image.Preprocessor;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Describes a dataset for {@code etiqueta data inspect}: classes, balance, original image sizes, and a grid of samples. */
public final class DatasetInspector {
    /** Images are scaled up by whole factors until they are at least this tall, so 28x28 digits are visible. */
    static final int MIN_TILE = 64;
    private static final int GAP = 4;
    /** Size lines beyond this are summarised, so a folder of photos in 500 sizes gives a readable table. */
    private static final int MAX_SIZE_LINES = 8;

    private DatasetInspector() {}

    /** Loads the dataset (through the process-wide cache) and describes it. */
    public static DatasetReport inspect(Path path, LoadOptions options) {
        return report(Datasets.load(path, options));
    }

    public static DatasetReport report(LoadedDataset d) {
        int classes = d.classes().size();
        int[] train = d.train().countsPerClass(classes);
        int[] test = d.hasTestSet() ? d.test().countsPerClass(classes) : null;
        int[] total = d.countsPerClass();
        int max = 0, min = Integer.MAX_VALUE;
        for (int c : total) {
            max = Math.max(max, c);
            min = Math.min(min, c);
        }
        double imbalance = min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
        SourceStats s = d.sources() != null ? d.sources()
                : SourceStats.uniform(new ImageSize(d.spec().width(), d.spec().height()), d.size(), d.spec().channels() == 1);
        return new DatasetReport(d.source(), d.format(), d.classes(), train, test, imbalance, s.sizeCounts(), s.smallest(),
                s.median(), s.largest(), s.grayImages(), s.colorImages(), d.spec(), d.fingerprint(), d.skipped());
    }

    /** A plain-text report for the terminal. */
    public static String format(DatasetReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Dataset      %s%n", r.source()));
        out.append(String.format(Locale.ROOT, "Format       %s%n", r.format()));
        out.append(String.format(Locale.ROOT, "Images       %,d in %d classes%s%n", r.images(), r.classes().size(),
                r.testCounts() == null ? "" : " (explicit test set)"));
        out.append(String.format(Locale.ROOT, "Loaded as    %s%n", r.spec()));
        out.append(String.format(Locale.ROOT, "Fingerprint  %s%n%n", r.fingerprint()));

        int width = Math.max(5, r.classes().stream().mapToInt(String::length).max().orElse(5));
        int[] total = r.counts();
        int max = 1;
        for (int c : total) max = Math.max(max, c);
        String row = "%-" + width + "s  %8s  %8s  %6s  %s%n";
        out.append(String.format(Locale.ROOT, row, "class", "train", r.testCounts() == null ? "" : "test", "share", ""));
        for (int c = 0; c < r.classes().size(); c++) {
            int bar = (int) Math.round(20.0 * total[c] / max);
            out.append(String.format(Locale.ROOT, row, r.classes().get(c), String.format(Locale.ROOT, "%,d", r.trainCounts()[c]),
                    r.testCounts() == null ? "" : String.format(Locale.ROOT, "%,d", r.testCounts()[c]),
                    String.format(Locale.ROOT, "%.1f%%", 100.0 * total[c] / Math.max(1, r.images())), "#".repeat(bar)));
        }
        out.append(String.format(Locale.ROOT, "%nImbalance    %s (largest class / smallest class)%s%n",
                Double.isInfinite(r.imbalance()) ? "infinite" : String.format(Locale.ROOT, "%.2f", r.imbalance()),
                r.imbalance() >= 3 ? "  WARNING: imbalanced; accuracy alone will mislead, read per-class recall" : ""));

        out.append(String.format(Locale.ROOT, "Colour       %,d grayscale, %,d colour%n", r.grayImages(), r.colorImages()));
        if (r.sizeCounts().size() == 1) {
            out.append(String.format(Locale.ROOT, "Image size   all %s%n", r.smallest()));
        } else {
            out.append(String.format(Locale.ROOT, "Image size   min %s, median %s, max %s (%d different sizes)%n",
                    r.smallest(), r.median(), r.largest(), r.sizeCounts().size()));
            List<Map.Entry<ImageSize, Integer>> common = new ArrayList<>(r.sizeCounts().entrySet());
            common.sort(Map.Entry.<ImageSize, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            int shown = 0;
            for (var e : common) {
                if (shown++ == MAX_SIZE_LINES) {
                    out.append(String.format(Locale.ROOT, "             ... %d more sizes%n", common.size() - MAX_SIZE_LINES));
                    break;
                }
                out.append(String.format(Locale.ROOT, "             %-11s %,d%n", e.getKey(), e.getValue()));
            }
        }
        if (!r.skipped().isEmpty()) {
            out.append(String.format(Locale.ROOT, "Skipped      %d unreadable files:%n", r.skipped().size()));
            r.skipped().stream().limit(20).forEach(s -> out.append("             ").append(s).append(System.lineSeparator()));
            if (r.skipped().size() > 20) out.append(String.format(Locale.ROOT, "             ... %d more%n", r.skipped().size() - 20));
        }
        return out.toString();
    }

    /**
     * Writes a PNG grid: one row per class, its name on the left, up to {@code perClass} randomly chosen training images
     * (the same ones for the same seed), scaled up by a whole factor so small images stay sharp.
     */
    public static void writeGrid(LoadedDataset d, Path png, int perClass, long seed) {
        if (perClass < 1) throw new IllegalArgumentException("perClass must be at least 1, got " + perClass);
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        int classes = d.classes().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < d.train().size(); i++) byClass.get(d.train().labels()[i]).add(i);
        Random random = new Random(seed);
        for (List<Integer> members : byClass) Collections.shuffle(members, random);

        int w = d.spec().width(), h = d.spec().height();
        int scale = Math.max(1, (MIN_TILE + h - 1) / h);
        int tileW = w * scale, tileH = h * scale;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Graphics2D pg = probe.createGraphics();
        FontMetrics metrics = pg.getFontMetrics(font);
        int labelW = d.classes().stream().mapToInt(metrics::stringWidth).max().orElse(0) + 2 * GAP + 40;
        pg.dispose();

        int width = labelW + perClass * (tileW + GAP) + GAP;
        int height = classes * (tileH + GAP) + GAP;
        BufferedImage grid = Canvas.white(width, height, g -> {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setFont(font);
            for (int c = 0; c < classes; c++) {
                int top = GAP + c * (tileH + GAP);
                List<Integer> members = byClass.get(c);
                g.setColor(Color.BLACK);
                g.drawString(d.classes().get(c), GAP, top + tileH / 2 + metrics.getAscent() / 2);
                g.setColor(Color.GRAY);
                g.drawString(String.format(Locale.ROOT, "%,d", members.size()), GAP, top + tileH / 2 + metrics.getAscent() / 2 + metrics.getHeight());
                for (int k = 0; k < Math.min(perClass, members.size()); k++) {
                    BufferedImage img = Preprocessor.fromPixels(d.train().pixels()[members.get(k)], w, h, d.spec().channels());
                    g.drawImage(img, labelW + k * (tileW + GAP), top, tileW, tileH, null);
                }
            }
        });
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(grid, "png", png.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            // a user error (a folder that cannot be written), reported like a dataset problem: plainly, naming the file
            throw new DatasetException("cannot write the sample grid to " + png + ": " + Failures.describe(e), e);
        }
    }

}
