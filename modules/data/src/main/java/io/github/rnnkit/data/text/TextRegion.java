package io.github.rnnkit.data.text;

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
}
