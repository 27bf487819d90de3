package io.github.rnnkit.data.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordTokenizerTest {
    private final WordTokenizer lower = new WordTokenizer(true);

    @Test
    void lineBreakMarkupBecomesSpaceAndPunctuationItsOwnToken() {
        assertEquals(List.of("great", "film", "!", "don't", "miss", "it", "."),
                lower.tokenize("Great film!<br /><br />Don't miss it."));
        assertEquals(List.of("a", "b", "c"), lower.tokenize("a<br/>b<BR>c"));
    }

    @Test
    void apostrophesInsideWordsStayQuotesAroundThemDoNot() {
        assertEquals(List.of("'", "twas", "'", "it's", "rock", "'", "n", "'", "roll"),
                lower.tokenize("'Twas' it's rock 'n' roll"));
    }

    @Test
    void numbersAndNonAsciiLettersAreWordsAndCaseCanBeKept() {
        assertEquals(List.of("10", "/", "10", "für", "café"), lower.tokenize("10/10 für Café"));
        assertEquals(List.of("Café", "OK"), new WordTokenizer(false).tokenize("Café OK"));
        assertEquals(List.of(), lower.tokenize("  \n\t "));
    }
}
