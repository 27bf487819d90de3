package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.data.captioning.CaptionedImage;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * PNG figures of captioned images: a grid of images with their generated (and reference) captions, and one
 * image's attention over its feature grid word by word.
 */
public final class CaptionGrid {
    private static final int SCALE = 3;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private CaptionGrid() {
    }

    /**
     * Images in rows of {@code columns}, each with the generated caption under it (green when it equals the
     * canonical caption, red otherwise, black without one) and the canonical caption in gray.
     */
    public static void writeGrid(Path file, List<CaptionedImage> images, List<String> captions, int columns)
            throws IOException {
        write(grid(images, captions, columns), file);
    }

    /** The figure {@link #writeGrid} writes (for notebooks). */
    public static BufferedImage grid(List<CaptionedImage> images, List<String> captions, int columns) {
        Checks.notNull(images, "images");
        if (images.size() != captions.size() || images.isEmpty()) {
            throw new IllegalArgumentException(images.size() + " images need as many captions, got "
                    + captions.size());
        }
        int w = images.get(0).width() * SCALE;
        int h = images.get(0).height() * SCALE;
        int cellW = Math.max(w, 200) + 10;
        int cellH = h + 44;
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage out = canvas(cellW * Math.min(columns, images.size()), cellH * rows);
        Graphics2D g = graphics(out);
        for (int i = 0; i < images.size(); i++) {
            CaptionedImage im = images.get(i);
            int x0 = (i % columns) * cellW + 5;
            int y0 = (i / columns) * cellH + 4;
            g.drawImage(toImage(im), x0 + (cellW - 10 - w) / 2, y0, w, h, null);
            String canonical = im.canonical();
            g.setColor(canonical == null ? Color.BLACK : canonical.equals(captions.get(i)) ? new Color(0, 120, 0)
                    : new Color(180, 0, 0));
            g.drawString(fit(g, captions.get(i), cellW - 10), x0, y0 + h + 14);
            if (canonical != null || !im.references().isEmpty()) {
                g.setColor(Color.GRAY);
                g.drawString(fit(g, canonical != null ? canonical : im.references().get(0), cellW - 10), x0,
                        y0 + h + 28);
            }
        }
        g.dispose();
        return out;
    }

    /** The image, then per generated word the image shaded by that step's attention weights. */
    public static void writeAttention(Path file, CaptionedImage image, ImageCaptioner.AttentionGrid attention)
            throws IOException {
        write(attentionImage(image, attention), file);
    }

    /** The figure {@link #writeAttention} writes (for notebooks). */
    public static BufferedImage attentionImage(CaptionedImage image, ImageCaptioner.AttentionGrid attention) {
        int w = image.width() * SCALE;
        int h = image.height() * SCALE;
        int steps = attention.words().size();
        BufferedImage out = canvas((w + 8) * (steps + 1) + 8, h + 30);
        Graphics2D g = graphics(out);
        BufferedImage base = toImage(image);
        g.drawImage(base, 8, 8, w, h, null);
        for (int t = 0; t < steps; t++) {
            double[] a = attention.weights()[t];
            double max = 1e-12;
            for (double v : a) {
                max = Math.max(max, v);
            }
            BufferedImage shaded = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    int q = (y * attention.gridHeight() / image.height()) * attention.gridWidth()
                            + x * attention.gridWidth() / image.width();
                    double weight = a[q] / max;
                    int gray = base.getRGB(x, y) & 0xff;
                    int red = (int) Math.min(255, gray * 0.6 + 255 * weight * 0.6);
                    shaded.setRGB(x, y, (red << 16) | ((int) (gray * 0.6) << 8) | (int) (gray * 0.6));
                }
            }
            int x0 = 8 + (w + 8) * (t + 1);
            g.drawImage(shaded, x0, 8, w, h, null);
            g.setColor(Color.BLACK);
            g.drawString(attention.words().get(t), x0, h + 24);
        }
        g.dispose();
        return out;
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return out;
    }

    private static Graphics2D graphics(BufferedImage out) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        return g;
    }

    /** The image (CHW in [0, 1]) as RGB; one channel is drawn as gray. */
    static BufferedImage toImage(CaptionedImage im) {
        BufferedImage out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
        int plane = im.height() * im.width();
        for (int y = 0; y < im.height(); y++) {
            for (int x = 0; x < im.width(); x++) {
                int p = y * im.width() + x;
                int c0 = level(im.pixels()[p]);
                int rgb = im.channels() == 1 ? (c0 << 16) | (c0 << 8) | c0
                        : (level(im.pixels()[2 * plane + p]) << 16) | (level(im.pixels()[plane + p]) << 8) | c0;
                out.setRGB(x, y, rgb);                    // 3 channels are BGR, as OpenCV loads them
            }
        }
        return out;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    private static String fit(Graphics2D g, String s, int width) {
        FontMetrics m = g.getFontMetrics();
        if (m.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && m.stringWidth(t + "...") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "...";
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        AtomicFiles.write(file, tmp -> java.nio.file.Files.write(tmp, bytes.toByteArray()));
    }
}
