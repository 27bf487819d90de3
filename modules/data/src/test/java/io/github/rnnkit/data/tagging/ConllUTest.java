package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.tagging.ConllU.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConllUTest {
    /** A word line with all 10 fields. */
    private static final String WORD = "1\tHello\thello\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    @TempDir
    Path dir;

    private static Path sample() throws URISyntaxException {
        return Path.of(ConllUTest.class.getResource("sample.conllu").toURI());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertRefused(Path file, Tag tag, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConllU.read(file, tag));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void readsUposSkippingCommentsMultiwordTokensAndEmptyNodes() throws Exception {
        List<TaggedSentence> sentences = ConllU.read(sample(), Tag.UPOS);
        assertEquals(List.of(
                new TaggedSentence("sample.conllu", 4, List.of("I", "do", "n't", "like", "rainy", "mornings", "."),
                        List.of("PRON", "AUX", "PART", "VERB", "ADJ", "NOUN", "PUNCT")),
                new TaggedSentence("sample.conllu", 15, List.of("Sue", "drinks", "coffee", "and", "Bill", "tea", "."),
                        List.of("PROPN", "VERB", "NOUN", "CCONJ", "PROPN", "NOUN", "PUNCT")),
                new TaggedSentence("sample.conllu", 27, List.of("We", "'re", "late", "again", "."),
                        List.of("PRON", "AUX", "ADJ", "ADV", "PUNCT"))), sentences);
    }

    @Test
    void readsXposWhenAsked() throws Exception {
        List<TaggedSentence> sentences = ConllU.read(sample(), Tag.XPOS);
        assertEquals(List.of("PRP", "VBP", "RB", "VB", "JJ", "NNS", "."), sentences.get(0).tags());
        assertEquals(List.of("NNP", "VBZ", "NN", "CC", "NNP", "NN", "."), sentences.get(1).tags());
    }

    @Test
    void crlfLineEndsAndNoBlankLineAfterTheLastSentenceAreAccepted() throws IOException {
        Path file = write("crlf.conllu", "# text = Hello there\r\n" + WORD.replace("\n", "\r\n")
                + "2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\t_");
        assertEquals(List.of(new TaggedSentence("crlf.conllu", 2, List.of("Hello", "there"), List.of("UH", "RB"))),
                ConllU.read(file, Tag.XPOS));
    }

    @Test
    void aLineWithTheWrongNumberOfFieldsIsRefused() throws IOException {
        Path file = write("nine.conllu", "# text = Hello there\n" + WORD + "2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\n");
        assertRefused(file, Tag.UPOS, "nine.conllu:3", "found 9 tab-separated fields, 10 expected");
    }

    @Test
    void spacesInsteadOfTabsAreOneField() throws IOException {
        Path file = write("spaces.conllu", "1 Hello hello INTJ UH _ 0 root _ _\n");
        assertRefused(file, Tag.UPOS, "spaces.conllu:1", "found 1 tab-separated field,");
    }

    @Test
    void anEmptyFormIsRefused() throws IOException {
        Path file = write("form.conllu", WORD + "2\t\tthere\tADV\tRB\t_\t1\tadvmod\t_\t_\n");
        assertRefused(file, Tag.UPOS, "form.conllu:2", "empty FORM (column 2) of word 2");
    }

    @Test
    void anEmptyTagIsRefused() throws IOException {
        Path file = write("upos.conllu", "\n\n" + "1\tHello\thello\t\tUH\t_\t0\troot\t_\t_\n");
        assertRefused(file, Tag.UPOS, "upos.conllu:3", "UPOS (column 4) is empty");
    }

    @Test
    void anUnannotatedXposIsRefusedWhenXposIsChosen() throws IOException {
        Path file = write("xpos.conllu", WORD + "2\tthere\tthere\tADV\t_\t_\t1\tadvmod\t_\t_\n");
        assertEquals(List.of("INTJ", "ADV"), ConllU.read(file, Tag.UPOS).get(0).tags());
        assertRefused(file, Tag.XPOS, "xpos.conllu:2", "XPOS (column 5) is '_' (not annotated)", "Tag.UPOS");
    }

    @Test
    void wordIdsMustCountFromOne() throws IOException {
        Path file = write("ids.conllu", WORD + WORD);
        assertRefused(file, Tag.UPOS, "ids.conllu:2", "word ID 1 where 2 comes next", "blank line");
        Path bad = write("badid.conllu", WORD.replace("1\t", "one\t"));
        assertRefused(bad, Tag.UPOS, "badid.conllu:1", "ID 'one' is not a word index");
    }

    @Test
    void badUtf8IsRefusedWithFileAndLine() throws IOException {
        Path file = dir.resolve("latin1.conllu");
        Files.write(file, (WORD + "2\tcaf\u00e9\tcaf\u00e9\tNOUN\tNN\t_\t1\tobj\t_\t_\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(file, Tag.UPOS, "latin1.conllu", "not valid UTF-8 at line 2");
    }

    @Test
    void aFileWithoutSentencesIsRefused() throws IOException {
        Path file = write("comments.conllu", "# newdoc id = empty\n# text = nothing here\n\n");
        assertRefused(file, Tag.UPOS, "comments.conllu", "holds no sentences");
    }
}
