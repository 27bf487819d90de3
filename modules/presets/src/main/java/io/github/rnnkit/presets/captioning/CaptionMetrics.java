package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.captioning.Bleu;
import io.github.rnnkit.data.captioning.CaptionGrammar;
import io.github.rnnkit.data.captioning.CaptionedImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Caption quality on a test set.
 *
 * @param images         images scored
 * @param bleu           corpus BLEU-1..4 against all references (index 0 = BLEU-1)
 * @param exactMatch     share of captions equal to the canonical one, NaN when no image has one
 * @param slotAccuracy   grounded score: the generated caption read with {@link CaptionGrammar#slots}, the share of
 *                       the scene's slots (objects, counts, relation) it gets right, averaged over images; a caption
 *                       the grammar cannot read gets no slot right. NaN when no image is a generated scene
 * @param parsed         share of captions the grammar reads, possible scenes or not (NaN without scenes)
 * @param sceneAccuracy  share of captions whose parsed scene equals the true scene in every slot (NaN without
 *                       scenes)
 */
public record CaptionMetrics(int images, double[] bleu, double exactMatch, double slotAccuracy, double parsed,
                             double sceneAccuracy) {
    public CaptionMetrics {
        bleu = bleu.clone();
    }

    /** Scores {@code captions} (one per image, words separated by spaces) against {@code images}' references. */
    public static CaptionMetrics score(List<String> captions, List<CaptionedImage> images) {
        Checks.notNull(captions, "captions");
        Checks.notNull(images, "images");
        if (captions.size() != images.size()) {
            throw new IllegalArgumentException(captions.size() + " captions for " + images.size() + " images");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to score");
        }
        List<List<String>> hyps = new ArrayList<>();
        List<List<List<String>>> refs = new ArrayList<>();
        int canonical = 0;
        int exact = 0;
        int scenes = 0;
        int parsed = 0;
        int whole = 0;
        double slots = 0;
        for (int i = 0; i < images.size(); i++) {
            CaptionedImage im = images.get(i);
            if (im.references().isEmpty()) {
                throw new IllegalArgumentException("image " + im.id() + " has no reference caption to score against");
            }
            String c = captions.get(i).trim();
            hyps.add(c.isEmpty() ? List.of() : Arrays.asList(c.split("\\s+")));
            refs.add(im.references().stream().map(r -> Arrays.asList(r.split("\\s+"))).toList());
            if (im.canonical() != null) {
                canonical++;
                exact += String.join(" ", hyps.get(i)).equals(im.canonical()) ? 1 : 0;
            }
            if (im.scene() != null) {
                scenes++;
                Optional<List<Integer>> got = CaptionGrammar.slots(c);
                if (got.isPresent()) {
                    parsed++;
                    List<Integer> truth = im.scene().slots();
                    int right = 0;
                    for (int k = 0; k < truth.size(); k++) {
                        right += k < got.get().size() && truth.get(k).equals(got.get().get(k)) ? 1 : 0;
                    }
                    slots += (double) right / truth.size();
                    whole += CaptionGrammar.parse(c).map(im.scene()::equals).orElse(false) ? 1 : 0;
                }
            }
        }
        return new CaptionMetrics(images.size(), Bleu.corpus(hyps, refs, 4),
                canonical == 0 ? Double.NaN : (double) exact / canonical,
                scenes == 0 ? Double.NaN : slots / scenes, scenes == 0 ? Double.NaN : (double) parsed / scenes,
                scenes == 0 ? Double.NaN : (double) whole / scenes);
    }

    /** BLEU-4. */
    public double bleu4() {
        return bleu[3];
    }

    @Override
    public String toString() {
        return String.format("images %d  BLEU-1 %.4f  BLEU-2 %.4f  BLEU-3 %.4f  BLEU-4 %.4f  exact %.4f  slots %.4f  "
                + "parsed %.4f  scene %.4f", images, bleu[0], bleu[1], bleu[2], bleu[3], exactMatch, slotAccuracy,
                parsed, sceneAccuracy);
    }
}
