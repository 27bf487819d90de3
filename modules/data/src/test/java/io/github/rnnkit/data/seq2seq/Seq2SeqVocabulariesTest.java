package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.Side;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.SourceEnd;
import io.github.rnnkit.data.text.Vocabulary;
import io.github.rnnkit.data.text.Vocabulary.Special;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Seq2SeqVocabulariesTest {
    /** Letters to space-separated phonemes, as a G2P pair. */
    static ParallelPair pair(String letters, String phonemes, String origin) {
        return new ParallelPair(Segmentation.CHARACTERS.split(letters), Segmentation.TOKENS.split(phonemes), origin);
    }

    /** Source counts a:3, b:2, c:1; target counts X:2, Y:2 (a tie, broken by X < Y). */
    static List<ParallelPair> toyPairs() {
        return List.of(pair("ab", "X Y X", "toy.tsv:1"), pair("abca", "Y", "toy.tsv:2"));
    }

    @Test
    void specialsComeFirstWithPadZeroOnBothSidesThenSymbolsByCount() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE);
        assertEquals(List.of("<pad>", "<unk>", "a", "b", "c"), v.source().tokens());
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "X", "Y"), v.target().tokens());
        assertEquals(Seq2SeqVocabularies.PAD_ID, v.source().id(Special.PAD));
        assertEquals(Seq2SeqVocabularies.PAD_ID, v.target().id(Special.PAD));
        assertEquals(2, v.bosId());
        assertEquals(3, v.eosId());
        assertEquals(3, v.symbols(Side.SOURCE));
        assertEquals(2, v.symbols(Side.TARGET));

        UnknownSymbols unknown = new UnknownSymbols();
        assertArrayEquals(new int[]{2, 4, 3}, v.encodeSource(List.of("a", "c", "b"), unknown));
        assertArrayEquals(new int[]{5, 4}, v.encodeTarget(List.of("Y", "X"), unknown), "no BOS, no EOS");
        assertTrue(unknown.isEmpty());
    }

    @Test
    void withSourceEosTheSourceEndsWithItsEosId() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.EOS);
        assertEquals(List.of("<pad>", "<unk>", "</s>", "a", "b", "c"), v.source().tokens());
        assertEquals(SourceEnd.EOS, v.sourceEnd());
        assertArrayEquals(new int[]{3, 5, 2}, v.encodeSource(List.of("a", "c"), new UnknownSymbols()));
    }

    @Test
    void symbolsUnseenInTrainingReadAsUnkAndAreCounted() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE);
        UnknownSymbols unknown = new UnknownSymbols();
        assertArrayEquals(new int[]{2, 1, 1, 1}, v.encodeSource(List.of("a", "q", "q", "z"), unknown));
        assertArrayEquals(new int[]{2, 3}, v.encodeSource(List.of("a", "b"), unknown));
        assertArrayEquals(new int[]{4, 1}, v.encodeTarget(List.of("X", "W"), unknown));

        assertEquals(3, unknown.occurrences(Side.SOURCE));
        assertEquals(1, unknown.sequences(Side.SOURCE), "the second source had no unknown symbol");
        assertEquals(List.of(Map.entry("q", 2L), Map.entry("z", 1L)),
                List.copyOf(unknown.symbols(Side.SOURCE).entrySet()));
        assertEquals(1, unknown.occurrences(Side.TARGET));
        assertEquals(Map.of("W", 1L), unknown.symbols(Side.TARGET));
        assertFalse(unknown.isEmpty());
        assertEquals("source: 3 in 1 sequence(s) (q x2, z x1); target: 1 in 1 sequence(s) (W x1)",
                unknown.toString());
    }

    @Test
    void aSymbolSpelledLikeASpecialTokenIsDataAndReadsAsUnk() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(
                List.of(new ParallelPair(List.of("a"), List.of("X", "</s>"), "toy.tsv:1")), 1, SourceEnd.NONE);
        UnknownSymbols unknown = new UnknownSymbols();
        assertArrayEquals(new int[]{4, 1}, v.encodeTarget(List.of("X", "</s>"), unknown), "not EOS (3)");
        assertEquals(Map.of("</s>", 1L), unknown.symbols(Side.TARGET));
    }

    @Test
    void symbolsRarerThanMinCountGetNoId() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 2, SourceEnd.NONE);
        assertEquals(List.of("<pad>", "<unk>", "a", "b"), v.source().tokens(), "c was seen once");
        UnknownSymbols unknown = new UnknownSymbols();
        assertArrayEquals(new int[]{1}, v.encodeSource(List.of("c"), unknown));
        assertEquals(1, unknown.occurrences(Side.SOURCE));
    }

    @Test
    void decodingATargetStopsAtEosAndSkipsPadAndBos() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE);
        assertEquals(List.of("X", "<unk>", "Y"), v.decodeTarget(new int[]{2, 4, 1, 5, 3, 4, 0}));
        assertEquals(List.of(), v.decodeTarget(new int[]{3, 4}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v.decodeTarget(new int[]{4, 6}));
        assertTrue(e.getMessage().contains("got 6"), e.getMessage());
    }

    @Test
    void theVocabulariesSurviveTheJsonArtifactsOfABundle() {
        for (SourceEnd end : SourceEnd.values()) {
            Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, end);
            Map<String, byte[]> artifacts = v.toArtifacts();
            assertEquals(List.of(Seq2SeqVocabularies.SOURCE_ARTIFACT, Seq2SeqVocabularies.TARGET_ARTIFACT),
                    List.copyOf(artifacts.keySet()));
            Seq2SeqVocabularies loaded = Seq2SeqVocabularies.fromArtifacts(artifacts, "model.zip");
            assertEquals(v, loaded);
            assertEquals(end, loaded.sourceEnd());
            assertEquals(v.source().tokens(), loaded.source().tokens());
            assertEquals(v.target().tokens(), loaded.target().tokens());
            assertArrayEquals(v.encodeSource(List.of("c", "a", "q"), new UnknownSymbols()),
                    loaded.encodeSource(List.of("c", "a", "q"), new UnknownSymbols()));
        }
    }

    @Test
    void aMissingArtifactIsNamed() {
        Map<String, byte[]> artifacts = new LinkedHashMap<>(
                Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE).toArtifacts());
        artifacts.remove(Seq2SeqVocabularies.TARGET_ARTIFACT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Seq2SeqVocabularies.fromArtifacts(artifacts, "model.zip"));
        assertTrue(e.getMessage().startsWith("model.zip has no artifact 'target-vocabulary.json'"), e.getMessage());
    }

    @Test
    void vocabulariesWithOtherSpecialsAreRefused() {
        Vocabulary source = Vocabulary.builder().specials(Special.PAD, Special.UNK).fit(List.of("a"));
        Vocabulary noBos = Vocabulary.builder().specials(Special.PAD, Special.UNK, Special.EOS).fit(List.of("X"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Seq2SeqVocabularies.of(source, noBos));
        assertTrue(e.getMessage().contains("target vocabulary must have specials [PAD, UNK, BOS, EOS], got [PAD, UNK, "
                + "EOS]"), e.getMessage());
        Vocabulary noPad = Vocabulary.builder().specials(Special.UNK).fit(List.of("a"));
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> Seq2SeqVocabularies.of(noPad, Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE).target()));
        assertTrue(s.getMessage().contains("source vocabulary must have specials [PAD, UNK] or [PAD, UNK, EOS], got "
                + "[UNK]"), s.getMessage());
        byte[] json = "{\"specials\":[\"UNK\"],\"tokens\":[\"a\"]}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> Seq2SeqVocabularies.fromArtifacts(Map.of(
                Seq2SeqVocabularies.SOURCE_ARTIFACT, json, Seq2SeqVocabularies.TARGET_ARTIFACT, json), "model.zip"));
    }

    @Test
    void fittingNeedsPairsAndAPositiveMinCount() {
        assertThrows(IllegalArgumentException.class, () -> Seq2SeqVocabularies.fit(List.of(), 1, SourceEnd.NONE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Seq2SeqVocabularies.fit(toyPairs(), 0, SourceEnd.NONE));
        assertEquals("minCount must be >= 1, got 0", e.getMessage());
    }
}
