package io.github.rnnkit.data.text;

import io.github.rnnkit.core.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Pretrained word vectors in the text format GloVe and word2vec write: one word per line followed by its
 * values, separated by single spaces (word2vec's first line, "count dimension", is recognised and skipped). The
 * last {@code dimension} fields are the values and the rest is the word, so the words with spaces in them that
 * some GloVe files hold ({@code ". . ."}) read right once the dimension is known (from the header or the first
 * vector). Blank lines are skipped and counted.
 *
 * <pre>{@code
 * WordVectors glove = WordVectors.read(Path.of("glove.6B.100d.txt"), vocabulary::contains);
 * float[] v = glove.vectors().get("house");   // glove.dimension() values
 * }</pre>
 *
 * @param dimension values per word
 * @param vectors   word to vector, only the words that were asked for
 */
public record WordVectors(int dimension, Map<String, float[]> vectors) {
    private static final Logger log = LoggerFactory.getLogger(WordVectors.class);

    public WordVectors {
        Checks.positive(dimension, "dimension");
        vectors = Collections.unmodifiableMap(vectors);
    }

    /**
     * Reads the vectors of the words {@code keep} accepts (all of a large file need not fit in memory). Strict
     * UTF-8; every line must have the dimension of the first.
     *
     * @throws IllegalArgumentException naming file and line for a missing file, a line with another number of
     *                                  values, a value that is not a finite number, or bytes that are not UTF-8
     */
    public static WordVectors read(Path file, Predicate<String> keep) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(keep, "keep");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("word vector file not found: " + file.toAbsolutePath());
        }
        Map<String, float[]> out = new HashMap<>();
        int dimension = -1;
        long lines = 0;
        long duplicates = 0;
        long blank = 0;
        try (CodePointReader in = CodePointReader.open(file)) {     // strict UTF-8, errors name line and offset
            StringBuilder buffer = new StringBuilder();
            while (true) {
                String line = nextLine(in, buffer);
                if (line == null) {
                    break;
                }
                lines++;
                if (line.isBlank()) {
                    blank++;
                    continue;
                }
                String[] parts = line.endsWith(" ") ? line.substring(0, line.length() - 1).split(" ", -1)
                        : line.split(" ", -1);                          // some files end each line with a space
                if (lines == 1 && parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+")) {
                    dimension = Integer.parseInt(parts[1]);             // word2vec header: count dimension
                    continue;
                }
                if (parts.length < 2) {
                    throw new IllegalArgumentException(file + ":" + lines + ": expected a word and its values, got '"
                            + abbreviate(line) + "'");
                }
                if (dimension < 0) {
                    dimension = parts.length - 1;
                } else if (parts.length - 1 < dimension) {
                    throw new IllegalArgumentException(file + ":" + lines + ": " + (parts.length - 1) + " fields after '"
                            + parts[0] + "'; the file's vectors have " + dimension + " values");
                }
                int first = parts.length - dimension;                   // parts[0 .. first) is the word
                if (first > 1 && isNumber(parts[first - 1])) {          // more values than the dimension, not a word
                    throw new IllegalArgumentException(file + ":" + lines + ": " + (parts.length - 1) + " values for '"
                            + parts[0] + "'; the file's first vector has " + dimension);
                }
                String word = String.join(" ", java.util.Arrays.asList(parts).subList(0, first));
                if (!keep.test(word)) {
                    continue;
                }
                float[] v = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    String field = parts[first + i];
                    try {
                        v[i] = Float.parseFloat(field);
                    } catch (NumberFormatException e) {
                        v[i] = Float.NaN;
                    }
                    if (!Float.isFinite(v[i])) {
                        throw new IllegalArgumentException(file + ":" + lines + ": value " + (i + 1) + " of '"
                                + word + "' is '" + field + "', not a finite number");
                    }
                }
                if (out.putIfAbsent(word, v) != null) {
                    duplicates++;
                }
            }
        }
        if (dimension < 0) {
            throw new IllegalArgumentException("word vector file " + file + " holds no vectors");
        }
        log.info("Read {} word vectors of dimension {} from {} ({} lines{}{})", out.size(), dimension, file, lines,
                duplicates == 0 ? "" : ", " + duplicates + " repeated words kept at their first vector",
                blank == 0 ? "" : ", " + blank + " blank lines skipped");
        return new WordVectors(dimension, out);
    }

    /** The next line without its terminator, or null at the end. */
    private static String nextLine(CodePointReader in, StringBuilder buffer) throws IOException {
        buffer.setLength(0);
        int cp = in.next();
        if (cp < 0) {
            return null;
        }
        while (cp >= 0 && cp != '\n') {
            if (cp != '\r') {
                buffer.appendCodePoint(cp);
            }
            cp = in.next();
        }
        return buffer.toString();
    }

    private static boolean isNumber(String s) {
        try {
            Float.parseFloat(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
