package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.seq2seq.CmuDict.Counts;
import io.github.rnnkit.data.seq2seq.CmuDict.Stress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmuDictTest {
    /** 18 real lines of the npm dict.txt (their numbers are in its ;;; header) and 2 comment lines. */
    private static Path excerpt() throws URISyntaxException {
        return Path.of(CmuDictTest.class.getResource("cmudict-excerpt.txt").toURI());
    }

    private static List<String> p(String phonemes) {
        return Segmentation.TOKENS.split(phonemes);
    }

    @Test
    void alternatesAreGroupedUnderTheirWordInFileOrder() throws Exception {
        CmuDict dict = CmuDict.read(excerpt(), Stress.KEEP);
        assertEquals(List.of("A", "A'S", "A.", "A.'S", "ABKHAZIAN", "BE", "D_C", "READ", "READ'S"),
                dict.entries().stream().map(LexiconEntry::word).toList());
        assertEquals(List.of(p("AH0"), p("EY1")), dict.find("A").orElseThrow().pronunciations());
        assertEquals(List.of(p("AE0 B K AA1 Z IY0 AH0 N"), p("AE0 B K AE1 Z IY0 AH0 N"), p("AE0 B K AA1 Z Y AH0 N"),
                p("AE0 B K AE1 Z Y AH0 N")), dict.find("ABKHAZIAN").orElseThrow().pronunciations());
        assertEquals(excerpt() + ":16", dict.find("READ").orElseThrow().origin());
        assertFalse(dict.contains("READ(1)"));
    }

    @Test
    void theBrokenDejaLineAndThePunctuationEntriesAreSkippedAndCounted() throws Exception {
        CmuDict dict = CmuDict.read(excerpt(), Stress.KEEP);
        // 20 lines = 15 pronunciations + 1 broken (D\uFFFDJ\uFFFD) + 2 punctuation ({BRACE, }CLOSE-BRACE) + 2 comments
        assertEquals(new Counts(20, 15, 6, 9, 15, 0, 1, 2, 2, 0), dict.counts());
        assertFalse(dict.contains("D\uFFFDJ\uFFFD"));
        assertFalse(dict.contains("{BRACE"));
        assertTrue(dict.contains("D_C"));
    }

    @Test
    void strippingStressMergesPronunciationsThatBecomeEqual() throws Exception {
        CmuDict dict = CmuDict.read(excerpt(), Stress.STRIP);
        assertEquals(List.of(p("B IY")), dict.find("BE").orElseThrow().pronunciations(), "B IY1 and B IY0 merge");
        assertEquals(List.of(p("R EH D"), p("R IY D")), dict.find("READ").orElseThrow().pronunciations());
        Counts c = dict.counts();
        assertEquals(List.of(15, 14, 1), List.of(c.pronunciationLines(), c.pronunciations(), c.merged()));
        assertEquals(List.of("D", "EY", "JH", "AA"), CmuDict.stripStress(p("D EY2 JH AA1")));
    }

    @Test
    void aLatin1ByteInAWordCountsAsBrokenEncoding(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cmudict-0.7b");
        String text = ";;; header\nDEJ  D EY1 JH\nD\u00c9J\u00c0  D EY2 JH AA1\n";
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, latin1);
        CmuDict dict = CmuDict.read(f, Stress.KEEP);
        assertEquals(1, dict.counts().brokenEncoding());
        assertEquals(1, dict.size());
    }

    private static IllegalArgumentException refused(Path dir, String text) throws IOException {
        Path f = dir.resolve("dict.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return assertThrows(IllegalArgumentException.class, () -> CmuDict.read(f, Stress.KEEP));
    }

    @Test
    void aLineWithoutTheTwoSpaceSeparatorIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(dir, "A  AH0\nB\tB IY1\n");
        assertTrue(e.getMessage().startsWith(dir.resolve("dict.txt") + ":2: no word and two-space separator"),
                e.getMessage());
    }

    @Test
    void anUnknownOrWronglyStressedPhonemeIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException unknown = refused(dir, "A  AH0\nQ  K Y UX1\n");
        assertTrue(unknown.getMessage().startsWith(dir.resolve("dict.txt") + ":2: unknown phoneme 'UX1'"),
                unknown.getMessage());
        IllegalArgumentException stressedConsonant = refused(dir, "A  AH0\nB  B1 IY1\n");
        assertTrue(stressedConsonant.getMessage().contains(":2: unknown phoneme 'B1'"), stressedConsonant.getMessage());
    }

    @Test
    void aTrailingSpaceIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(dir, "A  AH0 \n");
        assertTrue(e.getMessage().startsWith(dir.resolve("dict.txt") + ":1: empty phoneme"), e.getMessage());
    }

    @Test
    void aRepeatedWordOrAlternateIsRefusedWithBothLines(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(dir, "A  AH0\nA(1)  EY1\nA(1)  AA1\n");
        assertTrue(e.getMessage().startsWith(dir.resolve("dict.txt") + ":3: 'A(1)' again (first at line 2)"),
                e.getMessage());
        IllegalArgumentException zero = refused(dir, "A  AH0\nA(0)  EY1\n");
        assertTrue(zero.getMessage().contains(":2: alternate marker"), zero.getMessage());
    }

    @Test
    void aFileWithoutWordsIsRefused(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(dir, ";;; only a comment\n{BRACE  B R EY1 S\n");
        assertTrue(e.getMessage().contains("holds no word"), e.getMessage());
    }

    /** The pinned npm package (fetched on first use); the golden counts were taken by a separate script. */
    @Test
    void theRealDictionaryHasItsKnownCounts() throws IOException {
        CmuDict keep = RealCmuDict.get(Stress.KEEP);
        assertEquals(new Counts(133_784, 133_778, 8_779, 124_999, 133_778, 0, 1, 5, 0, 0), keep.counts());
        assertEquals(List.of(p("R EH1 D"), p("R IY1 D")), keep.find("READ").orElseThrow().pronunciations());
        assertEquals(keep.file() + ":97756", keep.find("READ").orElseThrow().origin());
        assertTrue(keep.contains("SUPERCALIFRAGILISTICEXPIALIDOCIOUS"));

        CmuDict strip = RealCmuDict.get(Stress.STRIP);
        assertEquals(315, strip.counts().merged());
        assertEquals(133_463, strip.counts().pronunciations());
        assertTrue(strip.entries().stream().flatMap(e -> e.pronunciations().stream()).flatMap(List::stream)
                .allMatch(CmuDict.PHONEMES::contains), "no stress digit is left");
    }
}
