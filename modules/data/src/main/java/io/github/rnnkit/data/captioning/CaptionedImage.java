package io.github.rnnkit.data.captioning;

import io.github.rnnkit.core.Checks;

import java.util.List;

/**
 * An image with its reference captions.
 *
 * @param id         a name for messages and plots (a file name, or "scene-17")
 * @param pixels     channels x height x width values in [0, 1], channel-major (CHW)
 * @param channels   1 (grayscale) or 3 (RGB)
 * @param height     in pixels
 * @param width      in pixels
 * @param references one or more captions (lower-case words separated by spaces)
 * @param canonical  the canonical caption (generated scenes), null for human captions
 * @param scene      what a generated scene shows, null for other images
 */
public record CaptionedImage(String id, float[] pixels, int channels, int height, int width,
                             List<String> references, String canonical, SceneSpec scene) {
    public CaptionedImage {
        Checks.notNull(id, "id");
        Checks.notNull(pixels, "pixels");
        Checks.positive(channels, "channels");
        Checks.positive(height, "height");
        Checks.positive(width, "width");
        if ((long) channels * height * width != pixels.length) {
            throw new IllegalArgumentException(id + ": " + pixels.length + " pixel values for a " + channels + "x"
                    + height + "x" + width + " image (need " + (long) channels * height * width + ")");
        }
        references = List.copyOf(Checks.notNull(references, "references"));
    }

    /** An image without captions (to caption). */
    public static CaptionedImage unlabelled(String id, float[] pixels, int channels, int height, int width) {
        return new CaptionedImage(id, pixels, channels, height, width, List.of(), null, null);
    }
}
