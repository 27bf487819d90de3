package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.classify.LabelledText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backward models: a reversed classifier or language model reads each text's words last to first, and the
 * direction travels from a language model to its classifier and through a saved bundle. Unit-sized checks on a
 * few short texts (untrained networks from one seed, so forward and backward share their weights).
 */
class ReadingDirectionTest {
    private static final RecurrentSpec ONE_WAY = new RecurrentSpec(RecurrentCell.LSTM, 16, 1, BidirectionalMode.NONE,
            0.0, RecurrentImpl.RNNKIT);
    private static final List<String> TEXTS = List.of(
            "the film was good but far too long", "a dull plot and wooden acting", "good acting , good plot",
            "too long and too dull", "the plot was good", "wooden film");
    private static final TrainingConfig TRAINING = TrainingConfig.defaults().withSeed(3);

    private static List<LabelledText> labelled() {
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            out.add(new LabelledText(TEXTS.get(i), i % 2 == 0 ? "pos" : "neg", "text " + i));
        }
        return out;
    }

    /** The text's words (space-separated tokens) in reverse order. */
    private static String reversedWords(String text) {
        List<String> words = new ArrayList<>(Arrays.asList(text.split(" ")));
        Collections.reverse(words);
        return String.join(" ", words);
    }

    private static TextClassifierConfig config(boolean reversed) {
        return TextClassifierConfig.defaults().withSpec(ONE_WAY).withEmbeddingSize(8).withVocabulary(1, 100)
                .withReversed(reversed);
    }

    @Test
    void aReversedClassifierReadsATextAsTheForwardOneReadsItsWordsReversed() {
        TextClassifier forward = TextClassifier.create(config(false), labelled(), null, TRAINING);
        TextClassifier backward = TextClassifier.create(config(true), labelled(), null, TRAINING);
        String text = TEXTS.get(0);
        double[] reversedRead = backward.probabilities(text);
        assertArrayEquals(forward.probabilities(reversedWords(text)), reversedRead, 0.0);
        assertFalse(Arrays.equals(forward.probabilities(text), reversedRead),
                "the backward classifier gave the forward one's probabilities on the text as written");
    }

    @Test
    void aBackwardLanguageModelScoresATextAsTheForwardOneScoresItsWordsReversed() {
        WordLmConfig forwardConfig = WordLmConfig.defaults().withSpec(ONE_WAY).withEmbeddingSize(8)
                .withVocabulary(1, 100).withWindowLength(4);
        WordLanguageModel forward = WordLanguageModel.create(forwardConfig, TEXTS, TRAINING);
        WordLanguageModel backward = WordLanguageModel.create(forwardConfig.withReversed(true), TEXTS, TRAINING);
        List<String> reversedTexts = TEXTS.stream().map(ReadingDirectionTest::reversedWords).toList();
        assertEquals(forward.perplexity(reversedTexts), backward.perplexity(TEXTS), 0.0);
        assertNotEquals(forward.perplexity(TEXTS), backward.perplexity(TEXTS));
        assertTrue(backward.classifierConfig().reversed());
    }

    @Test
    void aClassifierFromABackwardLanguageModelReadsBackwardAndKeepsItsDirectionThroughSaveAndLoad(@TempDir Path dir)
            throws Exception {
        WordLmConfig lmConfig = WordLmConfig.defaults().withSpec(ONE_WAY).withEmbeddingSize(8).withVocabulary(1, 100)
                .withWindowLength(4).withReversed(true);
        WordLanguageModel lm = WordLanguageModel.create(lmConfig, TEXTS, TRAINING);
        // A forward config is given: the language model's direction wins, as its vocabulary and case do.
        TextClassifier clf = TextClassifier.fromLanguageModel(lm, config(false), labelled(), null, TRAINING);
        assertTrue(clf.config().reversed());
        Path file = dir.resolve("backward.zip");
        clf.save(file);
        TextClassifier loaded = TextClassifier.load(file);
        assertTrue(loaded.config().reversed());
        assertArrayEquals(clf.probabilities(TEXTS.get(1)), loaded.probabilities(TEXTS.get(1)), 0.0);
    }

    @Test
    void aConfigSavedBeforeReadingDirectionsExistedReadsForward() {
        String json = Json.write(TextClassifierConfig.defaults()).replaceAll(",\\s*\"reversed\"\\s*:\\s*false", "");
        assertFalse(json.contains("reversed"), json);
        assertEquals(TextClassifierConfig.defaults(), Json.read(json, TextClassifierConfig.class, "old config"));
        String lmJson = Json.write(WordLmConfig.defaults()).replaceAll(",\\s*\"reversed\"\\s*:\\s*false", "");
        assertFalse(lmJson.contains("reversed"), lmJson);
        assertEquals(WordLmConfig.defaults(), Json.read(lmJson, WordLmConfig.class, "old config"));
    }
}
