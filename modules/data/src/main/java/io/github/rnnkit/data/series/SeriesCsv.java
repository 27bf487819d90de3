package io.github.rnnkit.data.series;

import io.github.rnnkit.core.Checks;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads numeric columns of a CSV file (one row per time step, in time order) into a {@link NumericSeries}.
 *
 * <p>Fields are split by DataVec's CSV parser ({@link SerializableCSVParser}; quotes allowed). The first line is a
 * header when any of its fields is not a number; without one, columns are named by their index. Columns are chosen by
 * header name or by 0-based index; the other columns may hold anything (dates, labels). Every row must have as many
 * fields as the first. Blank lines are skipped and counted. A missing value (an empty cell, {@code NA}, {@code NaN},
 * {@code null} or {@code .}) is refused or imputed as {@link MissingValues} says, with a count in the log.
 *
 * <pre>{@code
 * NumericSeries s = SeriesCsv.read(Path.of("load.csv"), List.of("load_mw"), MissingValues.INTERPOLATE, ',');
 * }</pre>
 */
public final class SeriesCsv {
    private static final Logger log = LoggerFactory.getLogger(SeriesCsv.class);
    /** Cells read as missing; DataVec's parser returns an empty quoted field {@code ""} as one quote character. */
    private static final Set<String> MISSING = Set.of("", "na", "nan", "null", ".", "n/a", "\"");

    private SeriesCsv() {
    }

