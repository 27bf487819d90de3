package io.github.rnnkit.cli;

import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.data.series.MissingValues;
import io.github.rnnkit.data.series.NumericSeries;
import io.github.rnnkit.data.series.SeriesCsv;
import io.github.rnnkit.data.series.StatsmodelsSeries;
import io.github.rnnkit.data.series.SyntheticSeries;
import io.github.rnnkit.data.store.DatasetStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a forecaster's series comes from and how it is split, saved in the bundle ({@value #ARTIFACT}) so that
 * {@code rnnkit evaluate} and {@code rnnkit forecast} read the same data the same way.
 *
 * @param dataset      a named dataset ({@link #DATASETS}), or {@code csv}
 * @param file         the CSV file (absolute), for {@code csv}
 * @param target       the column forecast (a name or a 0-based index)
 * @param inputs       the columns read besides the target (names or indexes); for NARMA-10, {@code u} only
 * @param readsTarget  whether the model reads the target column's past (false only for NARMA-10's u -> y task)
 * @param delimiter    the CSV delimiter
 * @param missing      what to do with missing CSV values
 * @param length       steps generated, for the synthetic datasets
 * @param seed         generator seed, for the synthetic datasets
 * @param valFraction  the chronological validation part (after training)
 * @param testFraction the chronological test part (the last rows)
 */
record SeriesSource(String dataset, String file, String target, List<String> inputs, boolean readsTarget,
                    char delimiter, MissingValues missing, int length, long seed, double valFraction,
                    double testFraction) {
    static final String ARTIFACT = "series.json";
    static final List<String> DATASETS = List.of("co2", "sunspots", "nile", "elnino", "elec_equip", "mackey-glass",
            "narma10");

    SeriesSource {
        inputs = List.copyOf(inputs);
        if (!(valFraction >= 0 && testFraction > 0 && valFraction + testFraction < 0.9)) {
            throw new RnnkitCli.UsageException("--val-fraction (" + valFraction + ") must be >= 0 and --test-fraction ("
                    + testFraction + ") > 0, together below 0.9");
        }
    }

    /** The series, its columns ordered as the model reads them: the inputs, then the target last. */
    Loaded load() throws IOException {
        NumericSeries raw;
        List<String> requested = null;     // for a CSV: the columns read, in the order the series holds them
        switch (dataset) {
            case "csv" -> {
                requested = new ArrayList<>(inputs);
                if (!requested.contains(target)) {
                    requested.add(target);
                }
                raw = SeriesCsv.read(Path.of(file), requested, missing, delimiter);
            }
            case "mackey-glass" -> raw = SyntheticSeries.mackeyGlass(length, 17, seed);
            case "narma10" -> raw = SyntheticSeries.narma(length, 10, seed);
            default -> raw = StatsmodelsSeries.byId(dataset).read(DatasetStore.defaultStore());
        }
        List<Integer> keep = new ArrayList<>();
        for (String c : inputs) {
            keep.add(requested != null ? requested.indexOf(c) : raw.column(c));
        }
        int targetIndex = requested != null ? requested.indexOf(target) : raw.column(target);
        keep.remove(Integer.valueOf(targetIndex));
        keep.add(targetIndex);
        NumericSeries series = raw.select(keep.stream().mapToInt(Integer::intValue).toArray());
        int n = series.length();
        int target = keep.size() - 1;
        int[] inputColumns = new int[readsTarget ? keep.size() : keep.size() - 1];
        for (int i = 0; i < inputColumns.length; i++) {
            inputColumns[i] = i;
        }
        if (inputColumns.length == 0) {
            throw new RnnkitCli.UsageException("the model reads no column: give --inputs when the target's past is not "
                    + "read");
        }
        int testStart = (int) Math.round(n * (1 - testFraction));
        int trainEnd = (int) Math.round(n * (1 - testFraction - valFraction));
        return new Loaded(series, inputColumns, target, trainEnd, testStart);
    }

    /** The loaded series and its chronological split: train [0, trainEnd), validation [trainEnd, testStart), test. */
    record Loaded(NumericSeries series, int[] inputColumns, int targetColumn, int trainEnd, int testStart) {
        double[][] rows() {
            return series.rows();
        }

        String describe() {
            int n = series.length();
            return String.format(Locale.ROOT, "%s: %d steps, columns %s (target '%s'); train %d, validation %d, test %d"
                            + " (chronological)%s", series.name(), n, series.columns(),
                    series.columns().get(targetColumn), trainEnd, testStart - trainEnd, n - testStart,
                    series.imputed() > 0 ? "; " + series.imputed() + " missing value(s) imputed" : "");
        }
    }

    byte[] toJson() {
        return Json.write(this).getBytes(StandardCharsets.UTF_8);
    }

    static SeriesSource fromJson(byte[] json, String what) {
        return Json.read(new String(json, StandardCharsets.UTF_8), SeriesSource.class, what);
    }

    /** This source reading another CSV file (same columns and split). */
    SeriesSource withFile(Path other) {
        if (!"csv".equals(dataset)) {
            throw new RnnkitCli.UsageException("this model was trained on the dataset '" + dataset + "'; --data FILE "
                    + "can only replace the CSV file of a model trained on --data");
        }
        return new SeriesSource(dataset, other.toAbsolutePath().toString(), target, inputs, readsTarget, delimiter,
                missing, length, seed, valFraction, testFraction);
    }
}
