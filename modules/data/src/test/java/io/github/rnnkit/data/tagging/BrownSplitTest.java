package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.tagging.BrownSplit.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrownSplitTest {
    /** 500 ids in Brown's pattern; only their number and distinctness matter to the split. */
    private static List<String> fiveHundredIds() {
        List<String> ids = new ArrayList<>();
        for (char genre = 'a'; genre <= 'j'; genre++) {
            for (int i = 1; i <= 50; i++) {
                ids.add(String.format("c%c%02d", genre, i));
            }
        }
        return ids;
    }

    @Test
    void theDocumentsSplit400To50To50DisjointAndCoverAll() {
        List<String> ids = fiveHundredIds();
        BrownSplit split = BrownSplit.of(ids, 42);
        assertEquals(List.of(400, 50, 50), List.of(split.train().size(), split.dev().size(), split.test().size()));
        Set<String> all = new HashSet<>(split.train());
        all.addAll(split.dev());
        all.addAll(split.test());
        assertEquals(new HashSet<>(ids), all, "the parts are disjoint (sizes add up to 500) and cover every id");
        assertEquals(split.test().stream().sorted().toList(), split.test(), "each part is in name order");
    }

    @Test
    void theSameSeedGivesTheSameSplitWhateverTheOrderOfTheIds() {
        List<String> shuffled = new ArrayList<>(fiveHundredIds());
        Collections.reverse(shuffled);
        assertEquals(BrownSplit.of(fiveHundredIds(), 42), BrownSplit.of(shuffled, 42));
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        BrownSplit a = BrownSplit.of(fiveHundredIds(), 42);
        BrownSplit b = BrownSplit.of(fiveHundredIds(), 43);
        assertNotEquals(a.test(), b.test());
        assertNotEquals(a.dev(), b.dev());
    }

    @Test
    void heldOutPartsRoundHalfUp() {
        // 15 ids: round(1.5) = 2 test, 2 dev, 11 train; 4 ids: round(0.4) = 0, all train
        BrownSplit fifteen = BrownSplit.of(fiveHundredIds().subList(0, 15), 1);
        assertEquals(List.of(11, 2, 2), List.of(fifteen.train().size(), fifteen.dev().size(), fifteen.test().size()));
        BrownSplit four = BrownSplit.of(fiveHundredIds().subList(0, 4), 1);
        assertEquals(List.of(4, 0, 0), List.of(four.train().size(), four.dev().size(), four.test().size()));
    }

    @Test
    void emptyOrRepeatedIdsAreRefused() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> BrownSplit.of(List.of(), 42));
        assertTrue(empty.getMessage().contains("fileIds"), empty.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> BrownSplit.of(List.of("ca01", "ca02", "ca01"), 42));
        assertTrue(twice.getMessage().contains("'ca01' more than once"), twice.getMessage());
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> new BrownSplit(List.of("ca01"), List.of("ca02"), List.of("ca01")));
        assertTrue(overlap.getMessage().contains("'ca01'"), overlap.getMessage());
    }

    @Test
    void aPartNamingDocumentsTheCorpusLacksIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ca01"), "The/at cat/nn ./.\n");
        BrownSplit split = new BrownSplit(List.of("ca01"), List.of(), List.of("cr09"));
        BrownCorpus corpus = BrownCorpus.open(dir);
        assertEquals(1, split.sentences(corpus, Part.TRAIN).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> split.sentences(corpus, Part.TEST));
        assertTrue(e.getMessage().contains("TEST part") && e.getMessage().contains("[cr09]"), e.getMessage());
    }

    /** The seed-42 split of the real, pinned corpus, as docs/brown-split.md gives it. */
    @Test
    void theDocumentedSplitOfTheRealCorpus() throws IOException {
        BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
        BrownSplit split = BrownSplit.standard(brown);
        assertEquals(List.of("ca22", "ca24", "ca33", "ca37", "ca38"), split.test().subList(0, 5));
        assertEquals(List.of("ca18", "ca21", "ca26", "ca27", "ca41"), split.dev().subList(0, 5));
        int[][] sentencesAndTokens = {{46_632, 930_362}, {5_252, 114_894}, {5_456, 115_936}};
        for (Part part : Part.values()) {
            List<TaggedSentence> sentences = split.sentences(brown, part);
            assertEquals(sentencesAndTokens[part.ordinal()][0], sentences.size(), part + " sentences");
            assertEquals(sentencesAndTokens[part.ordinal()][1],
                    sentences.stream().mapToInt(TaggedSentence::length).sum(), part + " tokens");
        }
    }
}
