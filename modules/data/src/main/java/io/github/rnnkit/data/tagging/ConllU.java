package io.github.rnnkit.data.tagging;

import io.github.rnnkit.data.text.Utf8Lines;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.brown.TaggedSentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads tagged sentences from a CoNLL-U file (the Universal Dependencies format,
 * universaldependencies.org/format.html): one word per line in 10 tab-separated fields
 * {@code ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC}, comment lines starting with {@code #}, a blank
 * line after each sentence. A sentence's words are the FORMs of its word lines, tagged with their UPOS or
 * XPOS.
 *
 * <pre>{@code
 * List<TaggedSentence> ud = ConllU.read(Path.of("en_ewt-ud-train.conllu"), ConllU.Tag.UPOS);
 * List<TaggedSentence> ptb = ConllU.read(Path.of("en_ewt-ud-train.conllu"), ConllU.Tag.XPOS);
 * }</pre>
 *
 * <p>Lines that are not words are skipped: a multiword token, whose ID is a range ({@code 3-4 don't}, followed
 * by the words {@code 3 do} and {@code 4 n't}), and an empty node of enhanced dependencies, whose ID is
 * decimal ({@code 8.1}). Each sentence's {@link TaggedSentence#source()} is the file name and its
 * {@link TaggedSentence#line()} the line of its first word.
 *
 * <p>Rules, each refused with an {@link IllegalArgumentException} naming the file and line:
 * <ul>
 *   <li>The file is UTF-8, read strictly (a leading byte-order mark is dropped); lines end in {@code \n},
 *       {@code \r\n} or {@code \r}.</li>
 *   <li>Every line that is not blank or a comment has exactly 10 tab-separated fields.</li>
 *   <li>Word IDs count 1, 2, 3 ... within a sentence (a sentence that starts again at 1 without a blank line
 *       before it is refused).</li>
 *   <li>A word's FORM and its chosen tag are not empty; the tag is not {@code _} (not annotated).</li>
 *   <li>The file holds at least one sentence.</li>
 * </ul>
 */
public final class ConllU {
    private static final Logger log = LoggerFactory.getLogger(ConllU.class);
    private static final int FIELDS = 10;
    private static final Pattern WORD_ID = Pattern.compile("[1-9][0-9]*");
    private static final Pattern MULTIWORD_ID = Pattern.compile("[1-9][0-9]*-[1-9][0-9]*");
    private static final Pattern EMPTY_NODE_ID = Pattern.compile("[0-9]+\\.[1-9][0-9]*");
    private static final String UNSPECIFIED = "_";

    private ConllU() {
    }

    /** Which tag column a word is tagged with. */
    public enum Tag {
        /** Column 4, the universal part-of-speech tag ({@code NOUN}, {@code VERB}, ...). */
        UPOS(3),
        /** Column 5, the language-specific tag (for English treebanks the Penn Treebank tag: {@code NN}). */
        XPOS(4);

        private final int field;

        Tag(int field) {
            this.field = field;
        }
    }

    /**
     * Reads every sentence of {@code file}, in file order.
     *
     * @param file a UTF-8 CoNLL-U file
     * @param tag  the column whose tags the words get
     * @throws IllegalArgumentException when the file is missing, is not UTF-8, holds no sentences, or a line
     *                                  breaks the rules of the class comment; the message names file and line
     */
    public static List<TaggedSentence> read(Path file, Tag tag) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(tag, "tag");
        List<String> lines = Utf8Lines.read(file, "CoNLL-U file");
        SentenceBuilder sentences = new SentenceBuilder(file);
        int multiwordTokens = 0;
        int emptyNodes = 0;
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String raw = lines.get(i);
            if (raw.isBlank()) {
                sentences.endSentence();
                continue;
            }
            if (raw.startsWith("#")) {
                continue;
            }
            String[] fields = raw.split("\t", -1);
            if (fields.length != FIELDS) {
                throw new IllegalArgumentException(file + ":" + line + ": found " + fields.length + " tab-separated "
                        + (fields.length == 1 ? "field" : "fields") + ", " + FIELDS + " expected (ID FORM LEMMA "
                        + "UPOS XPOS FEATS HEAD DEPREL DEPS MISC; an empty field is written _): "
                        + Utf8Lines.excerpt(raw));
            }
            String id = fields[0];
            if (MULTIWORD_ID.matcher(id).matches()) {
                multiwordTokens++;
                continue;
            }
            if (EMPTY_NODE_ID.matcher(id).matches()) {
                emptyNodes++;
                continue;
            }
            requireNextWord(id, sentences.sentenceLength() + 1, file, line);
            String form = fields[1];
            if (form.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + line + ": empty FORM (column 2) of word " + id
                        + "; every word needs its form");
            }
            sentences.add(form, requireTag(fields[tag.field], tag, file, line), line);
        }
        List<TaggedSentence> out = sentences.finish("CoNLL-U word lines (10 tab-separated fields), a blank "
                + "line after each sentence");
        log.info("Read {} sentences ({} words, {} tags) from {}; skipped {} multiword-token lines and {} empty nodes",
                out.size(), sentences.tokens(), tag, file, multiwordTokens, emptyNodes);
        return out;
    }

    private static void requireNextWord(String id, int expected, Path file, int line) {
        if (!WORD_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(file + ":" + line + ": ID '" + id + "' is not a word index (1, 2, "
                    + "...), a multiword-token range (3-4) or an empty node (8.1)");
        }
        if (!id.equals(Integer.toString(expected))) {
            throw new IllegalArgumentException(file + ":" + line + ": word ID " + id + " where " + expected
                    + " comes next" + (id.equals("1") ? " (IDs count from 1 in each sentence: is the blank line "
                    + "before this sentence missing?)" : ""));
        }
    }

    private static String requireTag(String value, Tag tag, Path file, int line) {
        if (value.isEmpty() || value.equals(UNSPECIFIED)) {
            throw new IllegalArgumentException(file + ":" + line + ": " + tag + " (column " + (tag.field + 1)
                    + ") is " + (value.isEmpty() ? "empty" : "'_' (not annotated)") + "; every word needs a "
                    + tag + " tag" + (tag == Tag.XPOS ? " (many treebanks give only UPOS: read with Tag.UPOS)"
                    : ""));
        }
        return value;
    }
}
