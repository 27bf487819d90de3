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

class TextCorpusTest {
    @TempDir
    Path dir;

    @Test
    void countsCodePointsNotBytes() throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "aé日😀\n", StandardCharsets.UTF_8);      // 1 + 2 + 3 + 4 + 1 bytes
        TextCorpus c = TextCorpus.scan(f);
        assertEquals(11, c.bytes());
        assertEquals(5, c.chars());
        assertEquals(3, c.byteOffsetOfChar(2));
        assertEquals(6, c.byteOffsetOfChar(3));
        assertEquals(11, c.byteOffsetOfChar(5));
        assertArrayEquals(new long[]{0, 3, 6, 11}, c.byteOffsetsOfChars(0, 2, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> c.byteOffsetsOfChars(3, 2));
        assertThrows(IllegalArgumentException.class, () -> c.byteOffsetsOfChars(6));
        assertEquals(1L, c.tokenCounts().get("😀"));
        assertEquals(Math.log(5) / Math.log(2), c.unigramEntropyBits(), 1e-12);
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.txt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextCorpus.scan(f));
        assertTrue(e.getMessage().contains("empty.txt") && e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void missingFileIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextCorpus.scan(dir.resolve("nope.txt")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void latin1FileIsRefusedWithLineAndOffset() throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, "first line\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        MalformedTextException e = assertThrows(MalformedTextException.class, () -> TextCorpus.scan(f));
        assertEquals(2, e.line());
        assertEquals(14, e.byteOffset());
        assertTrue(e.getMessage().contains("latin1.txt") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void overlongEncodingsAndTruncatedCharactersAreRefused() throws IOException {
        Path overlong = dir.resolve("overlong.txt");
        Files.write(overlong, new byte[]{'a', (byte) 0xC0, (byte) 0xAF});
        assertThrows(MalformedTextException.class, () -> TextCorpus.scan(overlong));
        Path cut = dir.resolve("cut.txt");
        Files.write(cut, new byte[]{'a', (byte) 0xE6, (byte) 0x97});
        MalformedTextException e = assertThrows(MalformedTextException.class, () -> TextCorpus.scan(cut));
        assertTrue(e.getMessage().contains("ends inside"), e.getMessage());
    }
}
