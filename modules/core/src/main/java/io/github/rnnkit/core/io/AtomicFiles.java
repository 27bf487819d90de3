package io.github.rnnkit.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that a reader (or a crash) never sees half of one: the content goes to a temporary
 * file in the same directory, which is renamed over the target only once it is complete.
 */
public final class AtomicFiles {
    /** {@code .NAME.tmp-PID-THREAD}: the temporary file {@link #write} renames into place. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-(\\d+)-\\d+");

    private AtomicFiles() {
    }

    /**
     * Deletes the temporary files that writers killed mid-write (SIGKILL, power loss) left in {@code dir}: those
     * of processes no longer running. Files of live processes, this one included, are left alone.
     *
     * @return the names of the files deleted
     */
    public static List<String> removeStaleTemporaries(Path dir) throws IOException {
        List<String> removed = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return removed;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).toList();
        }
        for (Path p : candidates) {
            Matcher m = TEMPORARY.matcher(p.getFileName().toString());
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true)
                    && Files.deleteIfExists(p)) {
                removed.add(p.getFileName().toString());
            }
        }
        return removed;
    }

    private static void deleteQuietly(Path tmp, Exception cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
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
     * @throws IOException when the directory cannot be written or the writer fails (a full disk, a read-only
     *                     file system); the message names the target
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
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw reason.contains(absolute.toString()) ? e
                    : new IOException("could not write " + absolute + ": " + reason
                    + (Files.exists(absolute) ? " (the previous file is left as it was)" : ""), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }
}
