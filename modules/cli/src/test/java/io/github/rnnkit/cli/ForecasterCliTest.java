package io.github.rnnkit.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnkit train forecaster / evaluate / forecast} in process: an ESN on the real co2 series, a GRU on a CSV
 * file, and the errors a user meets with bad input.
 */
class ForecasterCliTest {
    @TempDir
    static Path dir;
    static Path csv;

    @BeforeAll
    static void writeCsv() throws IOException {
        StringBuilder b = new StringBuilder("day,load,temp\n");
        for (int t = 0; t < 400; t++) {
            b.append(String.format(Locale.ROOT, "d%d,%.4f,%.2f%n", t, 50 + 10 * Math.sin(2 * Math.PI * t / 24)
                    + 3 * Math.sin(2 * Math.PI * t / 7), 20 + Math.cos(t / 10.0)));
        }
        csv = dir.resolve("load.csv");
        Files.writeString(csv, b.toString());
    }

    private static double modelRmse(String table) {
        Matcher m = Pattern.compile("(?m)^forecaster\\s+(\\S+)").matcher(table);
        assertTrue(m.find(), table);
        return Double.parseDouble(m.group(1));
    }

    private static double naiveRmse(String table) {
        Matcher m = Pattern.compile("(?m)^naive \\(last value\\)\\s+(\\S+)").matcher(table);
        assertTrue(m.find(), table);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void esnOnCo2BeatsTheSeasonalNaiveThenEvaluatesAndForecastsFromTheBundle() throws IOException {
        Path bundle = dir.resolve("co2-esn.zip");
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "forecaster", "--dataset", "co2", "--cell", "esn",
                "--reservoir", "200", "-o", bundle.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("59 missing value(s) imputed"), r.out());
        Matcher seasonal = Pattern.compile("(?m)^seasonal naive \\(m=52\\)\\s+(\\S+)").matcher(r.out());
        assertTrue(seasonal.find(), r.out());
        double rmse = modelRmse(r.out());
        assertTrue(rmse < Double.parseDouble(seasonal.group(1)), r.out());
        assertTrue(Files.size(dir.resolve("co2-esn-metrics/forecast.png")) > 1000);

        RnnkitCliTest.Result e = RnnkitCliTest.run("evaluate", bundle.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(rmse, modelRmse(e.out()), 0.0, "evaluate reproduces the training run's test score");

        RnnkitCliTest.Result f = RnnkitCliTest.run("forecast", bundle.toString(), "--png",
                dir.resolve("next.png").toString());
        assertEquals(0, f.code(), f.err());
        String[] lines = f.out().strip().split("\n");
        assertEquals(53, lines.length, f.out());
        assertTrue(lines[1].startsWith("2284\t"), lines[1]);
        double next = Double.parseDouble(lines[1].split("\t")[1]);
        assertTrue(next > 360 && next < 380, "co2 in early 2002 was about 370 ppm, forecast " + next);
        assertTrue(Files.size(dir.resolve("next.png")) > 1000);
    }

    @Test
    void gruOnACsvColumnBeatsTheNaiveForecast() {
        Path bundle = dir.resolve("load-gru.zip");
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "forecaster", "--data", csv.toString(), "--column", "load",
                "--inputs", "temp", "--cell", "gru", "--hidden", "16", "--lookback", "24", "--horizon", "3",
                "--epochs", "40", "--lr", "0.01", "--season", "24", "-o", bundle.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(modelRmse(r.out()) < 0.7 * naiveRmse(r.out()), r.out());
        RnnkitCliTest.Result e = RnnkitCliTest.run("evaluate", bundle.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(modelRmse(r.out()), modelRmse(e.out()), 1e-9);
    }

    private static void assertError(int code, String part, String... args) {
        RnnkitCliTest.Result r = RnnkitCliTest.run(args);
        assertEquals(code, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(part), "expected '" + part + "' in: " + r.err());
    }

    @Test
    void badInputGetsClearErrors() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "t,v\n1,2\n2,x3\n");
        assertError(1, "bad.csv:3: column 'v' (2) holds 'x3', which is not a number",
                "train", "forecaster", "--data", bad.toString(), "--column", "v");
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "t,v\n1,2\n2\n");
        assertError(1, "ragged.csv:3: the row has 1 field(s) but the header has 2",
                "train", "forecaster", "--data", ragged.toString(), "--column", "v");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertError(1, "empty.csv is empty", "train", "forecaster", "--data", empty.toString(), "--column", "v");
        assertError(1, "has no column 'price'; its columns are [day, load, temp]",
                "train", "forecaster", "--data", csv.toString(), "--column", "price");
        assertError(2, "--lookback 5000 and --horizon 1 need at least 5002 training rows",
                "train", "forecaster", "--data", csv.toString(), "--column", "load", "--lookback", "5000");
        assertError(2, "--horizon must be at least 1 step, got 0",
                "train", "forecaster", "--data", csv.toString(), "--column", "load", "--horizon", "0");
        assertError(2, "--spectral-radius must be",
                "train", "forecaster", "--data", csv.toString(), "--column", "load", "--cell", "esn",
                "--spectral-radius", "0");
        assertError(2, "--spectral-radius must be",
                "train", "forecaster", "--data", csv.toString(), "--column", "load", "--cell", "esn",
                "--spectral-radius", "-1");
        RnnkitCliTest.Result byIndex = RnnkitCliTest.run("train", "forecaster", "--data", csv.toString(), "--column", "1",
                "--inputs", "2", "--cell", "esn", "--reservoir", "50", "--lookback", "24", "-o",
                dir.resolve("by-index.zip").toString());
        assertEquals(0, byIndex.code(), byIndex.err());
        assertTrue(byIndex.out().contains("columns [temp, load] (target 'load')"), byIndex.out());
        assertError(2, "give either --data CSV", "train", "forecaster", "--data", csv.toString(), "--dataset", "co2");
        assertError(2, "--length sets how many steps mackey-glass / narma10 generate",
                "train", "forecaster", "--data", csv.toString(), "--column", "load", "--length", "500");
        assertError(2, "--lookback (10) must be at least the reservoir's washout (50)",
                "train", "forecaster", "--data", csv.toString(), "--column", "load", "--cell", "esn", "--lookback", "10",
                "--washout", "50");
        assertError(2, "unknown --dataset 'airline'", "train", "forecaster", "--dataset", "airline");
        assertError(2, "--data needs --column", "train", "forecaster", "--data", csv.toString());
        assertError(1, "does not exist", "train", "forecaster", "--data", dir.resolve("nope.csv").toString(),
                "--column", "v");
    }
}
