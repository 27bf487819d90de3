package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.text.Utf8Lines;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.brown.TaggedSentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads tagged sentences from a two-column TSV file: one token per line, {@code token TAB tag}, a blank line
 * between sentences.
 *
 * <pre>{@code
 * // train.tsv:  The\tDET
 * //             cat\tNOUN
 * //             sat\tVERB
 * //
 * //             It\tPRON
 * //             ...
 * List<TaggedSentence> sentences = TaggedTsv.read(Path.of("train.tsv"));
 * }</pre>
 *
 * <p>Each sentence's {@link TaggedSentence#source()} is the file name and its {@link TaggedSentence#line()}
 * the line of its first token. Rules, each refused with an {@link IllegalArgumentException} naming the file
 * and line:
 * <ul>
 *   <li>The file is UTF-8, read strictly (a leading byte-order mark is dropped); lines end in {@code \n},
 *       {@code \r\n} or {@code \r}.</li>
 *   <li>A token line has exactly 2 tab-separated columns; neither may be empty or blank. Both are taken as
 *       written (a space is part of the token or tag).</li>
 *   <li>A blank line (empty or only spaces and tabs) ends a sentence; several in a row are one break, and
 *       the last sentence needs none after it.</li>
 *   <li>The file holds at least one sentence.</li>
 * </ul>
 */
public final class TaggedTsv {
    private static final Logger log = LoggerFactory.getLogger(TaggedTsv.class);

    private TaggedTsv() {
    }

    /**
     * Reads every sentence of {@code file}, in file order.
     *
     * @param file a UTF-8 file of {@code token TAB tag} lines, sentences separated by blank lines
     * @throws IllegalArgumentException when the file is missing, is not UTF-8, holds no sentences, or a line
     *                                  breaks the rules of the class comment; the message names file and line
     */
    public static List<TaggedSentence> read(Path file) throws IOException {
        Checks.notNull(file, "file");
        List<String> lines = Utf8Lines.read(file, "tagged TSV file");
        SentenceBuilder sentences = new SentenceBuilder(file);
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String raw = lines.get(i);
            if (raw.isBlank()) {
                sentences.endSentence();
                continue;
            }
            String[] columns = raw.split("\t", -1);
            if (columns.length != 2) {
                throw new IllegalArgumentException(file + ":" + line + ": found " + columns.length
                        + (columns.length == 1 ? " column" : " columns") + " " + Utf8Lines.excerpt(raw)
                        + "; exactly 2 are allowed: token TAB tag (a blank line ends a sentence)");
            }
            requireNotBlank(columns[0], "token", file, line, raw);
            requireNotBlank(columns[1], "tag", file, line, raw);
            sentences.add(columns[0], columns[1], line);
        }
        List<TaggedSentence> out = sentences.finish("lines of token TAB tag, a blank line between sentences");
        log.info("Read {} sentences ({} tokens) from {}", out.size(), sentences.tokens(), file);
        return out;
    }

    private static void requireNotBlank(String value, String what, Path file, int line, String raw) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(file + ":" + line + ": empty " + what + " " + Utf8Lines.excerpt(raw)
                    + "; every line needs a token and a tag, token TAB tag");
        }
    }
}
