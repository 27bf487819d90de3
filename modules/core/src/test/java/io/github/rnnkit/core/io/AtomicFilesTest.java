package io.github.rnnkit.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @Test
    void aFailingWriteLeavesThePreviousFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("a.txt");
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "first"));
        assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half of the sec");
            throw new IOException("disk full");
        }));
        assertEquals("first", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void replacesAnExistingFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("sub/b.txt");
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "1"));
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "2"));
        assertEquals("2", Files.readString(target));
    }
}
