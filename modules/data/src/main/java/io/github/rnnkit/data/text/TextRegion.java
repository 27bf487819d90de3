package io.github.rnnkit.data.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A contiguous part of a UTF-8 file, such as the training head or the held-out tail of a corpus.
 *
 * @param file      the file
 * @param startByte first byte (the start of a character)
 * @param endByte   end byte, exclusive (the start of a character or the file's end)
 * @param chars     number of characters in the region
 */
public record TextRegion(Path file, long startByte, long endByte, long chars) {
    public TextRegion {
        if (startByte < 0 || endByte < startByte || chars < 0) {
            throw new IllegalArgumentException("invalid text region of " + file + ": bytes [" + startByte + ", "
                    + endByte + "), " + chars + " characters");
        }
    }

    /** The region's bytes. */
    public long bytes() {
        return endByte - startByte;
    }

    /** The first {@code maxChars} characters of this region (the whole region when it is shorter). */
    public TextRegion prefix(long maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must be >= 0, got " + maxChars);
        }
        if (chars <= maxChars) {
            return this;
        }
        try (CodePointReader r = new CodePointReader(file, startByte, endByte, 1 << 16, null)) {
            for (long i = 0; i < maxChars; i++) {
                r.next();
            }
            return new TextRegion(file, startByte, r.position(), maxChars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
