package io.github.rnnkit.data.captioning;

import java.nio.file.Path;
import java.util.List;

/**
 * An image file and its human captions, as listed by a Flickr8k- or COCO-style captions file.
 *
 * @param image    the image file
 * @param captions normalised captions (see {@link CaptionFiles#normalise})
 */
public record ImageCaptions(Path image, List<String> captions) {
    public ImageCaptions {
        captions = List.copyOf(captions);
    }
}
