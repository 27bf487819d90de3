package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.brown.TaggedSentence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One case per rule; the expected tags are the published en-brown.map's (2014 revision). */
class UniversalTagsetTest {
    private static void assertMaps(String expected, String... brownTags) {
        for (String tag : brownTags) {
            assertEquals(expected, UniversalTagset.universal(tag), tag);
        }
    }

    @Test
    void theTwelveTagsInThePapersOrder() {
        assertEquals(List.of("NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ", "PRT", ".", "X"),
                UniversalTagset.TAGS);
    }

    @Test
    void baseTagsInEitherCase() {
        assertMaps("DET", "at", "AT", "At");
        assertMaps("NOUN", "nn", "np$");
        assertMaps("VERB", "bedz", "md");
        assertMaps("ADP", "cs");        // "that", "if": ADP, not CONJ
        assertMaps("PRT", "ex", "abn", "rb$");
        assertMaps("NUM", "cd");
        assertMaps("NOUN", "cd$");      // "1960's"
        assertMaps(".", "``", "''", "--", "(", ",");
    }

    @Test
    void headlineSuffixIsDropped() {
        assertMaps("NOUN", "nn-hl");
        assertMaps(".", "---hl", "(-hl");
    }

    @Test
    void titleSuffixIsDropped() {
        assertMaps("NOUN", "np-tl", "nr-tl", "nns-tl-hl");
        assertMaps("DET", "at-tl-hl");
    }

    @Test
    void citedWordSuffixIsDropped() {
        assertMaps("CONJ", "cc-nc");
        assertMaps("NOUN", "nn-tl-nc");
        assertMaps("ADV", "*-nc");
    }

    @Test
    void foreignWordsAreXWhateverTheirTag() {
        assertMaps("X", "fw-nn", "fw-at-tl", "fw-*", "fw-in+at-tl", "fw-ppl+vbz", "FW-NN$-TL");
    }

    @Test
    void negationIsDroppedFromAVerbAndNotAloneIsAdverb() {
        assertMaps("VERB", "bez*", "do*", "dod*-tl", "ber*-nc", "md*-hl");
        assertMaps("ADV", "*");
    }

    @Test
    void contractionsGoByWhichPartIsAVerb() {
        assertMaps("PRT", "ppss+md", "pps+bez", "np+hvz", "ex+bez", "wrb+dod*", "ppss+bez*");   // X + verb
        assertMaps("VERB", "vb+ppo", "md+hv", "vbg+to", "hv+to");                               // verb + X
        assertMaps("NOUN", "nn+in");                                                           // buncha
        assertMaps("ADV", "rb+cs");                                                            // soon's
        assertMaps("ADJ", "jj+jj-nc", "jjr+cs");
        assertMaps("ADP", "in+ppo");
    }

    @Test
    void contractionsThePublishedMapGivesOtherwise() {
        assertMaps("X", "do+ppss", "wdt+ber+pp", "wdt+do+pps");
        assertMaps("PRT", "wrb+in");
    }

    @Test
    void tagsTheCorpusCutShortAreReadAsTheirFullForm() {
        assertMaps("PRT", "ppss+ber-n");
        assertMaps("X", "fw-in+at-t");
    }

    @Test
    void nilIsX() {
        assertMaps("X", "nil", "NIL");
    }

    @Test
    void anUnknownTagIsRefusedByName() {
        for (String tag : List.of("zz", "nn-xx", "fw-zz", "nn+zz", "a+b+c", "", "fw-", "fw-fw-nn", "nn-", "**")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UniversalTagset.universal(tag), tag);
            assertTrue(e.getMessage().contains("unknown Brown tag '" + tag + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("NN"), "lists the base tags: " + e.getMessage());
        }
    }

    @Test
    void aSentenceGetsUniversalTagsAndKeepsItsWordsAndPlace() {
        TaggedSentence brown = new TaggedSentence("cn01", 7, List.of("I'll", "n't", "go", "."),
                List.of("ppss+md", "*", "vb", "."));
        assertEquals(new TaggedSentence("cn01", 7, List.of("I'll", "n't", "go", "."),
                List.of("PRT", "ADV", "VERB", ".")), UniversalTagset.toUniversal(brown));
    }

    @Test
    void aSentenceWithAnUnknownTagNamesItsPlaceAndWord() {
        TaggedSentence bad = new TaggedSentence("cn01", 7, List.of("a", "b"), List.of("at", "qq"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UniversalTagset.toUniversal(bad));
        assertTrue(e.getMessage().startsWith("cn01:7: word 2 'b': unknown Brown tag 'qq'"), e.getMessage());
    }
}
