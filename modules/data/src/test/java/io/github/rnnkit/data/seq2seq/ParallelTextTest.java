package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.text.MalformedTextException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTextTest {
    private static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("pairs.tsv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static IllegalArgumentException refused(Path file) {
        return assertThrows(IllegalArgumentException.class,
                () -> ParallelText.read(file, Segmentation.CHARACTERS, Segmentation.TOKENS));
    }

    @Test
    void eachSideIsCutByItsOwnSegmentationAndKeepsItsOrigin(@TempDir Path dir) throws IOException {
        Path f = write(dir, "cat\tK AE T\nnaïve\tN AY  IY V\n");
        ParallelText text = ParallelText.read(f, Segmentation.CHARACTERS, Segmentation.TOKENS);
        assertEquals(List.of(
                new ParallelPair(List.of("c", "a", "t"), List.of("K", "AE", "T"), f + ":1"),
                new ParallelPair(List.of("n", "a", "ï", "v", "e"), List.of("N", "AY", "IY", "V"), f + ":2")),
                text.pairs());
        assertEquals(0, text.blankLines());

        ParallelText tokens = ParallelText.read(f, Segmentation.TOKENS, Segmentation.CHARACTERS);
        assertEquals(List.of("cat"), tokens.pairs().get(0).source());
        assertEquals(List.of("K", " ", "A", "E", " ", "T"), tokens.pairs().get(0).target(),
                "at character level a space is a symbol");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneSymbol() {
        assertEquals(List.of("a", "\uD834\uDD1E", "b"), Segmentation.CHARACTERS.split("a\uD834\uDD1Eb"));
        assertEquals(List.of("x", "y"), Segmentation.TOKENS.split("  x \t y  "));
        assertEquals(List.of(), Segmentation.TOKENS.split(" \t "));
    }

    @Test
    void blankLinesAreSkippedAndCountedAndCrlfAndABomAreRead(@TempDir Path dir) throws IOException {
        Path f = write(dir, "\uFEFFab\tA B\r\n\r\n   \r\ncd\tC D\r\n\n");
        ParallelText text = ParallelText.read(f, Segmentation.CHARACTERS, Segmentation.TOKENS);
        assertEquals(3, text.blankLines());
        assertEquals(List.of(f + ":1", f + ":4"), text.pairs().stream().map(ParallelPair::origin).toList());
        assertEquals(List.of("a", "b"), text.pairs().get(0).source(), "the byte-order mark is not a symbol");
    }

    @Test
    void aLineWithoutATabIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(write(dir, "ab\tA B\ncd C D\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("pairs.tsv") + ":2: found no tab"), e.getMessage());
    }

    @Test
    void aLineWithTwoTabsIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(write(dir, "\nab\tA\tB\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("pairs.tsv") + ":2: found 2 tabs"), e.getMessage());
    }

    @Test
    void anEmptySourceIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(write(dir, "ab\tA B\n\tC D\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("pairs.tsv") + ":2: empty source"), e.getMessage());
    }

    @Test
    void aBlankTargetIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(write(dir, "ab\tA B\ncd\tC D\nef\t  \n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("pairs.tsv") + ":3: empty target"), e.getMessage());
    }

    @Test
    void aFileOfBlankLinesIsRefused(@TempDir Path dir) throws IOException {
        IllegalArgumentException e = refused(write(dir, "\n \n"));
        assertTrue(e.getMessage().contains("holds no pairs"), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.tsv");
        Files.write(f, "ok\tO K\ncaf\u00e9\tK AE F EY\n".getBytes(StandardCharsets.ISO_8859_1));
        MalformedTextException e = assertThrows(MalformedTextException.class,
                () -> ParallelText.read(f, Segmentation.CHARACTERS, Segmentation.TOKENS));
        assertEquals(2, e.line());
    }

    @Test
    void aMissingFileIsRefusedWithItsPath(@TempDir Path dir) {
        IllegalArgumentException e = refused(dir.resolve("nope.tsv"));
        assertTrue(e.getMessage().contains("nope.tsv"), e.getMessage());
    }
}
