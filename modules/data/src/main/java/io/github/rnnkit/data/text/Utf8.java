package io.github.rnnkit.data.text;

import io.github.rnnkit.data.text.MalformedTextException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Strict UTF-8 decoding for the readers of this package: bad bytes are refused with file, line and offset. */
public final class Utf8 {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Utf8() {
    }

    /**
     * Decodes {@code bytes} read from {@code file}, dropping a leading byte-order mark.
     *
     * @throws MalformedTextException (an {@link IllegalArgumentException}) naming the file, the 1-based line and
     *                                the byte offset of the first byte that is not valid UTF-8
     */
    public static String decode(byte[] bytes, Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);     // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new MalformedTextException(file, lineAt(bytes, offset), offset, describe(bytes, offset,
                    result.length()));
        }
        if (result.isOverflow()) {
            throw new IllegalStateException("UTF-8 decoding of " + file + " overflowed its buffer");
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == BYTE_ORDER_MARK) {
            out.position(1);
        }
        return out.toString();
    }

    /** 1-based number of the line holding byte {@code offset} (lines end in '\n'). */
    private static long lineAt(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String describe(byte[] bytes, int offset, int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + length); i++) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02x", bytes[i] & 0xFF));
        }
        return (length == 1 ? "byte " : "bytes ") + hex + " cannot be decoded as UTF-8";
    }
}
