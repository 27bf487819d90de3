package io.github.rnnkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.plot.LinePlot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts the training curves of several runs side by side (e.g. the char LM on rnnkit's layers and on DL4J's, same
 * seed and budget): training loss against wall-clock time and against iterations, from each run's
 * {@code metrics.jsonl}, in two PNGs, plus a table of where each run ended.
 */
public final class CurveComparison {
    private static final int SMOOTHING = 20;

    private CurveComparison() {
    }

    /** One run's batch records: iteration, elapsed seconds, loss; and its last validation figure (NaN if none). */
    record Curve(String name, double[] iteration, double[] seconds, double[] loss, double lastValidation) {
    }

    static Curve read(Path metrics, String name) throws IOException {
        if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException("no metrics log at " + metrics + " (train with --metrics-dir DIR)");
        }
        List<double[]> rows = new ArrayList<>();
        double validation = Double.NaN;
        int lineNo = 0;
        for (String line : Files.readAllLines(metrics)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = Json.mapper().readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(metrics + ":" + lineNo + ": not a JSON record: " + e.getMessage(), e);
            }
            if ("batch".equals(n.path("type").asText()) && n.path("loss").isNumber()) {
                rows.add(new double[]{n.path("iteration").asDouble(), n.path("elapsed_s").asDouble(),
                        n.path("loss").asDouble()});
            } else if ("epoch".equals(n.path("type").asText()) && n.path("val_bpc").isNumber()) {
                validation = n.path("val_bpc").asDouble();
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(metrics + " holds no batch records");
        }
        double[] it = new double[rows.size()];
        double[] s = new double[rows.size()];
        double[] loss = new double[rows.size()];
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            it[i] = rows.get(i)[0];
            s[i] = rows.get(i)[1];
            sum += rows.get(i)[2];
            if (i >= SMOOTHING) {
                sum -= rows.get(i - SMOOTHING)[2];
            }
            loss[i] = sum / Math.min(i + 1, SMOOTHING);
        }
        return new Curve(name, it, s, loss, validation);
    }

    /**
     * Plots the runs and prints a table.
     *
     * @param dirs  metrics folders (each with a metrics.jsonl); the folder name labels the run
     * @param out   prefix of the PNGs: {@code out-time.png} and {@code out-iterations.png}
     */
    public static void run(List<Path> dirs, Path out, PrintWriter table) throws IOException {
        List<Curve> curves = new ArrayList<>();
        for (Path d : dirs) {
            curves.add(read(d.resolve("metrics.jsonl"), d.getFileName().toString()));
        }
        String what = "training loss (nats/char, " + SMOOTHING + "-batch mean)";
        LinePlot byTime = new LinePlot(what + " against time", "seconds");
        LinePlot byIteration = new LinePlot(what + " against iterations", "iteration");
        for (Curve c : curves) {
            byTime.add(new LinePlot.Series(c.name(), c.seconds(), c.loss(), false));
            byIteration.add(new LinePlot.Series(c.name(), c.iteration(), c.loss(), false));
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Path timePng = Path.of(out + "-time.png");
        Path iterationPng = Path.of(out + "-iterations.png");
        byTime.writePng(timePng, 900, 500);
        byIteration.writePng(iterationPng, 900, 500);
        table.println("| run | iterations | seconds | iterations/s | final train loss (nats/char) | last validation BPC |");
        table.println("|---|---|---|---|---|---|");
        for (Curve c : curves) {
            int last = c.loss().length - 1;
            table.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.3f | %.3f |%n", c.name(), c.iteration()[last],
                    c.seconds()[last], c.iteration()[last] / c.seconds()[last], c.loss()[last], c.lastValidation());
        }
        table.println("plots: " + timePng + ", " + iterationPng);
        table.flush();
    }
}
