package io.github.rnnkit.data.text;

import io.github.rnnkit.core.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A UTF-8 text file that has been checked and measured in one streaming pass: its size in bytes and in
 * characters (Unicode code points), the count of every character, and its sha256 fingerprint. Nothing of
 * the text itself is kept in memory.
 *
 * <pre>{@code
 * TextCorpus corpus = TextCorpus.scan(Path.of("shakespeare.txt"));
 * long split = corpus.byteOffsetOfChar((long) (corpus.chars() * 0.9));
 * }</pre>
 */
public final class TextCorpus {
    private static final Logger log = LoggerFactory.getLogger(TextCorpus.class);

    private final Path file;
    private final long bytes;
    private final long chars;
    private final Map<Integer, Long> charCounts;
    private final String sha256;

    private TextCorpus(Path file, long bytes, long chars, Map<Integer, Long> charCounts, String sha256) {
        this.file = file;
        this.bytes = bytes;
        this.chars = chars;
        this.charCounts = Map.copyOf(charCounts);
        this.sha256 = sha256;
    }

    /**
     * Reads {@code file} once, validating it.
     *
     * @throws IllegalArgumentException when the file is missing, a directory, empty, or not UTF-8 (with
     *                                  the line and byte offset of the first bad byte)
     */
    public static TextCorpus scan(Path file) throws IOException {
        Checks.notNull(file, "file");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("text file not found: " + file.toAbsolutePath());
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("text file " + file + " is not a regular file");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new IllegalArgumentException("text file " + file + " is empty: a language model needs text "
                    + "to learn from");
        }
        MessageDigest digest = sha256Digest();
        Map<Integer, Long> counts = new HashMap<>();
        long n = 0;
        try (CodePointReader r = new CodePointReader(file, 0, Long.MAX_VALUE, 1 << 16, digest)) {
            for (int cp = r.next(); cp >= 0; cp = r.next()) {
                counts.merge(cp, 1L, Long::sum);
                n++;
            }
        }
        TextCorpus corpus = new TextCorpus(file, size, n, counts, HexFormat.of().formatHex(digest.digest()));
        log.info("Read {}: {} characters ({} bytes), {} distinct", file, n, size, counts.size());
        return corpus;
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public Path file() {
        return file;
    }

    public long bytes() {
        return bytes;
    }

    /** Number of characters (code points). */
    public long chars() {
        return chars;
    }

    /** Occurrences of every code point. */
    public Map<Integer, Long> charCounts() {
        return charCounts;
    }

    /** sha256 of the file's bytes, hex. */
    public String sha256() {
        return sha256;
    }

    /** Entropy of the character unigram distribution, in bits per character. */
    public double unigramEntropyBits() {
        double h = 0;
        for (long c : charCounts.values()) {
            double p = (double) c / chars;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    /** The character counts keyed by the character as a string (for {@link Vocabulary}). */
    public Map<String, Long> tokenCounts() {
        Map<String, Long> out = new HashMap<>();
        charCounts.forEach((cp, c) -> out.put(Character.toString(cp), c));
        return out;
    }

    /** Byte offset of character number {@code charIndex} (0-based; {@code chars()} gives the file size). */
    public long byteOffsetOfChar(long charIndex) throws IOException {
        return byteOffsetsOfChars(charIndex)[0];
    }

    /**
     * Byte offsets of several characters, found in one pass over the file.
     *
     * @param charIndices 0-based character numbers in increasing order, each in [0, chars()]
     */
    public long[] byteOffsetsOfChars(long... charIndices) throws IOException {
        long[] out = new long[charIndices.length];
        long previous = 0;
        for (long c : charIndices) {
            if (c < previous || c > chars) {
                throw new IllegalArgumentException("charIndices must be increasing and in [0, " + chars + "], got "
                        + java.util.Arrays.toString(charIndices));
            }
            previous = c;
        }
        try (CodePointReader r = CodePointReader.open(file)) {
            long at = 0;
            for (int k = 0; k < charIndices.length; k++) {
                if (charIndices[k] == chars) {
                    out[k] = bytes;
                    continue;
                }
                for (; at < charIndices[k]; at++) {
                    r.next();
                }
                out[k] = r.position();
            }
        }
        return out;
    }
}
