package io.github.rnnkit.data.text;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a text file as UTF-8 lines, strictly, and quotes a line in messages; for rnnkit's line-based readers (tagged text, parallel text). */
public final class Utf8Lines {
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int EXCERPT = 60;

    private Utf8Lines() {
    }

    /**
     * The lines of {@code file} without their terminators ({@code \n}, {@code \r\n} or {@code \r}); a leading
     * byte-order mark is dropped.
     *
     * @param what what the file should be, for the message when it is missing (e.g. "CoNLL-U file")
     * @throws IllegalArgumentException when the file does not exist
     * @throws MalformedTextException   (an {@link IllegalArgumentException}) naming the file, line and byte offset
     *                                  of the first bytes that are not UTF-8
     */
    public static List<String> read(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " not found: " + file.toAbsolutePath());
        }
        StringBuilder text = new StringBuilder();
        try (CodePointReader in = CodePointReader.open(file)) {
            int cp;
            while ((cp = in.next()) >= 0) {
                text.appendCodePoint(cp);
            }
        }
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text.deleteCharAt(0);
        }
        return text.toString().lines().toList();
    }

    /** A line for an error message: in brackets, tabs shown as \t, cut at 60 characters. */
    public static String excerpt(String line) {
        String s = line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
        return "[" + s.replace("\t", "\\t") + "]";
    }

    /** "file:line", the prefix of every message about a line. */
    public static String place(Path file, int line) {
        return file + ":" + line;
    }
}
