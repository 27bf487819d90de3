package io.github.rnnkit.core.plot;

import io.github.rnnkit.core.Checks;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A labelled matrix of values in [0, 1] drawn as a heat map PNG with Java2D (headless): confusion matrices.
 * Cells are shaded white (0) to dark blue (1); values of at least 0.005 are printed in their cell when cells are
 * large enough to hold them.
 */
public final class HeatmapPlot {
    private final String title;
    private final String columnLabel;
    private final String rowLabel;
    private final List<String> columns;
    private final List<String> rows;
    private final double[][] cells;

    /**
     * @param cells cells[row][column], each in [0, 1]
     */
    public HeatmapPlot(String title, String columnLabel, String rowLabel, List<String> columns, List<String> rows,
                       double[][] cells) {
        this.title = Checks.notNull(title, "title");
        this.columnLabel = Checks.notNull(columnLabel, "columnLabel");
        this.rowLabel = Checks.notNull(rowLabel, "rowLabel");
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        if (cells.length != rows.size()) {
            throw new IllegalArgumentException(cells.length + " rows of cells for " + rows.size() + " row labels");
        }
        this.cells = new double[cells.length][];
        for (int r = 0; r < cells.length; r++) {
            if (cells[r].length != columns.size()) {
                throw new IllegalArgumentException("row " + r + " has " + cells[r].length + " cells for "
                        + columns.size() + " column labels");
            }
            for (int c = 0; c < cells[r].length; c++) {
                if (!(cells[r][c] >= 0 && cells[r][c] <= 1)) {
                    throw new IllegalArgumentException("cell [" + r + ", " + c + "] is " + cells[r][c]
                            + "; a heat map shows values in [0, 1]");
                }
            }
            this.cells[r] = cells[r].clone();
        }
    }

    /** Renders the map; the cell size follows from the number of rows and columns. */
    public BufferedImage render() {
        System.setProperty("java.awt.headless", "true");
        int cell = Math.max(12, Math.min(44, 900 / Math.max(1, Math.max(rows.size(), columns.size()))));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(12, Math.max(8, cell / 3)));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(font);
        FontMetrics fm = pg.getFontMetrics();
        int labelWidth = 0;
        for (String s : rows) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(s));
        }
        int columnLabelHeight = 0;
        for (String s : columns) {
            columnLabelHeight = Math.max(columnLabelHeight, fm.stringWidth(s));
        }
        pg.dispose();
        int left = labelWidth + 40;
        int top = columnLabelHeight + 50;
        int width = left + cell * columns.size() + 20;
        int height = top + cell * rows.size() + 20;
        BufferedImage img = new BufferedImage(Math.max(width, 320), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(font.deriveFont(Font.BOLD, 13f));
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 18);
        g.setFont(font);
        g.drawString(columnLabel + " \u2192", left, 34);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(rowLabel + " \u2192", -(top + 80), 14);
        g.setTransform(saved);
        for (int c = 0; c < columns.size(); c++) {          // column labels, written upwards
            AffineTransform t = g.getTransform();
            g.translate(left + c * cell + cell / 2 + fm.getAscent() / 2, top - 4);
            g.rotate(-Math.PI / 2);
            g.drawString(columns.get(c), 0, 0);
            g.setTransform(t);
        }
        for (int r = 0; r < rows.size(); r++) {
            g.setColor(Color.BLACK);
            g.drawString(rows.get(r), left - 6 - fm.stringWidth(rows.get(r)), top + r * cell + cell / 2 + fm.getAscent() / 2);
            for (int c = 0; c < columns.size(); c++) {
                double v = cells[r][c];
                g.setColor(shade(v));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                if (cell >= 28 && cells[r][c] >= 0.005) {
                    String text = String.format(Locale.ROOT, "%.2f", cells[r][c]);
                    g.setColor(v > 0.5 ? Color.WHITE : Color.BLACK);
                    g.drawString(text, left + c * cell + (cell - fm.stringWidth(text)) / 2,
                            top + r * cell + cell / 2 + fm.getAscent() / 2 - 1);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, cell * columns.size(), cell * rows.size());
        g.dispose();
        return img;
    }

    private static Color shade(double v) {
        double s = Math.sqrt(v);                    // small confusions stay visible
        int r = (int) Math.round(255 - s * (255 - 8));
        int gr = (int) Math.round(255 - s * (255 - 48));
        int b = (int) Math.round(255 - s * (255 - 107));
        return new Color(r, gr, b);
    }

    /** Renders and writes a PNG file (its folder is created). */
    public void writePng(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(render(), "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }
}
