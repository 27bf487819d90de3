package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.seq2seq.G2pMetrics.Confusion;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class G2pMetricsTest {
    private static List<String> p(String phonemes) {
        return Segmentation.TOKENS.split(phonemes);
    }

    /**
     * Three words, scored by hand:
     * <pre>
     * CAT     refs [K AE T]                      n-best [K AH T], [K AE T]   1 error / 3, wrong; oracle right
     * READ    refs [R EH D], [R IY D]            n-best [R IY D]             0 / 3 (second ref), right
     * TOMATO  refs [T AH M EY T OW],             n-best [T AH M AE T OW]     1 / 6, wrong; oracle wrong
     *              [T AH M AA T OW]              (1 edit from both: the tie goes to [.. AA ..], first in order)
     * PER = 2 / 12, WER = 2 / 3, oracle WER = 1 / 3; substitutions AE->AH, AA->AE
     * </pre>
     */
    @Test
    void aThreeWordSetScoresAsComputedByHand() {
        Map<String, List<List<String>>> refs = new LinkedHashMap<>();
        refs.put("CAT", List.of(p("K AE T")));
        refs.put("READ", List.of(p("R EH D"), p("R IY D")));
        refs.put("TOMATO", List.of(p("T AH M EY T OW"), p("T AH M AA T OW")));
        Map<String, List<List<String>>> out = Map.of(
                "CAT", List.of(p("K AH T"), p("K AE T")),
                "READ", List.of(p("R IY D")),
                "TOMATO", List.of(p("T AH M AE T OW")));

        G2pMetrics m = G2pMetrics.score(refs, out);
        assertEquals(3, m.words());
        assertEquals(2, m.phonemeErrors());
        assertEquals(12, m.referencePhonemes());
        assertEquals(2.0 / 12, m.per(), 1e-12);
        assertEquals(2, m.wordErrors());
        assertEquals(2.0 / 3, m.wer(), 1e-12);
        assertEquals(1.0 / 3, m.oracleWer(), 1e-12);
        assertEquals(2, m.maxNBest());
        assertEquals(List.of(2L, 0L, 0L), List.of(m.substitutions(), m.deletions(), m.insertions()));
        assertEquals(List.of(new Confusion("AA", "AE", 1), new Confusion("AE", "AH", 1)), m.confusions());
    }

    @Test
    void deletionsAndInsertionsAreCountedFromTheAlignment() {
        // X: [A B C] -> [A C], B deleted; Y: [A C] -> [A B C], B inserted; PER = 2 / (3 + 2)
        G2pMetrics m = G2pMetrics.score(Map.of("X", List.of(p("A B C")), "Y", List.of(p("A C"))),
                Map.of("X", List.of(p("A C")), "Y", List.of(p("A B C"))));
        assertEquals(List.of(0L, 1L, 1L), List.of(m.substitutions(), m.deletions(), m.insertions()));
        assertEquals(2.0 / 5, m.per(), 1e-12);
        assertEquals(1.0, m.wer(), 1e-12);
        assertEquals(List.of(), m.confusions());
    }

    @Test
    void aTieGoesToTheLexicographicallyFirstReferenceEvenWhenShorter() {
        // [A B D] is 1 edit from [A B] (insert D) and from [A B C] (C->D); [A B] comes first, so PER = 1/2
        G2pMetrics m = G2pMetrics.score(Map.of("X", List.of(p("A B C"), p("A B"))), Map.of("X", List.of(p("A B D"))));
        assertEquals(2, m.referencePhonemes());
        assertEquals(1, m.insertions());
    }

    @Test
    void anEmptyHypothesisIsAllDeletions() {
        G2pMetrics m = G2pMetrics.score(Map.of("X", List.of(p("A B"))), Map.of("X", List.of(List.of())));
        assertEquals(1.0, m.per(), 1e-12);
        assertEquals(2, m.deletions());
    }

    @Test
    void theConfusionTableListsTheMostFrequentFirst() {
        Map<String, List<List<String>>> refs = Map.of("A", List.of(p("AH B")), "B", List.of(p("AH C")),
                "C", List.of(p("IY D")));
        Map<String, List<List<String>>> out = Map.of("A", List.of(p("IH B")), "B", List.of(p("IH C")),
                "C", List.of(p("IH D")));
        G2pMetrics m = G2pMetrics.score(refs, out);
        assertEquals(List.of(new Confusion("AH", "IH", 2)), m.topConfusions(1));
        String table = m.confusionTable(5);
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size(), table);
        assertTrue(lines.get(1).matches("AH\\s+IH\\s+2\\s+66\\.67%"), lines.get(1));
        assertTrue(lines.get(2).matches("IY\\s+IH\\s+1\\s+33\\.33%"), lines.get(2));
    }

    @Test
    void wordsMissingOnEitherSideAreRefusedByName() {
        Map<String, List<List<String>>> refs = Map.of("CAT", List.of(p("K AE T")));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> G2pMetrics.score(refs, Map.of("DOG", List.of(p("D AO G")))));
        assertTrue(missing.getMessage().contains("no output") && missing.getMessage().contains("'CAT'"),
                missing.getMessage());
        Map<String, List<List<String>>> both = Map.of("CAT", List.of(p("K AE T")), "DOG", List.of(p("D AO G")));
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> G2pMetrics.score(refs, both));
        assertTrue(extra.getMessage().contains("'DOG'"), extra.getMessage());
    }

    @Test
    void emptyListsAreRefusedByName() {
        IllegalArgumentException noHypothesis = assertThrows(IllegalArgumentException.class,
                () -> G2pMetrics.score(Map.of("CAT", List.of(p("K AE T"))), Map.of("CAT", List.of())));
        assertTrue(noHypothesis.getMessage().contains("'CAT'"), noHypothesis.getMessage());
        IllegalArgumentException emptyReference = assertThrows(IllegalArgumentException.class,
                () -> G2pMetrics.score(Map.of("CAT", List.of(List.of())), Map.of("CAT", List.of(p("K")))));
        assertTrue(emptyReference.getMessage().contains("'CAT'"), emptyReference.getMessage());
        assertThrows(IllegalArgumentException.class, () -> G2pMetrics.score(Map.of(), Map.of()));
    }
}
