package io.github.rnnkit.core.plot;

import io.github.rnnkit.core.Checks;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows rnnkit's PNG files (training curves, confusion matrices, attention maps) inline in a notebook.
 *
 * <p>Java kernels for Jupyter (IJava, JJava, rapaio) display a cell whose last expression is a
 * {@link java.awt.image.RenderedImage} as an {@code image/png} output, so a cell that ends in
 * {@code Png.read(run.resolve("training-curve.png"))} shows the plot. The plots' own {@code render} /
 * {@code image} methods give the same images without a file.
 */
public final class Png {
    private Png() {
    }

    /**
     * Reads an image file (PNG, or any format ImageIO reads).
     *
     * @throws IllegalArgumentException naming the file when it is missing or is not an image
     * @throws UncheckedIOException     when it cannot be read
     */
    public static BufferedImage read(Path file) {
        Checks.notNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no image file at " + file.toAbsolutePath());
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalArgumentException(file.toAbsolutePath() + " is not an image ImageIO can read "
                        + "(PNG, JPEG, GIF, BMP)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the image " + file.toAbsolutePath(), e);
        }
    }
}
