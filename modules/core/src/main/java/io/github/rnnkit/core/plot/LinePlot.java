package io.github.rnnkit.core.plot;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as PNG with Java2D (headless, no extra dependency): the training curves.
 * Each series is drawn against a shared x axis; series may be given their own y axis on the right.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
            new Color(227, 119, 194), new Color(127, 127, 127)};

    private final String title;
    private final String xLabel;
    private final List<Series> series = new ArrayList<>();

    /** One named line; {@code rightAxis} puts it on its own y scale on the right-hand side. */
    public record Series(String name, double[] x, double[] y, boolean rightAxis) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": x has " + x.length + " points, y has "
                        + y.length);
            }
        }
    }

    public LinePlot(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    public LinePlot add(Series s) {
        series.add(s);
        return this;
    }

    /** Renders the chart at {@code width} x {@code height} pixels. */
    public BufferedImage render(int width, int height) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int left = 70;
        int right = series.stream().anyMatch(Series::rightAxis) ? 70 : 20;
        int top = 40;
        int bottom = 50;
        int pw = width - left - right;
        int ph = height - top - bottom;

        double[] xr = range(false, true);
        double[] yl = range(false, false);
        double[] yr = range(true, false);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        // grid and ticks
        for (int i = 0; i <= 5; i++) {
            int y = top + ph - i * ph / 5;
            int x = left + i * pw / 5;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, left + pw, y);
            g.drawLine(x, top, x, top + ph);
            g.setColor(Color.DARK_GRAY);
            if (yl != null) {
                String s = num(yl[0] + (yl[1] - yl[0]) * i / 5, yl[1] - yl[0]);
                g.drawString(s, left - 6 - fm.stringWidth(s), y + 4);
            }
            if (yr != null) {
                g.drawString(num(yr[0] + (yr[1] - yr[0]) * i / 5, yr[1] - yr[0]), left + pw + 6, y + 4);
            }
            if (xr != null) {
                String s = num(xr[0] + (xr[1] - xr[0]) * i / 5, xr[1] - xr[0]);
                g.drawString(s, x - fm.stringWidth(s) / 2, top + ph + 16);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        g.drawString(xLabel, left + pw / 2 - fm.stringWidth(xLabel) / 2, top + ph + 34);

        int legendY = top + 16;
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            double[] yrange = ser.rightAxis() ? yr : yl;
            Color c = PALETTE[s % PALETTE.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(ser.x().length > 1 ? 1.6f : 1f));
            int px = -1;
            int py = -1;
            for (int i = 0; i < ser.x().length; i++) {
                if (!Double.isFinite(ser.y()[i]) || xr == null || yrange == null) {
                    continue;
                }
                int x = left + (int) Math.round((ser.x()[i] - xr[0]) / (xr[1] - xr[0]) * pw);
                int y = top + ph - (int) Math.round((ser.y()[i] - yrange[0]) / (yrange[1] - yrange[0]) * ph);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                if (ser.x().length < 60) {
                    g.fillOval(x - 3, y - 3, 6, 6);
                }
                px = x;
                py = y;
            }
            g.fillRect(left + pw - 150, legendY - 9, 12, 10);
            g.setColor(Color.BLACK);
            g.drawString(ser.name() + (ser.rightAxis() ? " (right)" : ""), left + pw - 132, legendY);
            legendY += 16;
        }
        g.dispose();
        return img;
    }

    /** Renders and writes a PNG file. */
    public void writePng(Path file, int width, int height) throws IOException {
        if (!ImageIO.write(render(width, height), "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    private double[] range(boolean rightAxis, boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            if (!xAxis && s.rightAxis() != rightAxis) {
                continue;
            }
            double[] v = xAxis ? s.x() : s.y();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i]) && Double.isFinite(s.y()[i])) {
                    lo = Math.min(lo, v[i]);
                    hi = Math.max(hi, v[i]);
                }
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            return null;
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double pad = xAxis ? 0 : (hi - lo) * 0.05;
        return new double[]{lo - pad, hi + pad};
    }

    /** A tick label with as many decimals as the axis span needs (a span of 1160 gets none, of 0.08 three). */
    static String num(double v, double span) {
        int decimals = span >= 50 ? 0 : span >= 5 ? 1 : span >= 0.5 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
