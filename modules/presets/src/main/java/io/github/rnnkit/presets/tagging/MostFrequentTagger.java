package io.github.rnnkit.presets.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.brown.TaggedSentence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The most-frequent-tag baseline: each word gets the tag it had most often in training (ties: the tag first in
 * name order); a word never seen in training gets the most frequent tag among words seen exactly once, the usual
 * estimate of the open-class tag that new words take (NOUN for the universal tagset, {@code nn} for Brown's).
 */
public final class MostFrequentTagger {
    private final Map<String, String> best;
    private final String unknownTag;
    private final List<String> tags;

    private MostFrequentTagger(Map<String, String> best, String unknownTag, List<String> tags) {
        this.best = best;
        this.unknownTag = unknownTag;
        this.tags = tags;
    }

    /** Counts the training sentences' word / tag pairs (words as written). */
    public static MostFrequentTagger train(List<TaggedSentence> train) {
        Checks.notNull(train, "train");
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        TreeSet<String> tags = new TreeSet<>();
        for (TaggedSentence s : train) {
            for (int i = 0; i < s.length(); i++) {
                counts.computeIfAbsent(s.words().get(i), w -> new HashMap<>()).merge(s.tags().get(i), 1, Integer::sum);
                tags.add(s.tags().get(i));
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("no training tokens");
        }
        Map<String, String> best = new HashMap<>(counts.size() * 2);
        Map<String, Integer> hapaxTags = new HashMap<>();
        Map<String, Integer> tagTotals = new HashMap<>();
        for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
            String top = null;
            int n = 0;
            int total = 0;
            for (Map.Entry<String, Integer> t : e.getValue().entrySet()) {
                total += t.getValue();
                tagTotals.merge(t.getKey(), t.getValue(), Integer::sum);
                if (t.getValue() > n || (t.getValue() == n && t.getKey().compareTo(top) < 0)) {
                    top = t.getKey();
                    n = t.getValue();
                }
            }
            best.put(e.getKey(), top);
            if (total == 1) {
                hapaxTags.merge(top, 1, Integer::sum);
            }
        }
        java.util.Comparator<Map.Entry<String, Integer>> byCount = Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()));
        String mostFrequent = tagTotals.entrySet().stream().max(byCount).orElseThrow().getKey();
        String unknown = hapaxTags.entrySet().stream().max(byCount).map(Map.Entry::getKey).orElse(mostFrequent);
        return new MostFrequentTagger(best, unknown, List.copyOf(tags));
    }

    public List<String> tag(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            out.add(best.getOrDefault(w, unknownTag));
        }
        return out;
    }

    /** Whether the word was seen in training. */
    public boolean knows(String word) {
        return best.containsKey(word);
    }

    /** The tag given to words never seen in training. */
    public String unknownTag() {
        return unknownTag;
    }

    /** Every tag seen in training, in name order. */
    public List<String> tags() {
        return tags;
    }

    /** Scores the baseline on gold sentences; "unknown" means not seen (as written) in training. */
    public TaggingReport evaluate(List<TaggedSentence> gold) {
        return evaluate(gold, this::knows);
    }

    /**
     * Scores the baseline on gold sentences with another model's notion of an unknown word, so that the two
     * reports count the same tokens as unknown.
     */
    public TaggingReport evaluate(List<TaggedSentence> gold, java.util.function.Predicate<String> known) {
        List<List<String>> predicted = new ArrayList<>(gold.size());
        for (TaggedSentence s : gold) {
            predicted.add(tag(s.words()));
        }
        return TaggingReport.of(tags, gold, predicted, known);
    }
}
