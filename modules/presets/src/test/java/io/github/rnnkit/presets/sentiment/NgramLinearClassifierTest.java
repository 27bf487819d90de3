package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.imdb.AclImdb;
import io.github.rnnkit.presets.sentiment.NgramLinearClassifier.Config;
import io.github.rnnkit.presets.sentiment.NgramLinearClassifier.Features;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains on a small real subset of IMDB (300 negative and 300 positive training reviews, drawn with a fixed seed)
 * and scores 200 test reviews (100 of each); those tests are skipped when ../shared/datasets/aclImdb-labelled.tar.gz
 * is not beside the checkout. The full-split accuracy is in {@link NgramLinearClassifier}'s Javadoc.
 */
class NgramLinearClassifierTest {
    private static final List<String> THREE_TEXTS = List.of("good", "bad", "ugly");
    private static final List<String> THREE_LABELS = List.of("a", "b", "c");

    /** Texts and labels of the training and test subsets. */
    private record Subset(List<String> trainTexts, List<String> trainLabels, List<String> testTexts,
                          List<String> testLabels) {
    }

    private static Subset imdb;

    /** The IMDB subset, read on first use; skips the calling test when the archive is absent. */
    private static synchronized Subset imdb() {
        if (imdb == null) {
            List<LabelledText> train = ImdbSample.balanced(AclImdb.Split.TRAIN, 300, 11L);
            List<LabelledText> test = ImdbSample.balanced(AclImdb.Split.TEST, 100, 12L);
            imdb = new Subset(train.stream().map(LabelledText::text).toList(),
                    train.stream().map(LabelledText::label).toList(), test.stream().map(LabelledText::text).toList(),
                    test.stream().map(LabelledText::label).toList());
        }
        return imdb;
    }

    private static double heldOutAccuracy(NgramLinearClassifier c) {
        Subset d = imdb();
        int correct = 0;
        for (int i = 0; i < d.testTexts().size(); i++) {
            if (c.predict(d.testTexts().get(i)).equals(d.testLabels().get(i))) {
                correct++;
            }
        }
        return correct / (double) d.testTexts().size();
    }

    @Test
    void tfidfBeatsTheMajorityBaselineOnHeldOutReviews() {
        NgramLinearClassifier c = NgramLinearClassifier.train(imdb().trainTexts(), imdb().trainLabels(),
                Config.tfidf());
        assertEquals(List.of("neg", "pos"), c.classes());
        assertTrue(c.featureCount() > 1_000, "features: " + c.featureCount());
        double accuracy = heldOutAccuracy(c);
        // The test half is balanced, so always answering one class scores 0.5.
        assertTrue(accuracy >= 0.70, "held-out accuracy " + accuracy);
    }

    @Test
    void nbBeatsTheMajorityBaselineOnHeldOutReviews() {
        NgramLinearClassifier c = NgramLinearClassifier.train(imdb().trainTexts(), imdb().trainLabels(),
                Config.nb());
        double accuracy = heldOutAccuracy(c);
        assertTrue(accuracy >= 0.70, "held-out accuracy " + accuracy);
    }

    @Test
    void probabilitiesSumToOneAndTheBatchFormMatchesOneByOne() {
        NgramLinearClassifier c = NgramLinearClassifier.train(imdb().trainTexts(), imdb().trainLabels(),
                Config.tfidf());
        // Two reviews, then two texts with no feature (the bias-only answer).
        List<String> texts = List.of(imdb().testTexts().get(0), imdb().testTexts().get(1), "", "zzzz qqqq");
        double[][] batch = c.probabilities(texts);
        for (int i = 0; i < texts.size(); i++) {
            double[] p = c.probabilities(texts.get(i));
            assertEquals(2, p.length);
            assertEquals(1.0, p[0] + p[1], 1e-9, "text " + i);
            assertTrue(p[0] >= 0 && p[1] >= 0, Arrays.toString(p));
            assertArrayEquals(p, batch[i], 0.0);
        }
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        Subset d = imdb();
        Config config = new Config(Features.NB, 2, 2, 0.1, 2, 7L);
        double[][] first = NgramLinearClassifier.train(d.trainTexts(), d.trainLabels(), config)
                .probabilities(d.testTexts());
        double[][] second = NgramLinearClassifier.train(d.trainTexts(), d.trainLabels(), config)
                .probabilities(d.testTexts());
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0.0, "review " + i);
        }
    }

    @Test
    void tfidfSeparatesThreeClassesOfDistinctWords() {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            texts.add("the film was good and fine " + i);
            labels.add("up");
            texts.add("the film was bad and dull " + i);
            labels.add("down");
            texts.add("the film was long and slow " + i);
            labels.add("flat");
        }
        NgramLinearClassifier c = NgramLinearClassifier.train(texts, labels, Config.tfidf());
        assertEquals(List.of("down", "flat", "up"), c.classes());
        assertEquals("up", c.predict("good and fine"));
        assertEquals("down", c.predict("bad and dull"));
        assertEquals("flat", c.predict("long and slow"));
        assertEquals(3, c.probabilities("good").length);
        assertEquals(1.0, Arrays.stream(c.probabilities("good")).sum(), 1e-9);
    }

    @Test
    void nbWithThreeClassesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NgramLinearClassifier.train(THREE_TEXTS, THREE_LABELS, Config.nb()));
        assertTrue(e.getMessage().contains("NB") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void mismatchedListSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NgramLinearClassifier.train(List.of("good", "bad"), List.of("pos"), Config.tfidf()));
        assertTrue(e.getMessage().contains("2 texts and 1 labels"), e.getMessage());
    }

    @Test
    void emptyListsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> NgramLinearClassifier.train(List.of(), List.of(), Config.tfidf()));
    }

    @Test
    void aSingleClassIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NgramLinearClassifier.train(List.of("good", "fine"), List.of("pos", "pos"), Config.tfidf()));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void aClassWhoseTextsHoldNoKeptNgramIsRefused() {
        // minCount 2: "fine" and "good" occur once each, so class "b" is left with no features.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NgramLinearClassifier.train(List.of("dull film", "dull film", "fine"), List.of("a", "a", "b"),
                        Config.tfidf()));
        assertTrue(e.getMessage().contains("class b") && e.getMessage().contains("minCount=2"), e.getMessage());
    }

    @Test
    void invalidConfigsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Config(null, 2, 1, 0.1, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Config(Features.TFIDF, 0, 1, 0.1, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Config(Features.TFIDF, 6, 1, 0.1, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Config(Features.TFIDF, 2, 0, 0.1, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Config(Features.TFIDF, 2, 1, 0.0, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Config(Features.TFIDF, 2, 1, Double.NaN, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new Config(Features.TFIDF, 2, 1, 0.1, 0, 1L));
    }

    @Test
    void ngramsAreTokenRunsJoinedBySpaces() {
        // Tokens: great, film, !, don't (lower-cased, <br /> dropped).
        assertEquals(List.of("great", "great film", "film", "film !", "!", "! don't", "don't"),
                NgramLinearClassifier.ngrams("Great film!<br />Don't", 2));
        assertEquals(List.of("a", "a b", "a b c", "b", "b c", "c"), NgramLinearClassifier.ngrams("a b c", 3));
    }
}
