package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.seq2seq.CmuDict.Stress;
import io.github.rnnkit.data.seq2seq.G2pSplit.Part;
import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class G2pSplitTest {
    /** ../shared/datasets/cmudict-g014b2b-test-words.txt, found by walking up from the working directory. */
    static Path sharedTestWords() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets").resolve(G2pSplit.TEST_WORDS_FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static LexiconEntry entry(String word, String... pronunciations) {
        List<List<String>> p = new ArrayList<>();
        for (String s : pronunciations) {
            p.add(Segmentation.TOKENS.split(s));
        }
        return new LexiconEntry(word, p, "toy:" + word);
    }

    /** Twenty words W00..W19, the first with two pronunciations. */
    private static List<LexiconEntry> toyLexicon() {
        List<LexiconEntry> out = new ArrayList<>();
        out.add(entry("W00", "D AH", "D IY"));
        for (int i = 1; i < 20; i++) {
            out.add(entry(String.format("W%02d", i), "D AH"));
        }
        return out;
    }

    private static Set<String> words(List<LexiconEntry> entries) {
        return entries.stream().map(LexiconEntry::word).collect(Collectors.toSet());
    }

    @Test
    void testWordsGoToTestWithAllTheirPronunciationsAndTheRestIsSplitByWord() {
        G2pSplit split = G2pSplit.of(toyLexicon(), List.of("W00", "W05", "NOPE"), 0.1, 7);
        assertEquals(List.of("W00", "W05"), split.test().stream().map(LexiconEntry::word).toList());
        assertEquals(2, split.test().get(0).pronunciations().size());
        assertEquals(List.of("NOPE"), split.missingTestWords());
        assertEquals(2, split.dev().size(), "round(18 * 0.1) = 2");
        assertEquals(16, split.train().size());
        Set<String> all = new HashSet<>(words(split.train()));
        all.addAll(words(split.dev()));
        all.addAll(words(split.test()));
        assertEquals(words(toyLexicon()), all, "disjoint (sizes add up to 20) and covering every word");
        assertEquals(3, split.pairs(Part.TEST).size());
        assertEquals(List.of("W", "0", "0"), split.pairs(Part.TEST).get(0).source());
    }

    @Test
    void theSameSeedGivesTheSameSplitWhateverTheLexiconOrder() {
        List<LexiconEntry> reversed = new ArrayList<>(toyLexicon());
        Collections.reverse(reversed);
        G2pSplit a = G2pSplit.of(toyLexicon(), List.of("W03"), 0.25, 42);
        G2pSplit b = G2pSplit.of(reversed, List.of("W03"), 0.25, 42);
        assertEquals(words(a.dev()), words(b.dev()));
        assertNotEquals(words(a.dev()), words(G2pSplit.of(toyLexicon(), List.of("W03"), 0.25, 43).dev()));
        assertEquals(0, G2pSplit.of(toyLexicon(), List.of("W03"), 0.0, 42).dev().size());
    }

    @Test
    void badArgumentsAreRefusedByName() {
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> G2pSplit.of(toyLexicon(), List.of("W01"), 1.0, 42));
        assertTrue(fraction.getMessage().contains("devFraction"), fraction.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> G2pSplit.of(toyLexicon(), List.of("W01", "W01"), 0.1, 42));
        assertTrue(twice.getMessage().contains("'W01' more than once"), twice.getMessage());
        List<LexiconEntry> doubled = new ArrayList<>(toyLexicon());
        doubled.add(entry("W02", "D IY"));
        IllegalArgumentException lexicon = assertThrows(IllegalArgumentException.class,
                () -> G2pSplit.of(doubled, List.of("W01"), 0.1, 42));
        assertTrue(lexicon.getMessage().contains("'W02' twice"), lexicon.getMessage());
    }

    @Test
    void aBadTestWordListIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("words.txt");
        Files.writeString(f, "CAT\nDOG\nCAT\n", StandardCharsets.UTF_8);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> G2pSplit.readTestWords(f));
        assertTrue(twice.getMessage().startsWith(f + ":3: 'CAT' again (first at line 1)"), twice.getMessage());
        Files.writeString(f, "CAT\n\nDOG\n", StandardCharsets.UTF_8);
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> G2pSplit.readTestWords(f));
        assertTrue(blank.getMessage().startsWith(f + ":2: blank line"), blank.getMessage());
        Files.writeString(f, "CAT\nHOT DOG\n", StandardCharsets.UTF_8);
        IllegalArgumentException space = assertThrows(IllegalArgumentException.class, () -> G2pSplit.readTestWords(f));
        assertTrue(space.getMessage().startsWith(f + ":2: [HOT DOG] holds whitespace"), space.getMessage());
    }

    /**
     * The standard split of the real dictionary. The disjointness check reads dict.txt's lines itself, so that an
     * alternate {@code WORD(n)} of a test word would be caught even if the reader grouped it wrongly.
     */
    @Test
    void theStandardSplitOfTheRealDictionary() throws IOException {
        Path testWordsFile = sharedTestWords();
        Assumptions.assumeTrue(testWordsFile != null,
                "../shared/datasets/" + G2pSplit.TEST_WORDS_FILE + " is not beside this checkout");
        List<String> testWords = G2pSplit.readTestWords(testWordsFile);
        assertEquals(12_000, testWords.size());
        assertEquals(G2pSplit.TEST_WORDS_SHA256, DatasetStore.sha256(testWordsFile));

        CmuDict keep = RealCmuDict.get(Stress.KEEP);
        G2pSplit split = G2pSplit.standard(keep, testWordsFile);
        assertEquals(List.of("ANTIPERSONELL", "CORMAC", "DISENCHANT", "ILLUMINE", "INDOCTRINATE", "REANALYSED"),
                split.missingTestWords());
        assertEquals(List.of(107_355, 5_650, 11_994), List.of(split.train().size(), split.dev().size(),
                split.test().size()));
        assertEquals(12_853, split.pairs(Part.TEST).size());

        Set<String> testSet = new HashSet<>(testWords);
        Set<String> trainOrDev = new HashSet<>(words(split.train()));
        trainOrDev.addAll(words(split.dev()));
        assertEquals(113_005, trainOrDev.size(), "train and dev are disjoint");
        Pattern alternate = Pattern.compile("(.+)\\(\\d+\\)");
        int testLines = 0;
        for (String line : Files.readAllLines(keep.file(), StandardCharsets.UTF_8)) {
            String key = line.substring(0, line.indexOf("  "));
            Matcher m = alternate.matcher(key);
            String word = m.matches() ? m.group(1) : key;
            if (testSet.contains(word)) {
                testLines++;
                assertFalse(trainOrDev.contains(word), word + " is a test word (line " + line + ")");
            }
        }
        assertEquals(12_853, testLines, "every line of a test word, alternates included, is a test pronunciation");

        CmuDict strip = RealCmuDict.get(Stress.STRIP);
        G2pSplit unstressed = G2pSplit.standard(strip, testWordsFile);
        assertEquals(words(split.dev()), words(unstressed.dev()), "the split is by word, whatever the stress");
        assertEquals(12_826, unstressed.pairs(Part.TEST).size());
        assertEquals(120_637, unstressed.pairs(Part.TRAIN).size() + unstressed.pairs(Part.DEV).size());
    }
}
