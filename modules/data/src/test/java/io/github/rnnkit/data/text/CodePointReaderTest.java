package io.github.rnnkit.data.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The strict UTF-8 reader against the JDK's decoder: every boundary of the encoding, reads that cross the
 * (smallest, 16-byte) buffer at every offset, byte ranges, the digest, and each kind of malformed input with
 * its line and byte offset.
 */
class CodePointReaderTest {
    @TempDir
    Path dir;

    /** Code points at every length boundary of UTF-8 and around the surrogates. */
    private static final int[] EDGES = {0x00, 0x0A, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
            0x10000, 0x1F600, 0x10FFFF};

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "text", ".txt");
        Files.write(file, bytes);
        return file;
    }

    private static int[] readAll(CodePointReader r) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int cp = r.next(); cp >= 0; cp = r.next()) {
            out.add(cp);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String randomText(SplittableRandom r, int codePoints) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            sb.appendCodePoint(r.nextInt(4) == 0 ? EDGES[r.nextInt(EDGES.length)] : 0x20 + r.nextInt(0x5F));
        }
        return sb.toString();
    }

    @Test
    void decodesWhatTheJdkDecodesWithReadsCrossingTheBufferAtEveryOffset() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            String text = randomText(random, 1 + random.nextInt(300));
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Path file = write(bytes);
            MessageDigest digest = sha256();
            try (CodePointReader r = new CodePointReader(file, 0, Long.MAX_VALUE, 16, digest)) {
                assertArrayEquals(text.codePoints().toArray(), readAll(r), "trial " + trial);
                assertEquals(bytes.length, r.position());
                assertEquals(1 + text.chars().filter(c -> c == '\n').count(), r.line());
                assertEquals(-1, r.next(), "stays at the end");
            }
            assertArrayEquals(sha256().digest(bytes), digest.digest(), "the digest saw every byte once, in order");
        }
    }

    @Test
    void readsAByteRangeFromACodePointBoundaryOnASharedChannel() throws IOException {
        String text = "a\u00e9\u4e2d\ud83d\ude00b\nc\u00e9";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path file = write(bytes);
        int start = "a\u00e9".getBytes(StandardCharsets.UTF_8).length;
        int end = start + "\u4e2d\ud83d\ude00b\n".getBytes(StandardCharsets.UTF_8).length;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            try (CodePointReader r = new CodePointReader(file, channel, start, end, 16)) {
                assertArrayEquals("\u4e2d\ud83d\ude00b\n".codePoints().toArray(), readAll(r));
                assertEquals(end, r.position());
                assertEquals(2, r.line());
            }
            assertTrue(channel.isOpen(), "a shared channel is left open");
            try (CodePointReader r = new CodePointReader(file, channel, 0, start + 2, 16)) {
                MalformedTextException e = assertThrows(MalformedTextException.class, () -> readAll(r),
                        "a range that ends inside a character");
                assertTrue(e.getMessage().contains("ends inside"), e.getMessage());
            }
            // offsets inside the 3-byte character move to the next boundary; never past the end given
            assertEquals(start, CodePointReader.alignToCodePoint(channel, start, bytes.length));
            assertEquals(start + 3, CodePointReader.alignToCodePoint(channel, start + 1, bytes.length));
            assertEquals(start + 3, CodePointReader.alignToCodePoint(channel, start + 2, bytes.length));
            assertEquals(start + 1, CodePointReader.alignToCodePoint(channel, start + 1, start + 1));
            assertEquals(0, CodePointReader.alignToCodePoint(channel, 0, bytes.length));
        }
    }

    @Test
    void malformedBytesAreRefusedWithLineAndOffset() throws IOException {
        String[][] cases = {
                {"c0 80", "cannot start"},            // overlong NUL
                {"c1 bf", "cannot start"},
                {"e0 80 80", "invalid UTF-8 sequence"}, // overlong 3-byte
                {"ed a0 80", "invalid UTF-8 sequence"}, // a surrogate
                {"f4 90 80 80", "invalid UTF-8 sequence"}, // above U+10FFFF
                {"f0 80 80 80", "invalid UTF-8 sequence"}, // overlong 4-byte
                {"f5 80 80 80", "cannot start"},
                {"80", "cannot start"},                // a lone continuation byte
                {"c3 41", "not a UTF-8 continuation byte"},
                {"e4 b8", "ends inside"},
                {"ff", "cannot start"},
        };
        for (String[] c : cases) {
            byte[] bad = HexFormat.ofDelimiter(" ").parseHex(c[0]);
            byte[] prefix = "ok\nline two: ".getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[prefix.length + bad.length];
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            System.arraycopy(bad, 0, bytes, prefix.length, bad.length);
            Path file = write(bytes);
            try (CodePointReader r = new CodePointReader(file, 0, Long.MAX_VALUE, 16, null)) {
                MalformedTextException e = assertThrows(MalformedTextException.class, () -> readAll(r), c[0]);
                assertEquals(2, e.line(), c[0]);
                assertEquals(prefix.length, e.byteOffset(), c[0]);
                assertEquals(file, e.file());
                assertTrue(e.getMessage().contains(c[1]) && e.getMessage().startsWith(file.toString()),
                        c[0] + ": " + e.getMessage());
            }
        }
    }

    @Test
    void theLargestValidSequencesOfEachLengthAreAccepted() throws IOException {
        for (String hex : new String[]{"7f", "c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80", "ef bf bf",
                "f0 90 80 80", "f4 8f bf bf"}) {
            byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
            try (CodePointReader r = CodePointReader.open(write(bytes))) {
                int[] got = readAll(r);
                assertArrayEquals(new String(bytes, StandardCharsets.UTF_8).codePoints().toArray(), got, hex);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
