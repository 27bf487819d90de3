package io.github.rnnkit.data.captioning;

import io.github.rnnkit.core.Checks;
import org.datavec.image.loader.NativeImageLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads image files (PNG, JPEG, BMP, GIF, TIFF ...) through DataVec's {@link NativeImageLoader} (OpenCV): decoded,
 * resized to {@code height x width} (aspect ratio not kept), converted to {@code channels} (1 = grayscale, 3 = RGB)
 * and scaled to [0, 1], channel-major (CHW; colour channels in OpenCV's BGR order, the same at training and
 * captioning time). One loader per thread.
 */
public final class ImageFiles {
    private final int channels;
    private final int height;
    private final int width;
    private final NativeImageLoader loader;

    public ImageFiles(int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grayscale) or 3 (RGB), got " + channels);
        }
        this.channels = channels;
        this.height = Checks.positive(height, "height");
        this.width = Checks.positive(width, "width");
        this.loader = new NativeImageLoader(height, width, channels);
    }

    /**
     * The image in {@code file}, resized and converted.
     *
     * @throws NoSuchFileException      when the file is missing
     * @throws IllegalArgumentException when it is not an image OpenCV can decode, naming it
     */
    public CaptionedImage load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such image file");
        }
        byte[] head = new byte[16];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read == 0) {
            throw new IllegalArgumentException(file + ": empty file, not an image");
        }
        INDArray m;
        try (InputStream in = Files.newInputStream(file)) {
            m = loader.asMatrix(in);                          // [1, C, H, W], values 0..255
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not an image that can be decoded (PNG, JPEG, BMP, GIF, "
                    + "TIFF ...): " + e.getMessage(), e);
        }
        float[] pixels = m.reshape(channels * height * width).toFloatVector();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] /= 255f;
        }
        return CaptionedImage.unlabelled(file.getFileName().toString(), pixels, channels, height, width);
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }
}
