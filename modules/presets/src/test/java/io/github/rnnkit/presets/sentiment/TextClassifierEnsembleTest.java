package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.classify.LabelledText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mean of several text classifiers: what it computes and which members it refuses (unit-sized, untrained). */
class TextClassifierEnsembleTest {
    private static final TextClassifierConfig CONFIG = TextClassifierConfig.defaults()
            .withSpec(new RecurrentSpec(RecurrentCell.LSTM, 8, 1, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT))
            .withEmbeddingSize(8).withVocabulary(1, 100);
    private static final List<String> TEXTS = List.of("a good film", "a dull film", "good good good", "dull");

    private static List<LabelledText> labelled(String... labels) {
        return List.of(new LabelledText(TEXTS.get(0), labels[0], "t0"), new LabelledText(TEXTS.get(1), labels[1], "t1"),
                new LabelledText(TEXTS.get(2), labels[0], "t2"), new LabelledText(TEXTS.get(3), labels[1], "t3"));
    }

    @Test
    void theEnsemblesProbabilitiesAreTheMeanOfTheMembersAndItPredictsAndScoresWithThem() {
        List<LabelledText> data = labelled("pos", "neg");
        TextClassifier forward = TextClassifier.create(CONFIG, data, null, TrainingConfig.defaults().withSeed(1));
        TextClassifier backward = TextClassifier.create(CONFIG.withReversed(true), data, null,
                TrainingConfig.defaults().withSeed(2));
        TextClassifierEnsemble both = TextClassifierEnsemble.of(List.of(forward, backward));
        double[][] a = forward.probabilities(TEXTS);
        double[][] b = backward.probabilities(TEXTS);
        double[][] m = both.probabilities(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertEquals((a[i][1] + b[i][1]) / 2, m[i][1], 1e-12);
            assertEquals(1.0, m[i][0] + m[i][1], 1e-6);
        }
        assertEquals(0, forward.releaseBuffers(), "the ensemble's members free their work buffers after scoring");
        assertEquals(0, backward.releaseBuffers());
        double[][] again = both.probabilities(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(m[i], again[i], 0.0, "text " + i + " after the buffers were freed and made again");
        }
        assertEquals(0.5, both.defaultThreshold(), 0.0);
        forward.setThreshold(0.3);
        assertEquals(0.3, TextClassifierEnsemble.of(List.of(forward)).defaultThreshold(), 0.0);
        double t = both.tuneThreshold(data);
        assertTrue(t > 0 && t < 1, "threshold " + t);
        ClassificationReport r = both.evaluate(data, t);
        List<String> predicted = both.predict(TEXTS, t);
        long right = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            right += predicted.get(i).equals(data.get(i).label()) ? 1 : 0;
        }
        assertEquals(right / (double) TEXTS.size(), r.accuracy(), 1e-12);
    }

    @Test
    void membersWithOtherClassesOrNoMembersAreRefused() {
        TextClassifier sentiment = TextClassifier.create(CONFIG, labelled("pos", "neg"), null, TrainingConfig.defaults());
        TextClassifier spam = TextClassifier.create(CONFIG, labelled("spam", "ham"), null, TrainingConfig.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextClassifierEnsemble.of(List.of(sentiment, spam)));
        assertTrue(e.getMessage().contains("[neg, pos]") && e.getMessage().contains("[ham, spam]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextClassifierEnsemble.of(List.of()));
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> TextClassifierEnsemble.of(List.of(sentiment)).evaluate(labelled("spam", "ham"), 0.5));
        assertTrue(label.getMessage().contains("t0") && label.getMessage().contains("'spam'"), label.getMessage());
    }
}
