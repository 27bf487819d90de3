package io.github.rnnkit.data.text;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Reads Unicode code points from a byte range of a UTF-8 file, strictly: malformed bytes, overlong forms,
 * surrogates and truncated sequences are refused with the file, line and byte offset named. It reads
 * through a small buffer with positional reads, so memory does not depend on the file's size.
 *
 * <p>Not thread-safe; open one per reader thread.
 */
public final class CodePointReader implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final long end;
    private final ByteBuffer buffer;
    private final MessageDigest digest;
    private final boolean ownsChannel;
    private long bufferStart;   // file offset of buffer[0]
    private long position;      // file offset of the next byte to decode
    private long line = 1;

    /**
     * @param file       a UTF-8 file
     * @param start      byte offset to start at; must be the start of a code point
     * @param end        byte offset to stop at (exclusive)
     * @param bufferSize bytes read at a time
     * @param digest     if not null, every byte read is fed to it (for a fingerprint of the file)
     */
    public CodePointReader(Path file, long start, long end, int bufferSize, MessageDigest digest) throws IOException {
        this(file, FileChannel.open(file, StandardOpenOption.READ), true, start, end, bufferSize, digest);
    }

    /**
     * A reader over an already open channel of {@code file}, which it leaves open on {@link #close()}
     * (for callers that read many short windows of one file).
     */
    public CodePointReader(Path file, FileChannel channel, long start, long end, int bufferSize) throws IOException {
        this(file, channel, false, start, end, bufferSize, null);
    }

    private CodePointReader(Path file, FileChannel channel, boolean ownsChannel, long start, long end, int bufferSize,
                            MessageDigest digest) throws IOException {
        this.file = file;
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.end = Math.min(end, channel.size());
        this.buffer = ByteBuffer.allocate(Math.max(16, bufferSize));
        this.buffer.limit(0);
        this.digest = digest;
        this.bufferStart = start;
        this.position = start;
    }

    /** A reader over the whole file. */
    public static CodePointReader open(Path file) throws IOException {
        return new CodePointReader(file, 0, Long.MAX_VALUE, 1 << 16, null);
    }

    /** Byte offset of the next code point. */
    public long position() {
        return position;
    }

    /** 1-based line number of the next code point (counting from where this reader started). */
    public long line() {
        return line;
    }

    /**
     * The next code point, or -1 at the end of the range.
     *
     * @throws MalformedTextException when the bytes are not valid UTF-8
     */
    public int next() throws IOException {
        if (!ensure(1)) {
            return -1;
        }
        int b0 = buffer.get(buffer.position()) & 0xFF;
        int need;
        int cp;
        int min;
        if (b0 < 0x80) {
            buffer.position(buffer.position() + 1);
            position++;
            if (b0 == '\n') {
                line++;
            }
            return b0;
        } else if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            throw malformed("byte 0x" + Integer.toHexString(b0) + " cannot start a UTF-8 character");
        }
        if (!ensure(need + 1)) {
            throw malformed("the file ends inside a UTF-8 character");
        }
        int p = buffer.position();
        for (int i = 1; i <= need; i++) {
            int b = buffer.get(p + i) & 0xFF;
            if ((b & 0xC0) != 0x80) {
                throw malformed("byte 0x" + Integer.toHexString(b) + " is not a UTF-8 continuation byte");
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw malformed("invalid UTF-8 sequence for U+" + Integer.toHexString(cp).toUpperCase());
        }
        buffer.position(p + need + 1);
        position += need + 1;
        return cp;
    }

    private MalformedTextException malformed(String why) {
        return new MalformedTextException(file, line, position, why);
    }

    /** Makes at least {@code n} bytes available if the range has them. */
    private boolean ensure(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return true;
        }
        if (position + n > end) {
            return false;
        }
        buffer.compact();
        bufferStart = position - buffer.position();
        long readAt = position + buffer.position();
        while (buffer.position() < n) {
            int max = (int) Math.min(buffer.remaining(), end - readAt);
            if (max <= 0) {
                break;
            }
            ByteBuffer slice = buffer.slice(buffer.position(), max);
            int read = channel.read(slice, readAt);
            if (read <= 0) {
                break;
            }
            if (digest != null) {
                digest.update(buffer.array(), buffer.arrayOffset() + buffer.position(), read);
            }
            buffer.position(buffer.position() + read);
            readAt += read;
        }
        buffer.flip();
        return buffer.remaining() >= n;
    }

    /**
     * The first code-point boundary at or after {@code offset} (skips UTF-8 continuation bytes), at most
     * {@code end}.
     */
    public static long alignToCodePoint(FileChannel channel, long offset, long end) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        channel.read(b, offset);
        b.flip();
        long o = offset;
        while (b.hasRemaining() && (b.get() & 0xC0) == 0x80 && o < end) {
            o++;
        }
        return Math.min(o, end);
    }

    @Override
    public void close() throws IOException {
        if (ownsChannel) {
            channel.close();
        }
    }
}
