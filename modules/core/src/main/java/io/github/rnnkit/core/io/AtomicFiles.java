package io.github.rnnkit.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader (or a crash) never sees half of one: the content goes to a temporary
 * file in the same directory, which is renamed over the target only once it is complete.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content into a temporary file; the path does not exist yet when called. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes {@code target} atomically. On failure the temporary file is removed and any previous
     * {@code target} is left as it was.
     *
     * @throws IOException when the directory cannot be written or the writer fails
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write " + absolute + ": directory " + dir + " is not writable");
        }
        Path tmp = dir.resolve("." + absolute.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().getId());
        try {
            Files.deleteIfExists(tmp);
            writer.writeTo(tmp);
            if (!Files.exists(tmp)) {
                throw new IOException("writer produced no file for " + absolute);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
