package io.github.rnnkit.data.captioning;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BLEU on examples worked by hand (counts in the comments). */
class BleuTest {
    private static List<String> w(String s) {
        return Arrays.asList(s.split(" "));
    }

    @Test
    void oneSentenceAgainstTwoReferences() {
        // hyp: the cat sat on the mat (6 words); refs: "the cat is on the mat", "there is a cat on the mat"
        // unigrams: the x2 (clip 2), cat, on, mat match, sat does not: 5/6
        // bigrams: the cat, on the, the mat match; cat sat, sat on do not: 3/5
        // trigrams: only "on the mat": 1/4;  4-grams: none of 3
        // closest reference length 6 = hypothesis length: BP = 1
        double[] b = Bleu.corpus(List.of(w("the cat sat on the mat")),
                List.of(List.of(w("the cat is on the mat"), w("there is a cat on the mat"))), 4);
        assertArrayEquals(new double[]{5.0 / 6, Math.sqrt(5.0 / 6 * 3 / 5), 0.5, 0.0}, b, 1e-12);
    }

    @Test
    void brevityPenaltyAndCorpusSums() {
        // second sentence "the cat" against "the cat is on the mat": p1 2/2, p2 1/1, c 2, r 6
        double[] alone = Bleu.corpus(List.of(w("the cat")), List.of(List.of(w("the cat is on the mat"))), 2);
        assertEquals(Math.exp(1 - 6.0 / 2), alone[1], 1e-12);
        // both sentences: unigrams 7/8, bigrams 4/6, c = 8, r = 6 + 6 = 12, BP = exp(1 - 12/8)
        double[] corpus = Bleu.corpus(List.of(w("the cat sat on the mat"), w("the cat")),
                List.of(List.of(w("the cat is on the mat"), w("there is a cat on the mat")),
                        List.of(w("the cat is on the mat"))), 2);
        double bp = Math.exp(-0.5);
        assertEquals(bp * 7 / 8, corpus[0], 1e-12);
        assertEquals(bp * Math.sqrt(7.0 / 8 * 4 / 6), corpus[1], 1e-12);
    }

    @Test
    void identicalTextScoresOneAndTheClosestShorterReferenceWinsATie() {
        assertArrayEquals(new double[]{1, 1, 1, 1}, Bleu.corpus(List.of(w("a b c d e")),
                List.of(List.of(w("a b c d e"))), 4), 1e-12);
        // hyp length 5, refs of length 4 and 6: tie, the shorter (4) is taken, so no brevity penalty
        double[] b = Bleu.corpus(List.of(w("a b c d e")), List.of(List.of(w("a b c d"), w("a b c d e f"))), 1);
        assertEquals(1.0, b[0], 1e-12);
    }

    @Test
    void mismatchedInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(w("a")), List.of(), 4));
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(w("a")), List.of(List.of()), 4));
    }
}
