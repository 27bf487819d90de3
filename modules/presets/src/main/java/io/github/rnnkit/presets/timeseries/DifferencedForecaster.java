package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.bundle.ModelBundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A forecaster that models differences {@code d(t) = x(t) - x(t - lag)} instead of levels: lag 1 removes a trend,
 * lag = season removes a seasonal pattern (then a forecast of zero differences is the seasonal-naive forecast, and the
 * model learns what changes from one season to the next). Every column is differenced; the inner model is trained on
 * {@link #difference} of the series and its forecasts are integrated back to levels:
 * {@code x(o+k) = d(o+k) + x(o+k-lag)}, with earlier forecasts standing in for values after the origin.
 *
 * <p>A trending series is the case for it: a model whose scaler was fitted on the training part sees test values
 * outside anything it was trained on, while their differences stay in range.
 */
public final class DifferencedForecaster implements SeriesForecaster {
    static final String ARTIFACT = "difference.json";

    private final SeriesForecaster inner;
    private final int lag;

    /** Wraps a model trained on {@code difference(rows, lag)}. */
    public DifferencedForecaster(SeriesForecaster inner, int lag) {
        this.inner = Checks.notNull(inner, "inner");
        Checks.positive(lag, "lag");
        this.lag = lag;
    }

    /** Rows [T - lag][C]: {@code out[t - lag][c] = rows[t][c] - rows[t - lag][c]}. */
    public static double[][] difference(double[][] rows, int lag) {
        Checks.notNull(rows, "rows");
        Checks.positive(lag, "lag");
        if (rows.length <= lag) {
            throw new IllegalArgumentException("differencing at lag " + lag + " needs more than " + lag + " rows; got "
                    + rows.length);
        }
        double[][] out = new double[rows.length - lag][];
        for (int t = lag; t < rows.length; t++) {
            out[t - lag] = new double[rows[t].length];
            for (int c = 0; c < rows[t].length; c++) {
                out[t - lag][c] = rows[t][c] - rows[t - lag][c];
            }
        }
        return out;
    }

    public SeriesForecaster inner() {
        return inner;
    }

    public int lag() {
        return lag;
    }

    @Override
    public int lookback() {
        return inner.lookback() + lag;
    }

    @Override
    public int horizon() {
        return inner.horizon();
    }

    @Override
    public int targetColumn() {
        return inner.targetColumn();
    }

    @Override
    public int season() {
        return inner.season();
    }

    @Override
    public String preset() {
        return inner.preset();
    }

    @Override
    public double[][] forecast(double[][] rows, int[] origins) {
        Checks.notNull(rows, "rows");
        Checks.notNull(origins, "origins");
        for (int o : origins) {
            if (o < lookback() - 1 || o >= rows.length) {
                throw new IllegalArgumentException("origin " + o + " needs rows " + (o - lookback() + 1) + ".." + o
                        + " of a series of " + rows.length + " rows (lookback " + inner.lookback() + " + lag " + lag
                        + ")");
            }
        }
        double[][] d = difference(rows, lag);
        int[] shifted = new int[origins.length];
        for (int i = 0; i < origins.length; i++) {
            shifted[i] = origins[i] - lag;
        }
        double[][] deltas = inner.forecast(d, shifted);
        int target = targetColumn();
        double[][] out = new double[origins.length][horizon()];
        for (int i = 0; i < origins.length; i++) {
            int o = origins[i];
            for (int k = 0; k < horizon(); k++) {
                int t = o + 1 + k;
                double base = t - lag <= o ? rows[t - lag][target] : out[i][k - lag];
                out[i][k] = deltas[i][k] + base;
            }
        }
        return out;
    }

    @Override
    public ModelBundle toBundle() {
        return inner.toBundle().withArtifact(ARTIFACT, ("{\"lag\": " + lag + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void save(Path file) throws IOException {
        toBundle().save(file);
    }

    record Saved(int lag) {
    }

    /** The model a bundle holds: wrapped when the bundle records differencing. */
    static SeriesForecaster wrapIfRecorded(SeriesForecaster inner, ModelBundle bundle, Path file) {
        if (!bundle.artifacts().containsKey(ARTIFACT)) {
            return inner;
        }
        Saved saved = io.github.rnnkit.core.io.Json.read(new String(bundle.artifact(ARTIFACT), StandardCharsets.UTF_8),
                Saved.class, ARTIFACT + " in " + file);
        if (saved.lag() < 1) {
            throw new IllegalArgumentException(ARTIFACT + " in " + file + " holds lag " + saved.lag() + "; must be >= 1");
        }
        return new DifferencedForecaster(inner, saved.lag());
    }
}
