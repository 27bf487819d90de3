package io.github.rnnkit.core.train;

import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.core.plot.LinePlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the run's metrics as JSON lines ({@code metrics.jsonl}: one object per batch, one per epoch)
 * and redraws a training-curve PNG ({@code training-curve.png}: training loss per iteration, smoothed,
 * and the validation metric per epoch on its own axis) after every epoch and at the end.
 *
 * <pre>
 * {"type":"batch","epoch":1,"iteration":37,"loss":2.1034,"grad_norm":1.92,"tokens":6400,"tokens_per_s":5123.4,"elapsed_s":12.5}
 * {"type":"epoch","epoch":1,"iteration":400,"loss":2.0211,"val_bpc":2.7301,"improved":true,"elapsed_s":130.2}
 * </pre>
 *
 * <p>A resumed run appends to the same file.
 */
public final class MetricsLog implements TrainerListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsLog.class);
    private static final int SMOOTHING = 20;

    private final Path jsonl;
    private final Path curve;
    private final BufferedWriter writer;
    private final List<double[]> losses = new ArrayList<>();      // (iteration, loss)
    private final List<double[]> validations = new ArrayList<>(); // (iteration, value)
    private String metric;

    /**
     * @param dir directory for {@code metrics.jsonl} and {@code training-curve.png}; created if missing
     */
    public MetricsLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.jsonl = dir.resolve("metrics.jsonl");
        this.curve = dir.resolve("training-curve.png");
        this.writer = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    public Path jsonlFile() {
        return jsonl;
    }

    public Path curveFile() {
        return curve;
    }

    @Override
    public void onBatch(BatchReport r) {
        losses.add(new double[]{r.iteration(), r.loss()});
        write(String.format(Locale.ROOT,
                "{\"type\":\"batch\",\"epoch\":%d,\"iteration\":%d,\"loss\":%s,\"grad_norm\":%s,\"tokens\":%d,"
                        + "\"tokens_per_s\":%.1f,\"elapsed_s\":%.3f}",
                r.epoch() + 1, r.iteration(), num(r.loss()), num(r.gradientNorm()), r.tokens(), r.tokensPerSecond(),
                r.elapsed().toMillis() / 1000.0));
    }

    @Override
    public void onEpoch(EpochReport r) {
        metric = r.metric();
        String val = "";
        if (r.metric() != null) {
            validations.add(new double[]{r.iteration(), r.validation()});
            val = String.format(Locale.ROOT, ",\"%s\":%s,\"improved\":%s", r.metric(), num(r.validation()),
                    r.improved());
        }
        write(String.format(Locale.ROOT, "{\"type\":\"epoch\",\"epoch\":%d,\"iteration\":%d,\"loss\":%s%s,"
                + "\"elapsed_s\":%.3f}", r.epoch() + 1, r.iteration(), num(r.meanLoss()), val,
                r.elapsed().toMillis() / 1000.0));
        flush();
        drawCurve();
    }

    @Override
    public void onFinish(TrainingResult result) {
        flush();
        drawCurve();
        log.info("Metrics written to {} and {}", jsonl, curve);
    }

    /** Redraws the PNG from what has been seen so far. */
    public void drawCurve() {
        if (losses.isEmpty()) {
            return;
        }
        LinePlot plot = curvePlot();
        try {
            AtomicFiles.write(curve, tmp -> plot.writePng(tmp, 900, 500));
        } catch (IOException e) {
            log.warn("Could not write the training curve {}: {}", curve, e.getMessage());
        }
    }

    /**
     * The training curve seen so far as an image (a notebook cell ending in it shows it inline).
     *
     * @throws IllegalStateException before the first batch
     */
    public BufferedImage curveImage() {
        if (losses.isEmpty()) {
            throw new IllegalStateException("no batch has been logged yet, so there is no training curve to draw");
        }
        return curvePlot().render(900, 500);
    }

    private LinePlot curvePlot() {
        double[] x = new double[losses.size()];
        double[] y = new double[losses.size()];
        double sum = 0;
        for (int i = 0; i < losses.size(); i++) {
            sum += losses.get(i)[1];
            if (i >= SMOOTHING) {
                sum -= losses.get(i - SMOOTHING)[1];
            }
            x[i] = losses.get(i)[0];
            y[i] = sum / Math.min(i + 1, SMOOTHING);
        }
        LinePlot plot = new LinePlot("Training curve", "iteration")
                .add(new LinePlot.Series("train loss (nats/token, " + SMOOTHING + "-batch mean)", x, y, false));
        if (!validations.isEmpty()) {
            double[] vx = validations.stream().mapToDouble(v -> v[0]).toArray();
            double[] vy = validations.stream().mapToDouble(v -> v[1]).toArray();
            plot.add(new LinePlot.Series(metric, vx, vy, true));
        }
        return plot;
    }

    private void write(String line) {
        try {
            writer.write(line);
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + jsonl, e);
        }
    }

    private void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + jsonl, e);
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
