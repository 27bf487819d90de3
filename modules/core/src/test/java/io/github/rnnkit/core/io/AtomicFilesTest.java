package io.github.rnnkit.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A process that has exited: its pid is free (the kernel does not reuse it within the test's time). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void staleTemporariesOfDeadWritersAreRemovedAndLiveWritersFilesAreKept(@TempDir Path dir) throws Exception {
        long dead = deadPid();
        long live = ProcessHandle.current().pid();
        String stale = ".checkpoint-000000007.zip.tmp-" + dead + "-1";
        String ours = ".checkpoint-000000008.zip.tmp-" + live + "-1";
        for (String name : new String[]{stale, ours, "checkpoint-000000006.zip", "x.zip.tmp-" + dead + "-1",
                ".notes.tmp-" + dead}) {
            Files.writeString(dir.resolve(name), "x");
        }
        assertEquals(java.util.List.of(stale), AtomicFiles.removeStaleTemporaries(dir));
        assertFalse(Files.exists(dir.resolve(stale)));
        assertTrue(Files.exists(dir.resolve(ours)), "a live writer's file is left alone");
        assertTrue(Files.exists(dir.resolve("checkpoint-000000006.zip")));
        assertTrue(Files.exists(dir.resolve("x.zip.tmp-" + dead + "-1")), "not a temporary name of ours");
        assertTrue(Files.exists(dir.resolve(".notes.tmp-" + dead)), "not a temporary name of ours");
        assertEquals(java.util.List.of(), AtomicFiles.removeStaleTemporaries(dir), "nothing left to remove");
        assertEquals(java.util.List.of(), AtomicFiles.removeStaleTemporaries(dir.resolve("absent")));
        assertEquals(java.util.List.of(), AtomicFiles.removeStaleTemporaries(null));
    }

    @Test
    void aWriterThatWritesNothingOrThrowsLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.zip");
        IOException none = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> { }));
        assertTrue(none.getMessage().contains(target.toString()), none.getMessage());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", thrown.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "no target and no temporary file");
        }
    }
}
