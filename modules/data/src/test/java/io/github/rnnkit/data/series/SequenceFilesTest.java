package io.github.rnnkit.data.series;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceFilesTest {
    @TempDir
    Path dir;

    private void sequence(int i, String features, String label) throws IOException {
        Files.createDirectories(dir.resolve("features"));
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("features/" + i + ".csv"), features);
        Files.writeString(dir.resolve("labels/" + i + ".csv"), label);
    }

    @Test
    void readsSequencesOfDifferentLengths() throws IOException {
        sequence(0, "1,2\n3,4\n5,6\n", "up\n");
        sequence(1, "0.5,-1\n", "down\n");
        List<SequenceFiles.Labelled> s = SequenceFiles.read(dir, 0, 1, 0);
        assertEquals(2, s.size());
        assertEquals(3, s.get(0).values().length);
        assertArrayEquals(new double[] {5, 6}, s.get(0).values()[2]);
        assertEquals("down", s.get(1).label());
    }

    @Test
    void badFilesAreNamed() throws IOException {
        sequence(0, "1,2\n3,x\n", "a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SequenceFiles.read(dir, 0, 0, 0));
        assertTrue(e.getMessage().contains("0.csv:2: column 2 holds 'x'"), e.getMessage());
        sequence(0, "1,2\n3\n", "a");
        e = assertThrows(IllegalArgumentException.class, () -> SequenceFiles.read(dir, 0, 0, 0));
        assertTrue(e.getMessage().contains("0.csv:2: the row has 1 value(s)"), e.getMessage());
        sequence(0, "", "a");
        e = assertThrows(IllegalArgumentException.class, () -> SequenceFiles.read(dir, 0, 0, 0));
        assertTrue(e.getMessage().contains("empty sequence"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SequenceFiles.read(dir, 0, 3, 0));
        assertTrue(e.getMessage().contains("1.csv does not exist"), e.getMessage());
    }
}
