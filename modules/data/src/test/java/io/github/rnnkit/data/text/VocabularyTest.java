package io.github.rnnkit.data.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.rnnkit.data.text.Vocabulary.Special.BOS;
import static io.github.rnnkit.data.text.Vocabulary.Special.EOS;
import static io.github.rnnkit.data.text.Vocabulary.Special.PAD;
import static io.github.rnnkit.data.text.Vocabulary.Special.UNK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {
    private static final List<String> TOKENS = List.of("b", "a", "c", "a", "b", "a", "d");

    @Test
    void specialsComeFirstInFixedOrderThenTokensByFrequencyWithTiesByName() {
        Vocabulary v = Vocabulary.builder().specials(EOS, UNK, PAD, BOS).fit(TOKENS);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a", "b", "c", "d"), v.tokens());
        assertEquals(0, v.id(PAD));
        assertEquals(3, v.id(EOS));
        assertTrue(v.isSpecial(3));
        assertFalse(v.isSpecial(4));
    }

    @Test
    void unknownTokensMapToUnk() {
        Vocabulary v = Vocabulary.builder().fit(TOKENS);
        assertEquals(v.id(UNK), v.id("zebra"));
        assertEquals("a", v.token(v.id("a")));
    }

    @Test
    void minFrequencyAndMaxSizeLeaveOutRareTokens() {
        Vocabulary v = Vocabulary.builder().minFrequency(2).fit(TOKENS);
        assertEquals(List.of("<unk>", "a", "b"), v.tokens());
        Vocabulary small = Vocabulary.builder().maxSize(2).fit(TOKENS);
        assertEquals(List.of("<unk>", "a"), small.tokens());
    }

    @Test
    void withoutUnkAnUnknownTokenIsAnError() {
        Vocabulary v = Vocabulary.builder().specials().fit(TOKENS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.id("zebra"));
        assertTrue(e.getMessage().contains("'zebra'") && e.getMessage().contains("no UNK"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.id(PAD));
    }

    @Test
    void jsonRoundTripGivesAnEqualVocabulary() {
        Vocabulary v = Vocabulary.builder().specials(PAD, UNK).fit(List.of("é", "日本", "\n", " ", "a"));
        Vocabulary back = Vocabulary.fromJson(v.toJson(), "test");
        assertEquals(v, back);
        assertEquals(v.id("日本"), back.id("日本"));
    }

    @Test
    void aTokenSpelledLikeASpecialIsNotCountedTwice() {
        Vocabulary v = Vocabulary.builder().fit(List.of("<unk>", "x"));
        assertEquals(List.of("<unk>", "x"), v.tokens());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("minFrequency must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.builder().minFrequency(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.builder().fit(TOKENS).token(99));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromJson("{}".getBytes(), "x.json"));
    }
}
