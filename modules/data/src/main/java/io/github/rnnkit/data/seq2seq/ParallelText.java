package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.text.Utf8Lines;
import io.github.rnnkit.core.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parallel text read from a TSV file: one pair per line, {@code source TAB target}, each side cut into symbols
 * by its own {@link Segmentation}.
 *
 * <pre>{@code
 * // g2p.tsv:  cat\tK AE T
 * //           dog\tD AO G
 * ParallelText text = ParallelText.read(Path.of("g2p.tsv"), Segmentation.CHARACTERS, Segmentation.TOKENS);
 * text.pairs().get(0);   // ParallelPair[source=[c, a, t], target=[K, AE, T], origin=g2p.tsv:1]
 * }</pre>
 *
 * <p>Rules, each refused with an {@link IllegalArgumentException} whose message starts with {@code file:line}:
 * <ul>
 *   <li>The file is UTF-8, read strictly (a leading byte-order mark is dropped); lines end in {@code \n},
 *       {@code \r\n} or {@code \r}.</li>
 *   <li>A line holds exactly one tab: none, or two or more, is refused (a tab inside a side cannot be told from
 *       the separator).</li>
 *   <li>Neither side may be empty or only whitespace. A side is otherwise taken as written: with
 *       {@link Segmentation#CHARACTERS} its spaces, leading and trailing ones included, are symbols.</li>
 *   <li>The file holds at least one pair.</li>
 * </ul>
 * Blank lines (empty or only whitespace) are not errors: they are skipped, counted in {@link #blankLines()} and
 * logged at WARN with the first one's place, so a file that ends with an empty line, or separates blocks with
 * them, reads without fuss but never silently.
 *
 * @param file       the file read
 * @param pairs      the pairs in file order; each {@link ParallelPair#origin()} is {@code file:line}
 * @param blankLines how many blank lines were skipped
 */
public record ParallelText(Path file, List<ParallelPair> pairs, int blankLines) {
    private static final Logger log = LoggerFactory.getLogger(ParallelText.class);

    public ParallelText {
        Checks.notNull(file, "file");
        pairs = List.copyOf(Checks.notNull(pairs, "pairs"));
        Checks.nonNegative(blankLines, "blankLines");
    }

    /**
     * Reads every pair of {@code file}, in file order.
     *
     * @param file   a UTF-8 file of {@code source TAB target} lines
     * @param source how the left side is cut into symbols
     * @param target how the right side is cut into symbols
     * @throws IllegalArgumentException when the file is missing, is not UTF-8, holds no pairs, or a line breaks
     *                                  the rules of the class comment; the message names file and line
     */
    public static ParallelText read(Path file, Segmentation source, Segmentation target) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(source, "source");
        Checks.notNull(target, "target");
        List<String> lines = Utf8Lines.read(file, "parallel text file");
        List<ParallelPair> pairs = new ArrayList<>(lines.size());
        int blank = 0;
        int firstBlank = 0;
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String raw = lines.get(i);
            if (raw.isBlank()) {
                if (blank++ == 0) {
                    firstBlank = line;
                }
                continue;
            }
            String where = Utf8Lines.place(file, line);
            int tabs = (int) raw.chars().filter(c -> c == '\t').count();
            if (tabs != 1) {
                throw new IllegalArgumentException(where + ": found " + (tabs == 0 ? "no tab" : tabs + " tabs") + " "
                        + Utf8Lines.excerpt(raw) + "; each line must be source TAB target, with exactly one tab");
            }
            int tab = raw.indexOf('\t');
            List<String> left = side(raw.substring(0, tab), source, "source", where, raw);
            List<String> right = side(raw.substring(tab + 1), target, "target", where, raw);
            pairs.add(new ParallelPair(left, right, where));
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("parallel text file " + file + " holds no pairs (" + lines.size()
                    + " lines, " + blank + " blank); each line must be source TAB target");
        }
        if (blank > 0) {
            log.warn("Skipped {} blank line(s) in {} (the first at line {})", blank, file, firstBlank);
        }
        log.info("Read {} pairs from {} (source {}, target {})", pairs.size(), file, source, target);
        return new ParallelText(file, pairs, blank);
    }

    private static List<String> side(String text, Segmentation segmentation, String name, String where, String raw) {
        if (text.isBlank()) {
            throw new IllegalArgumentException(where + ": empty " + name + " " + Utf8Lines.excerpt(raw)
                    + "; both sides of source TAB target need at least one non-whitespace character");
        }
        return segmentation.split(text);
    }
}
