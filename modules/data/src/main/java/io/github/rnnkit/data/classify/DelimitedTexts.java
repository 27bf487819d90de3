package io.github.rnnkit.data.classify;

import io.github.rnnkit.data.text.Utf8;
import io.github.rnnkit.core.Checks;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads labelled texts from a CSV or TSV file: one record per line, a text column and a label column, an
 * optional header row naming the columns.
 *
 * <pre>{@code
 * // reviews.csv:  review,sentiment
 * //               "Loved it, really.",pos
 * List<LabelledText> data = DelimitedTexts.read(Path.of("reviews.csv"),
 *         DelimitedTexts.Options.header("review", "sentiment"));
 * // no header, text in column 1, label in column 0 (columns count from 0), tab-separated:
 * List<LabelledText> more = DelimitedTexts.read(Path.of("sms.tsv"), DelimitedTexts.Options.columns(1, 0));
 * }</pre>
 *
 * <p>Fields are split by DataVec's CSV parser ({@link SerializableCSVParser}, the one inside
 * {@code CSVRecordReader}) with RFC 4180 quoting: a field in double quotes may hold the delimiter, and
 * {@code ""} inside it stands for one quote. Unlike {@code CSVRecordReader}'s default, the backslash is an
 * ordinary character: that reader treats it as an escape and would read {@code C:\dir} as {@code C:dir}. And
 * each line gets a fresh parser: {@code CSVRecordReader} reuses one, whose state from the previous line makes a
 * line that starts with an empty quoted field ({@code "",neg}) read as a lone quote ({@code "}).
 *
 * <p>Rules, each refused with an {@link IllegalArgumentException} that names the file and line:
 * <ul>
 *   <li>The file is UTF-8 (a leading byte-order mark is dropped); lines end in {@code \n}, {@code \r\n} or
 *       {@code \r}.</li>
 *   <li>A record is one line, as in {@code CSVRecordReader}: a line break inside quotes is not supported and
 *       is refused ("a quoted field is not closed on this line") rather than mis-read. So is a stray quote
 *       that opens a field and is never closed.</li>
 *   <li>Every row has as many columns as the first row (the header if there is one): a different count
 *       usually means a delimiter inside an unquoted field.</li>
 *   <li>The text must not be blank and the label must not be blank; labels are stripped of surrounding
 *       whitespace, texts are kept as written.</li>
 * </ul>
 * Blank lines carry no record: those at the end of the file are skipped and counted in the INFO log, those
 * between records are skipped and counted at WARN.
 *
 * <p>Limits of the parser: text outside the quotes of a quoted field is not RFC 4180 and is read loosely
 * rather than refused (the field {@code  "lead" } is read as {@code  lead" }); files written by a CSV library
 * do not have it.
 */
public final class DelimitedTexts {
    private static final Logger log = LoggerFactory.getLogger(DelimitedTexts.class);
    private static final char QUOTE = '"';
    private static final int EXCERPT = 60;

    private DelimitedTexts() {
    }

    /** The field separator. */
    public enum Delimiter {
        /** {@code ,} for {@code .csv} files and {@code \t} for {@code .tsv} and {@code .tab} files. */
        FROM_EXTENSION,
        /** {@code ,} */
        COMMA,
        /** {@code \t} */
        TAB;

        /** The separator character for {@code file}. */
        char resolve(Path file) {
            return switch (this) {
                case COMMA -> ',';
                case TAB -> '\t';
                case FROM_EXTENSION -> {
                    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
                    if (name.endsWith(".csv")) {
                        yield ',';
                    }
                    if (name.endsWith(".tsv") || name.endsWith(".tab")) {
                        yield '\t';
                    }
                    throw new IllegalArgumentException("cannot tell the delimiter of " + file + " from its name: "
                            + "FROM_EXTENSION knows .csv (comma) and .tsv/.tab (tab); set Options.delimiter to "
                            + "COMMA or TAB");
                }
            };
        }
    }

    /** A column, by its 0-based index or by its name in the header row. */
    public sealed interface Column permits Column.At, Column.Named {
        /** The column at 0-based {@code index}. */
        static Column at(int index) {
            return new At(index);
        }

        /** The column whose header cell is {@code name} (needs {@code header = true}). */
        static Column named(String name) {
            return new Named(name);
        }

        /** @param index 0-based column index, >= 0 */
        record At(int index) implements Column {
            public At {
                Checks.nonNegative(index, "index");
            }

            @Override
            public String toString() {
                return Integer.toString(index);
            }
        }

        /** @param name the header cell, compared after stripping surrounding whitespace; not blank */
        record Named(String name) implements Column {
            public Named {
                Checks.notNull(name, "name");
                if (name.isBlank()) {
                    throw new IllegalArgumentException("column name must not be blank, got '" + name + "'");
                }
                name = name.strip();
            }

            @Override
            public String toString() {
                return "'" + name + "'";
            }
        }
    }

    /**
     * How to read a file.
     *
     * @param text      the column holding the text
     * @param label     the column holding the label; not the text column
     * @param header    whether the first non-blank line names the columns (and is not a record); needed for
     *                  columns given by name
     * @param delimiter the field separator, by default {@link Delimiter#FROM_EXTENSION}
     */
    public record Options(Column text, Column label, boolean header, Delimiter delimiter) {
        public Options {
            Checks.notNull(text, "text");
            Checks.notNull(label, "label");
            Checks.notNull(delimiter, "delimiter");
            if (text.equals(label)) {
                throw new IllegalArgumentException("text and label are both column " + text
                        + "; they must be different columns");
            }
            if (!header) {
                for (Column c : List.of(text, label)) {
                    if (c instanceof Column.Named named) {
                        throw new IllegalArgumentException("column " + named + " is given by name, which needs "
                                + "header = true (a first row naming the columns); without a header give columns "
                                + "by 0-based index, Column.at(i)");
                    }
                }
            }
        }

        /** No header row; columns by 0-based index; delimiter from the file extension. */
        public static Options columns(int text, int label) {
            return new Options(Column.at(text), Column.at(label), false, Delimiter.FROM_EXTENSION);
        }

        /** A header row; columns by name; delimiter from the file extension. */
        public static Options header(String text, String label) {
            return new Options(Column.named(text), Column.named(label), true, Delimiter.FROM_EXTENSION);
        }

        public Options withHeader(boolean header) {
            return new Options(text, label, header, delimiter);
        }

        public Options withDelimiter(Delimiter delimiter) {
            return new Options(text, label, header, delimiter);
        }
    }

    /**
     * Reads every record of {@code file}, in file order; each {@link LabelledText#origin()} is
     * {@code <file name>:<line>}.
     *
     * @throws IllegalArgumentException when the file is missing, is not UTF-8, holds no records, or a row is
     *                                  malformed (see the class comment); the message names file and line
     */
    public static List<LabelledText> read(Path file, Options options) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(options, "options");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CSV/TSV file not found: " + file.toAbsolutePath());
        }
        char delimiter = options.delimiter().resolve(file);
        List<String> lines = Utf8.decode(Files.readAllBytes(file), file).lines().toList();
        int lastNonBlank = lines.size() - 1;
        while (lastNonBlank >= 0 && lines.get(lastNonBlank).isBlank()) {
            lastNonBlank--;
        }
        String name = String.valueOf(file.getFileName());
        List<LabelledText> out = new ArrayList<>();
        int columns = -1;       // of the first row, header or record
        int headerLine = -1;    // the line of the first row
        int textIndex = -1;
        int labelIndex = -1;
        int blankInside = 0;
        int firstBlankInside = 0;
        for (int i = 0; i <= lastNonBlank; i++) {
            int line = i + 1;
            String raw = lines.get(i);
            if (raw.isBlank()) {
                if (blankInside++ == 0) {
                    firstBlankInside = line;
                }
                continue;
            }
            String[] fields = parse(delimiter, raw, file, line);
            if (columns < 0) {
                columns = fields.length;
                headerLine = line;
                textIndex = index(options.text(), "text", fields, options, file, line);
                labelIndex = index(options.label(), "label", fields, options, file, line);
                if (textIndex == labelIndex) {
                    throw new IllegalArgumentException(file + ":" + line + ": the text column " + options.text()
                            + " and the label column " + options.label() + " are the same column, " + textIndex);
                }
            }
            requireColumn(fields, textIndex, "text", options.text(), delimiter, raw, file, line);
            requireColumn(fields, labelIndex, "label", options.label(), delimiter, raw, file, line);
            if (options.header() && line == headerLine) {
                continue;
            }
            if (fields.length != columns) {
                throw new IllegalArgumentException(file + ":" + line + ": row has " + fields.length
                        + " columns but the " + (options.header() ? "header" : "first row") + " has " + columns
                        + " (a " + describe(delimiter) + " inside an unquoted field? put such fields in double "
                        + "quotes): " + excerpt(raw));
            }
            String text = fields[textIndex];
            if (text.isBlank()) {
                throw new IllegalArgumentException(file + ":" + line + ": empty text in the text column "
                        + textIndex + "; every row needs a text (remove the row or fill it in)");
            }
            String label = fields[labelIndex].strip();
            if (label.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + line + ": empty label in the label column "
                        + labelIndex + "; every row needs a label (remove the row or fill it in)");
            }
            out.add(new LabelledText(text, label, name + ":" + line));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no records" + (options.header() && columns >= 0
                    ? " after its header row" : "") + "; expected lines of " + describe(delimiter)
                    + "-separated fields");
        }
        if (blankInside > 0) {
            log.warn("Skipped {} blank lines between the records of {} (the first at line {})", blankInside, file,
                    firstBlankInside);
        }
        log.info("Read {} labelled texts ({} labels) from {}; {} blank lines at the end skipped", out.size(),
                out.stream().map(LabelledText::label).distinct().count(), file, lines.size() - 1 - lastNonBlank);
        return out;
    }

    /**
     * The fields of one line. A fresh parser per line: the parser keeps state from the previous line, and a
     * reused one reads a line starting with {@code ""} (an empty quoted field) as a lone quote.
     */
    private static String[] parse(char delimiter, String raw, Path file, int line) {
        SerializableCSVParser parser = new SerializableCSVParser(delimiter, QUOTE,
                SerializableCSVParser.NULL_CHARACTER);     // no escape character: '\' is text
        try {
            return parser.parseLine(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ":" + line + ": a quoted field is not closed on this line: "
                    + excerpt(raw) + ". Each record must fit on one line (as in DataVec's CSVRecordReader): "
                    + "replace line breaks inside quoted fields with spaces, and double a quote inside a quoted "
                    + "field (\"\")", e);
        }
    }

    /** The 0-based index of {@code column}, looked up in the header row {@code fields} when given by name. */
    private static int index(Column column, String role, String[] fields, Options options, Path file, int line) {
        if (column instanceof Column.At at) {
            return at.index();
        }
        String name = ((Column.Named) column).name();
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].strip().equals(name)) {
                matches.add(i);
            }
        }
        if (matches.size() != 1) {
            Set<String> header = new TreeSet<>(Arrays.stream(fields).map(String::strip).toList());
            throw new IllegalArgumentException(file + ":" + line + ": the " + role + " column " + column
                    + (matches.isEmpty() ? " is not in the header" : " appears " + matches.size()
                    + " times in the header (columns " + matches + ")") + "; the header names " + header
                    + (options.delimiter() == Delimiter.FROM_EXTENSION ? "" : " (delimiter "
                    + options.delimiter() + ")"));
        }
        return matches.get(0);
    }

    private static void requireColumn(String[] fields, int index, String role, Column column, char delimiter,
                                      String raw, Path file, int line) {
        if (fields.length <= index) {
            throw new IllegalArgumentException(file + ":" + line + ": row has " + fields.length
                    + (fields.length == 1 ? " column" : " columns") + ", the " + role + " column is " + index
                    + (column instanceof Column.Named ? " (" + column + " in the header)" : "")
                    + " (columns count from 0; fields are separated by " + describe(delimiter) + "): "
                    + excerpt(raw));
        }
    }

    private static String describe(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    private static String excerpt(String raw) {
        String s = raw.length() <= EXCERPT ? raw : raw.substring(0, EXCERPT) + "...";
        return "[" + s.replace("\t", "\\t") + "]";
    }
}
