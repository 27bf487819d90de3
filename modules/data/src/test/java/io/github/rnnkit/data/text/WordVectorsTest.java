package io.github.rnnkit.data.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordVectorsTest {
    @TempDir
    Path dir;

    @Test
    void readsGloveAndWord2vecTextKeepingOnlyTheWordsAskedFor() throws IOException {
        Path glove = Files.writeString(dir.resolve("g.txt"), "the 0.1 -0.2 0.3\ncat 1 2 3\ndog 4 5 6\n",
                StandardCharsets.UTF_8);
        WordVectors v = WordVectors.read(glove, w -> !w.equals("dog"));
        assertEquals(3, v.dimension());
        assertEquals(2, v.vectors().size());
        assertArrayEquals(new float[]{0.1f, -0.2f, 0.3f}, v.vectors().get("the"));
        Path w2v = Files.writeString(dir.resolve("w.txt"), "2 2\nhouse 0.5 0.25\nhouse 9 9\n", StandardCharsets.UTF_8);
        WordVectors w = WordVectors.read(w2v, x -> true);
        assertEquals(2, w.dimension());
        assertArrayEquals(new float[]{0.5f, 0.25f}, w.vectors().get("house"), "the first of a repeated word");
        Path spaced = Files.writeString(dir.resolve("s.txt"), "the 1 2\n. . . 3 4\n\nat 5 6 \n", StandardCharsets.UTF_8);
        WordVectors s = WordVectors.read(spaced, x -> true);
        assertArrayEquals(new float[]{3, 4}, s.vectors().get(". . ."), "a GloVe word with spaces");
        assertArrayEquals(new float[]{5, 6}, s.vectors().get("at"), "a trailing space");
        assertEquals(3, s.vectors().size(), "the blank line is skipped");
    }

    @Test
    void badLinesAreErrorsNamingFileAndLine() throws IOException {
        Path ragged = Files.writeString(dir.resolve("r.txt"), "a 1 2\nb 1 2 3\n", StandardCharsets.UTF_8);
        var e = assertThrows(IllegalArgumentException.class, () -> WordVectors.read(ragged, x -> true));
        assertTrue(e.getMessage().endsWith("r.txt:2: 3 values for 'b'; the file's first vector has 2"), e.getMessage());
        Path nan = Files.writeString(dir.resolve("n.txt"), "a 1 x\n", StandardCharsets.UTF_8);
        var n = assertThrows(IllegalArgumentException.class, () -> WordVectors.read(nan, x -> true));
        assertTrue(n.getMessage().endsWith("n.txt:1: value 2 of 'a' is 'x', not a finite number"), n.getMessage());
        Path latin1 = Files.write(dir.resolve("l.txt"), new byte[]{'a', ' ', '1', '\n', (byte) 0xE9, ' ', '2', '\n'});
        var l = assertThrows(IllegalArgumentException.class, () -> WordVectors.read(latin1, x -> true));
        assertTrue(l.getMessage().contains("l.txt") && l.getMessage().contains("line 2"), l.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> WordVectors.read(dir.resolve("none"), x -> true));
        assertTrue(missing.getMessage().startsWith("word vector file not found"));
    }
}