    /**
     * Reads the named columns.
     *
     * @param columns header names or 0-based indexes; empty: every column whose first data row is numeric
     * @throws IllegalArgumentException naming the file and line for: a missing or empty file, bad UTF-8, an unknown
     *         column, a row with another number of fields (ragged), a cell that is not a number, or a missing value
     *         under {@link MissingValues#REFUSE}
     */
    public static NumericSeries read(Path file, List<String> columns, MissingValues missing, char delimiter)
            throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(columns, "columns");
        Checks.notNull(missing, "missing");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("series file " + file + " does not exist", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not valid UTF-8 text", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        SerializableCSVParser parser = new SerializableCSVParser(delimiter, '"', SerializableCSVParser.NULL_CHARACTER);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw new IllegalArgumentException(file + " is empty: expected an optional header line and at least one "
                    + "row of numbers");
        }
        String[] head = parse(parser, lines[first], file, first + 1);
        boolean header = false;
        for (String f : head) {
            if (!isNumber(f) && !isMissing(f)) {
                header = true;
                break;
            }
        }
        int width = head.length;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            names.add(header ? head[c].strip() : String.valueOf(c));
        }
        int dataStart = header ? first + 1 : first;
        int[] chosen = choose(columns, names, lines, dataStart, parser, file);
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        int blank = 0;
        for (int i = dataStart; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                if (i < lines.length - 1) {
                    blank++;
                }
                continue;
            }
            String[] f = parse(parser, lines[i], file, i + 1);
            if (f.length != width) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the row has " + f.length + " field(s) but "
                        + (header ? "the header has " : "the first row has ") + width + " (ragged rows are refused)");
            }
            double[] row = new double[chosen.length];
            for (int k = 0; k < chosen.length; k++) {
                String cell = f[chosen[k]].strip();
                if (isMissing(cell)) {
                    if (missing == MissingValues.REFUSE) {
                        throw new IllegalArgumentException(file + ":" + (i + 1) + ": column '" + names.get(chosen[k])
                                + "' (" + (chosen[k] + 1) + ") is missing a value ('" + cell + "'); choose INTERPOLATE "
                                + "or FORWARD_FILL to impute missing values");
                    }
                    row[k] = Double.NaN;
                } else {
                    row[k] = number(cell, file, i + 1, names.get(chosen[k]), chosen[k]);
                }
            }
            rows.add(row);
            lineOf.add(i + 1);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " has a header but no rows of data");
        }
        if (blank > 0) {
            log.warn("{}: skipped {} blank line(s)", file, blank);
        }
        double[][] values = rows.toArray(new double[0][]);
        int imputed = impute(values, missing, file, chosen, names);
        List<String> chosenNames = new ArrayList<>();
        for (int c : chosen) {
            chosenNames.add(names.get(c));
        }
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        log.info("Read {} rows of {} from {}{}", values.length, chosenNames, file,
                imputed > 0 ? " (" + imputed + " missing value(s) imputed by " + missing + ")" : "");
        return new NumericSeries(name, chosenNames, values, file.toString(), sha256(bytes), 1, imputed);
    }

    private static int[] choose(List<String> columns, List<String> names, String[] lines, int dataStart,
                                SerializableCSVParser parser, Path file) throws IOException {
        if (columns.isEmpty()) {
            int firstData = dataStart;
            while (firstData < lines.length && lines[firstData].isBlank()) {
                firstData++;
            }
            if (firstData == lines.length) {
                throw new IllegalArgumentException(file + " has a header but no rows of data");
            }
            String[] f = parse(parser, lines[firstData], file, firstData + 1);
            List<Integer> numeric = new ArrayList<>();
            for (int c = 0; c < Math.min(f.length, names.size()); c++) {
                if (isNumber(f[c].strip()) || isMissing(f[c].strip())) {
                    numeric.add(c);
                }
            }
            if (numeric.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + (firstData + 1) + ": no column holds a number; columns: "
                        + names);
            }
            return numeric.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] chosen = new int[columns.size()];
        for (int k = 0; k < chosen.length; k++) {
            String c = columns.get(k);
            int i = names.indexOf(c);
            if (i < 0) {
                for (int j = 0; j < names.size() && i < 0; j++) {
                    if (names.get(j).equalsIgnoreCase(c)) {
                        i = j;
                    }
                }
            }
            if (i < 0 && c.matches("\\d+") && Integer.parseInt(c) < names.size()) {
                i = Integer.parseInt(c);
            }
            if (i < 0) {
                throw new IllegalArgumentException(file + " has no column '" + c + "'; its columns are " + names
                        + " (or an index 0.." + (names.size() - 1) + ")");
            }
            chosen[k] = i;
        }
        return chosen;
    }

    private static String[] parse(SerializableCSVParser parser, String line, Path file, int lineNumber) {
        try {
            return parser.parseLine(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": " + e.getMessage(), e);
        }
    }

    static boolean isMissing(String cell) {
        return MISSING.contains(cell.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s.strip()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String cell, Path file, int line, String column, int index) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + line + ": column '" + column + "' (" + (index + 1)
                    + ") holds '" + cell + "', which is not a number", e);
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(file + ":" + line + ": column '" + column + "' (" + (index + 1)
                    + ") holds '" + cell + "', which is not a finite number");
        }
        return v;
    }

    /** Fills NaNs in place; returns how many. */
    static int impute(double[][] rows, MissingValues missing, Path file, int[] chosen, List<String> names) {
        int count = 0;
        for (int c = 0; c < (rows.length == 0 ? 0 : rows[0].length); c++) {
            int t = 0;
            while (t < rows.length) {
                if (!Double.isNaN(rows[t][c])) {
                    t++;
                    continue;
                }
                int end = t;
                while (end < rows.length && Double.isNaN(rows[end][c])) {
                    end++;
                }
                if (t == 0 && end == rows.length) {
                    throw new IllegalArgumentException(file + ": column '" + names.get(chosen[c])
                            + "' holds no value at all");
                }
                double before = t > 0 ? rows[t - 1][c] : rows[end][c];
                double after = end < rows.length ? rows[end][c] : before;
                for (int k = t; k < end; k++) {
                    rows[k][c] = missing == MissingValues.FORWARD_FILL ? before
                            : before + (after - before) * (k - t + 1) / (double) (end - t + 1);
                }
                count += end - t;
                t = end;
            }
        }
        return count;
    }

    /** Hex sha256 of the file's bytes, already read (DatasetStore.sha256 would read the file again). */
    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
