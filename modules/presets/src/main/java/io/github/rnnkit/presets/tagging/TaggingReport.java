package io.github.rnnkit.presets.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.plot.HeatmapPlot;
import io.github.rnnkit.data.brown.TaggedSentence;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Scores of a tagger on gold-tagged sentences: token accuracy overall, on known words and on unknown words (not in
 * the training vocabulary), per-tag precision / recall / F1 and the confusion matrix. A gold tag the tagger never
 * saw in training cannot be predicted: such tokens count as errors, and how many there were (and which tags) is
 * reported, not dropped.
 *
 * <pre>{@code
 * TaggingReport r = tagger.evaluate(testSentences);
 * System.out.println(r.toTable());
 * r.writeConfusionPng(Path.of("confusion.png"), 20);
 * }</pre>
 *
 * @param tags          the tag set in index order
 * @param confusion     confusion[gold][predicted] over tokens whose gold tag is in the tag set
 * @param knownTokens   tokens whose word is in the training vocabulary, and how many of them were tagged right
 * @param knownCorrect  see above
 * @param unknownTokens tokens whose word is not, and how many of them were tagged right
 * @param unknownCorrect see above
 * @param unseenGold    gold tags outside the tag set, with their token counts (all errors)
 * @param sentences     sentences scored
 */
