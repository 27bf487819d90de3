package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.data.captioning.CaptionedImage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The reference point every captioner must beat: the same caption for every image. */
public final class CaptionBaseline {
    private CaptionBaseline() {
    }

    /**
     * The most frequent training caption: over canonical captions where images have one (generated scenes), else
     * over all references; ties go to the caption seen first.
     */
    public static String mostFrequent(List<CaptionedImage> train) {
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        for (CaptionedImage im : train) {
            List<String> captions = im.canonical() != null ? List.of(im.canonical()) : im.references();
            for (String c : captions) {
                int n = counts.merge(c, 1, Integer::sum);
                if (n > bestCount) {
                    best = c;
                    bestCount = n;
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no training captions");
        }
        return best;
    }
}
