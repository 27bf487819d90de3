package io.github.rnnkit.data.series;

import io.github.rnnkit.core.Checks;
import org.datavec.api.records.reader.impl.csv.CSVSequenceRecordReader;
import org.datavec.api.split.NumberedFileInputSplit;
import org.datavec.api.writable.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled numeric sequences in DL4J's convention: one sequence per file, {@code features/0.csv},
 * {@code features/1.csv}, ... (one row per time step, one column per variable) and {@code labels/0.csv}, ... (one
 * line: the class label of the whole sequence), read with DataVec's {@link CSVSequenceRecordReader}. Sequences may
 * differ in length (the classifier masks them) but not in width.
 */
public final class SequenceFiles {
    private static final Logger log = LoggerFactory.getLogger(SequenceFiles.class);

    /** One sequence: {@code values[t][c]}, its class label, and the file it came from. */
    public record Labelled(double[][] values, String label, String origin) {
    }

    private SequenceFiles() {
    }

    /**
     * Reads sequences {@code first..last} (inclusive) from {@code dir/features/N.csv} and {@code dir/labels/N.csv}.
     *
     * @param skipLines header lines at the top of each features file
     * @throws IllegalArgumentException naming the file (and line, column) for: a missing file, an empty sequence, a
     *         cell that is not a number, a row of another width, a labels file without exactly one value
     */
    public static List<Labelled> read(Path dir, int first, int last, int skipLines) throws IOException {
        Checks.notNull(dir, "dir");
        Checks.nonNegative(first, "first");
        Checks.nonNegative(skipLines, "skipLines");
        if (last < first) {
            throw new IllegalArgumentException("last (" + last + ") must be >= first (" + first + ")");
        }
        Path features = dir.resolve("features");
        Path labels = dir.resolve("labels");
        for (int i = first; i <= last; i++) {
            for (Path p : List.of(features.resolve(i + ".csv"), labels.resolve(i + ".csv"))) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("sequence file " + p + " does not exist (expected "
                            + first + ".csv.." + last + ".csv in " + p.getParent() + ")");
                }
            }
        }
        List<Labelled> out = new ArrayList<>();
        int width = -1;
        try (CSVSequenceRecordReader fr = new CSVSequenceRecordReader(skipLines, ",");
             CSVSequenceRecordReader lr = new CSVSequenceRecordReader(0, ",")) {
            try {
                fr.initialize(new NumberedFileInputSplit(features.toAbsolutePath() + "/%d.csv", first, last));
                lr.initialize(new NumberedFileInputSplit(labels.toAbsolutePath() + "/%d.csv", first, last));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while opening " + dir, e);
            }
            for (int i = first; i <= last; i++) {
                Path ff = features.resolve(i + ".csv");
                Path lf = labels.resolve(i + ".csv");
                List<List<Writable>> steps = fr.sequenceRecord();
                List<List<Writable>> label = lr.sequenceRecord();
                if (steps.isEmpty()) {
                    throw new IllegalArgumentException(ff + " holds no time steps (an empty sequence)");
                }
                double[][] values = new double[steps.size()][];
                for (int t = 0; t < steps.size(); t++) {
                    List<Writable> row = steps.get(t);
                    if (width < 0) {
                        width = row.size();
                    }
                    int line = skipLines + t + 1;
                    if (row.size() != width) {
                        throw new IllegalArgumentException(ff + ":" + line + ": the row has " + row.size()
                                + " value(s) but the sequences so far have " + width + " (ragged rows are refused)");
                    }
                    values[t] = new double[width];
                    for (int c = 0; c < width; c++) {
                        String cell = row.get(c).toString().strip();
                        try {
                            values[t][c] = Double.parseDouble(cell);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(ff + ":" + line + ": column " + (c + 1) + " holds '"
                                    + cell + "', which is not a number", e);
                        }
                        if (!Double.isFinite(values[t][c])) {
                            throw new IllegalArgumentException(ff + ":" + line + ": column " + (c + 1) + " holds '"
                                    + cell + "', which is not a finite number");
                        }
                    }
                }
                if (label.size() != 1 || label.get(0).size() != 1 || label.get(0).get(0).toString().isBlank()) {
                    throw new IllegalArgumentException(lf + " must hold exactly one value (the sequence's label), got "
                            + label);
                }
                out.add(new Labelled(values, label.get(0).get(0).toString().strip(), ff.toString()));
            }
        }
        log.info("Read {} labelled sequences of width {} from {}", out.size(), width, dir);
        return out;
    }
}