public record TaggingReport(List<String> tags, long[][] confusion, long knownTokens, long knownCorrect,
                            long unknownTokens, long unknownCorrect, Map<String, Long> unseenGold, long sentences) {

    public TaggingReport {
        tags = List.copyOf(Checks.notNull(tags, "tags"));
        Checks.notNull(confusion, "confusion");
        unseenGold = Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(unseenGold, "unseenGold")));
    }

    /**
     * Scores predicted tags against gold sentences.
     *
     * @param tags      the tagger's tag set; a predicted tag outside it is an error of the caller
     * @param gold      the gold sentences
     * @param predicted one tag list per sentence, as long as the sentence
     * @param known     whether a word is in the training vocabulary
     */
    public static TaggingReport of(List<String> tags, List<TaggedSentence> gold, List<List<String>> predicted,
                                   Predicate<String> known) {
        Checks.notNull(gold, "gold");
        Checks.notNull(predicted, "predicted");
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(predicted.size() + " predictions for " + gold.size() + " sentences");
        }
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            index.put(tags.get(i), i);
        }
        long[][] confusion = new long[tags.size()][tags.size()];
        long kt = 0;
        long kc = 0;
        long ut = 0;
        long uc = 0;
        Map<String, Long> unseen = new TreeMap<>();
        for (int s = 0; s < gold.size(); s++) {
            TaggedSentence g = gold.get(s);
            List<String> p = predicted.get(s);
            if (p.size() != g.length()) {
                throw new IllegalArgumentException(g.source() + ":" + g.line() + ": " + p.size() + " predicted tags for "
                        + g.length() + " tokens");
            }
            for (int t = 0; t < g.length(); t++) {
                String goldTag = g.tags().get(t);
                Integer pi = index.get(p.get(t));
                if (pi == null) {
                    throw new IllegalArgumentException("predicted tag '" + p.get(t) + "' is not in the tag set " + tags);
                }
                Integer gi = index.get(goldTag);
                boolean right = gi != null && gi.equals(pi);
                if (gi == null) {
                    unseen.merge(goldTag, 1L, Long::sum);
                } else {
                    confusion[gi][pi]++;
                }
                if (known.test(g.words().get(t))) {
                    kt++;
                    kc += right ? 1 : 0;
                } else {
                    ut++;
                    uc += right ? 1 : 0;
                }
            }
        }
        return new TaggingReport(tags, confusion, kt, kc, ut, uc, unseen, gold.size());
    }

    public long tokens() {
        return knownTokens + unknownTokens;
    }

    public long correct() {
        return knownCorrect + unknownCorrect;
    }

    /** Share of tokens tagged right (tokens with an unseen gold tag count as wrong). */
    public double accuracy() {
        return ratio(correct(), tokens());
    }

    public double knownAccuracy() {
        return ratio(knownCorrect, knownTokens);
    }

    /** Accuracy on words outside the training vocabulary (NaN when there were none). */
    public double unknownAccuracy() {
        return ratio(unknownCorrect, unknownTokens);
    }

    /** Tokens whose gold tag is not in the tag set. */
    public long unseenGoldTokens() {
        return unseenGold.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    public long support(int tag) {
        long s = 0;
        for (long v : confusion[tag]) {
            s += v;
        }
        return s;
    }

    private long predicted(int tag) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[tag];
        }
        return predicted;
    }

    /** Share of the tokens predicted as {@code tag} that carry it (0 when the tag was never predicted). */
    public double precision(int tag) {
        long p = predicted(tag);
        return p == 0 ? 0 : (double) confusion[tag][tag] / p;
    }

    /** Share of the tokens carrying {@code tag} that were predicted as it (0 without support). */
    public double recall(int tag) {
        long s = support(tag);
        return s == 0 ? 0 : (double) confusion[tag][tag] / s;
    }

    /** 2 tp / (2 tp + fp + fn): the harmonic mean of precision and recall, 0 when both are 0. */
    public double f1(int tag) {
        long tp = confusion[tag][tag];
        long denominator = predicted(tag) + support(tag);
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    /** Tag indices by gold frequency, most frequent first. */
    public List<Integer> byFrequency() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(support(b), support(a)));
        return order;
    }

    /** A one-line summary: accuracy overall, on known and on unknown words. */
    public String summary() {
        return String.format(Locale.ROOT, "accuracy %.4f on %d tokens (known words %.4f on %d, unknown words %.4f on %d)",
                accuracy(), tokens(), knownAccuracy(), knownTokens, unknownAccuracy(), unknownTokens);
    }

    /** The summary, the unseen gold tags, and per-tag scores for (at most) the {@code maxTags} most frequent tags. */
    public String toTable(int maxTags) {
        StringBuilder s = new StringBuilder(summary()).append(System.lineSeparator());
        if (!unseenGold.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%d tokens have a gold tag the tagger never saw in training (counted "
                    + "as errors): %s%n", unseenGoldTokens(), unseenGold));
        }
        Checks.positive(maxTags, "maxTags");
        List<Integer> order = byFrequency();
        int w = Math.max(7, tags.stream().mapToInt(String::length).max().orElse(5) + 2);
        s.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s%n", "tag", "precision", "recall", "f1",
                "support"));
        int shown = 0;
        long withSupport = order.stream().filter(t -> support(t) > 0).count();
        for (int i = 0; i < Math.min(maxTags, order.size()) && support(order.get(i)) > 0; i++) {
            int t = order.get(i);
            s.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n", tags.get(t), precision(t),
                    recall(t), f1(t), support(t)));
            shown++;
        }
        if (withSupport > shown) {
            s.append(String.format(Locale.ROOT, "(%d more tags occur in the gold data)%n", withSupport - shown));
        }
        return s.toString();
    }

    public String toTable() {
        return toTable(40);
    }

    /**
     * Writes the confusion matrix of the {@code maxTags} most frequent gold tags as a heat map, each row
     * normalised by its gold count (so a row shows where that tag's tokens went).
     */
    public void writeConfusionPng(Path file, int maxTags) throws IOException {
        confusionPlot(maxTags).writePng(file);
    }

    /** The confusion heat map of {@link #writeConfusionPng} as an image (shown inline in a notebook). */
    public BufferedImage confusionImage(int maxTags) {
        return confusionPlot(maxTags).render();
    }

    private HeatmapPlot confusionPlot(int maxTags) {
        Checks.positive(maxTags, "maxTags");
        List<Integer> order = byFrequency().subList(0, Math.min(maxTags, tags.size()));
        List<String> names = order.stream().map(tags::get).toList();
        double[][] cells = new double[order.size()][order.size()];
        for (int r = 0; r < order.size(); r++) {
            long support = support(order.get(r));
            for (int c = 0; c < order.size(); c++) {
                cells[r][c] = support == 0 ? 0 : (double) confusion[order.get(r)][order.get(c)] / support;
            }
        }
        return new HeatmapPlot(String.format(Locale.ROOT, "Confusion (rows: gold, normalised; accuracy %.4f)",
                accuracy()), "predicted", "gold", names, names, cells);
    }
}
