package io.github.rnnkit.bench.tagging;

import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenNLP's tagger on real Brown sentences (raw Brown tags, a small subset): it learns and keeps Brown's tags. */
class OpenNlpTaggerTest {
    static final List<TaggedSentence> train = new ArrayList<>();
    static final List<TaggedSentence> test = new ArrayList<>();
    static OpenNlpTagger perceptron;

    @BeforeAll
    static void trainOnce() throws IOException {
        BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
        List<String> ids = brown.fileIds();
        // every 12th file (ca01, ca13, ..., 42 files from all 15 genres) to train; 5 others, one per 100, to test
        for (int i = 0; i < ids.size(); i += 12) {
            train.addAll(brown.sentences(ids.get(i)));
        }
        for (int i = 50; i < ids.size(); i += 100) {
            test.addAll(brown.sentences(ids.get(i)));
        }
        // 30 iterations, not OpenNLP's 100: as accurate on Brown and a third of the time (about 15 s here)
        perceptron = OpenNlpTagger.train(train, OpenNlpTagger.Algorithm.PERCEPTRON, 30, OpenNlpTagger.DEFAULT_CUTOFF);
    }

    /** Each word's most frequent training tag; words never seen get the most frequent tag overall. */
    static double mostFrequentTagAccuracy(List<TaggedSentence> train, List<TaggedSentence> test) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Integer> overall = new HashMap<>();
        for (TaggedSentence s : train) {
            for (int i = 0; i < s.length(); i++) {
                counts.computeIfAbsent(s.words().get(i), w -> new HashMap<>()).merge(s.tags().get(i), 1, Integer::sum);
                overall.merge(s.tags().get(i), 1, Integer::sum);
            }
        }
        String fallback = argmax(overall);
        long correct = 0;
        long total = 0;
        for (TaggedSentence s : test) {
            for (int i = 0; i < s.length(); i++) {
                Map<String, Integer> c = counts.get(s.words().get(i));
                correct += s.tags().get(i).equals(c == null ? fallback : argmax(c)) ? 1 : 0;
                total++;
            }
        }
        return (double) correct / total;
    }

    private static String argmax(Map<String, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Test
    void beatsTheMostFrequentTagBaselineOnHeldOutFiles() {
        double baseline = mostFrequentTagAccuracy(train, test);
        double accuracy = perceptron.accuracy(test);
        System.out.printf("%s on %d training tokens: accuracy %.4f (most frequent tag %.4f), trained in %.1f s%n",
                perceptron.describe(), perceptron.trainTokens(), accuracy, baseline, perceptron.trainSeconds());
        assertTrue(accuracy > 0.85, "accuracy " + accuracy);
        assertTrue(accuracy > baseline + 0.02, "accuracy " + accuracy + " vs most frequent tag " + baseline);
        assertTrue(perceptron.trainSeconds() > 0);
    }

    @Test
    void predictsBrownTagsAsSpelledInTrainingNotConvertedOnes() {
        Set<String> predicted = new HashSet<>();
        for (String[] tags : perceptron.tagAll(test.stream().map(TaggedSentence::words).toList())) {
            predicted.addAll(List.of(tags));
        }
        assertTrue(perceptron.tags().containsAll(predicted), "tags never seen in training: " + predicted);
        // Brown's lower-case tags; a Penn or UD mapping would give "DT"/"DET", "NN"/"NOUN" or "?"
        assertTrue(predicted.containsAll(List.of("at", "nn", "in", "vbd", "np")), predicted.toString());
        assertTrue(predicted.size() > 50, predicted.size() + " distinct tags: " + predicted);
    }

    @Test
    void tagsOneSentenceWordByWord() {
        String[] tags = perceptron.tag(List.of("The", "jury", "said", "it", "was", "a", "good", "election", "."));
        assertArrayEquals(new String[]{"at", "nn", "vbd", "pps", "bedz", "at", "jj", "nn", "."}, tags);
        assertEquals(0, perceptron.tag(List.of()).length);
    }

    @Test
    void maxentLearnsToo() throws IOException {
        OpenNlpTagger maxent = OpenNlpTagger.train(train.subList(0, 1500), OpenNlpTagger.Algorithm.MAXENT, 30,
                OpenNlpTagger.DEFAULT_CUTOFF);
        double accuracy = maxent.accuracy(test);
        assertTrue(accuracy > mostFrequentTagAccuracy(train.subList(0, 1500), test), "accuracy " + accuracy);
    }

    @Test
    void trainingDataWithOneTagIsRefused() {
        List<TaggedSentence> oneTag = List.of(new TaggedSentence("x", 1, List.of("a", "b"), List.of("nn", "nn")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenNlpTagger.train(oneTag, OpenNlpTagger.Algorithm.PERCEPTRON));
        assertEquals("train must hold at least two distinct tags, got [nn] in 1 sentences", e.getMessage());
    }

    @Test
    void zeroIterationsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenNlpTagger.train(train, OpenNlpTagger.Algorithm.PERCEPTRON, 0, 5));
        assertEquals("iterations must be >= 1, got 0", e.getMessage());
    }

    @Test
    void aNullWordIsRefusedWithItsIndex() {
        List<String> words = new ArrayList<>(List.of("The", "jury"));
        words.add(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> perceptron.tag(words));
        assertEquals("words must not contain null, got null at index 2", e.getMessage());
    }
}
