package io.github.rnnkit.data.text;

import java.nio.file.Path;

/** A text file that is not valid UTF-8, with the place named. */
public final class MalformedTextException extends IllegalArgumentException {
    private final transient Path file;
    private final long line;
    private final long byteOffset;

    public MalformedTextException(Path file, long line, long byteOffset, String why) {
        super(file + ": not valid UTF-8 at line " + line + " (byte offset " + byteOffset + "): " + why
                + ". rnnkit reads text as UTF-8; convert the file first, e.g. iconv -f latin1 -t utf-8");
        this.file = file;
        this.line = line;
        this.byteOffset = byteOffset;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }

    public long byteOffset() {
        return byteOffset;
    }
}
