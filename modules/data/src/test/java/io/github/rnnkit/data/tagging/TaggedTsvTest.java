package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.brown.TaggedSentence;
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

class TaggedTsvTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertRefused(Path file, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaggedTsv.read(file));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void readsSentencesSeparatedByBlankLines() throws IOException, URISyntaxException {
        Path sample = Path.of(TaggedTsvTest.class.getResource("sample.tsv").toURI());
        assertEquals(List.of(
                new TaggedSentence("sample.tsv", 1, List.of("The", "old", "ferry", "leaves", "at", "noon", "."),
                        List.of("DET", "ADJ", "NOUN", "VERB", "ADP", "NOUN", ".")),
                new TaggedSentence("sample.tsv", 9, List.of("Don't", "wait", "for", "me", "!"),
                        List.of("VERB", "VERB", "ADP", "PRON", ".")),
                new TaggedSentence("sample.tsv", 15, List.of("Prices", "rose", "3.5", "%", "in", "May", "."),
                        List.of("NOUN", "VERB", "NUM", "NOUN", "ADP", "NOUN", "."))), TaggedTsv.read(sample));
    }

    @Test
    void crlfSeveralBlankLinesAndNoFinalBlankLineAreAccepted() throws IOException {
        Path file = write("crlf.tsv", "\uFEFFHi\tUH\r\n\r\n\r\n \t\r\nBye\tUH\r\n.\t.");
        assertEquals(List.of(new TaggedSentence("crlf.tsv", 1, List.of("Hi"), List.of("UH")),
                new TaggedSentence("crlf.tsv", 5, List.of("Bye", "."), List.of("UH", "."))), TaggedTsv.read(file));
    }

    @Test
    void aLineWithOneColumnIsRefused() throws IOException {
        Path file = write("one.tsv", "The\tDET\ncat NOUN\n");
        assertRefused(file, "one.tsv:2", "found 1 column", "exactly 2 are allowed");
    }

    @Test
    void aLineWithThreeColumnsIsRefused() throws IOException {
        Path file = write("three.tsv", "The\tDET\n\ncat\tNOUN\tNN\n");
        assertRefused(file, "three.tsv:3", "found 3 columns", "exactly 2 are allowed");
    }

    @Test
    void anEmptyTokenIsRefused() throws IOException {
        Path file = write("token.tsv", "The\tDET\n\tNOUN\n");
        assertRefused(file, "token.tsv:2", "empty token");
    }

    @Test
    void anEmptyTagIsRefused() throws IOException {
        Path file = write("tag.tsv", "The\tDET\ncat\t\n");
        assertRefused(file, "tag.tsv:2", "empty tag");
    }

    @Test
    void badUtf8IsRefusedWithFileAndLine() throws IOException {
        Path file = dir.resolve("latin1.tsv");
        Files.write(file, "The\tDET\n\ncaf\u00e9\tNOUN\n".getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(file, "latin1.tsv", "not valid UTF-8 at line 3");
    }

    @Test
    void aFileWithoutSentencesIsRefused() throws IOException {
        assertRefused(write("blank.tsv", "\n \n\n"), "blank.tsv", "holds no sentences");
        assertRefused(dir.resolve("missing.tsv"), "missing.tsv", "not found");
    }
}
