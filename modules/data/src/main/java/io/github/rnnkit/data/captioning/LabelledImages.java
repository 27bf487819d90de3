package io.github.rnnkit.data.captioning;

import io.github.rnnkit.core.Checks;

/**
 * Equally sized grayscale images with one integer label each, as in an IDX pair (MNIST, Fashion-MNIST): pixels
 * row-major, one unsigned byte per pixel (0 = black).
 *
 * @param name   where the images came from, for messages ("fashion-mnist train")
 * @param rows   image height in pixels
 * @param cols   image width in pixels
 * @param pixels {@code size * rows * cols} bytes, image after image
 * @param labels one label per image
 */
public record LabelledImages(String name, int rows, int cols, byte[] pixels, int[] labels) {
    public LabelledImages {
        Checks.notNull(name, "name");
        Checks.positive(rows, "rows");
        Checks.positive(cols, "cols");
        Checks.notNull(pixels, "pixels");
        Checks.notNull(labels, "labels");
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + (long) labels.length
                    * rows * cols + " pixels of " + rows + "x" + cols + " images, got " + pixels.length);
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Pixel (r, c) of image {@code i} in [0, 1]. */
    public float pixel(int i, int r, int c) {
        return (pixels[(i * rows + r) * cols + c] & 0xff) / 255f;
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** The first {@code n} images (all of them when there are fewer). */
    public LabelledImages first(int n) {
        int k = Math.min(Checks.nonNegative(n, "n"), size());
        return new LabelledImages(name, rows, cols, java.util.Arrays.copyOf(pixels, k * rows * cols),
                java.util.Arrays.copyOf(labels, k));
    }
}
