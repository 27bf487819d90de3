package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.plot.LinePlot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every forecaster offers, whatever is inside it (a gated recurrent network in {@link Forecaster}, an echo state
 * network in {@link EsnForecaster}): forecasts from chosen origins, scores beside the naive baselines, a plot, and a
 * bundle. Rows are a series [T][C] in time order; an origin is the index of the last row a forecast may read.
 */
public interface SeriesForecaster {

    /** Rows each forecast reads, ending at its origin. */
    int lookback();

    /** Steps forecast ahead. */
    int horizon();

    /** The column forecast. */
    int targetColumn();

    /** The seasonal period of the seasonal-naive baseline and MASE (1: none). */
    int season();

    /** The preset name in the bundle. */
    String preset();

    /**
     * Forecasts the next {@link #horizon()} values of the target after each origin, in the series' units.
     *
     * @return [origins][horizon]
     */
    double[][] forecast(double[][] rows, int[] origins);

    /** This model as a bundle. */
    ModelBundle toBundle();

    /** Saves the model to {@code file} (atomically). */
    void save(Path file) throws IOException;

    /** The next {@code horizon} values after the last row of {@code rows}. */
    default double[] forecast(double[][] rows) {
        Checks.notNull(rows, "rows");
        if (rows.length < lookback()) {
            throw new IllegalArgumentException("a forecast needs the last " + lookback() + " rows (the lookback); got "
                    + rows.length);
        }
        return forecast(rows, new int[]{rows.length - 1})[0];
    }

    /**
     * The origins (index of the last observed row) whose forecasts lie in [from, to): every {@code stride}-th of
     * from - 1, from - 1 + stride, ... whose input window starts at row 0 or later and whose last forecast step is
     * before {@code to}.
     */
    default int[] origins(int rows, int from, int to, int stride) {
        Checks.positive(stride, "stride");
        if (from < 0 || from > to || to > rows) {
            throw new IllegalArgumentException("need 0 <= from <= to <= rows; got " + from + ", " + to + ", " + rows);
        }
        int first = Math.max(from - 1, lookback() - 1);
        int last = to - horizon() - 1;
        List<Integer> out = new ArrayList<>();
        for (int t = first; t <= last; t += stride) {
            out.add(t);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Scores forecasts from every {@code stride}-th origin whose forecast lies in rows [from, to), beside the naive
     * and seasonal-naive forecasts; MASE is scaled by the seasonal-naive in-sample error on rows [0, trainEnd).
     */
    default ForecastReport evaluate(double[][] rows, int trainEnd, int from, int to, int stride) {
        int[] origins = origins(rows.length, from, to, stride);
        if (origins.length == 0) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") hold no forecast of " + horizon()
                    + " step(s) after a lookback of " + lookback());
        }
        return score(rows, origins, trainEnd);
    }

    /** Scores the forecasts from the given origins (see {@link #evaluate}). */
    default ForecastReport score(double[][] rows, int[] origins, int trainEnd) {
        double[][] forecast = forecast(rows, origins);
        Baselines b = Baselines.of(rows, targetColumn(), origins, horizon(), season());
        return ForecastReport.of(forecast, b.truth(), b.naive(), b.seasonal(),
                Baselines.seasonalScale(rows, targetColumn(), trainEnd, season()), season());
    }

    /**
     * A plot of the truth over rows [from, to) and the forecasts from origins {@code horizon} steps apart, so that
     * they tile the range.
     */
    default BufferedImage plot(double[][] rows, int from, int to, String title) {
        int h = horizon();
        int[] origins = origins(rows.length, from, to, h);
        if (origins.length == 0) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") hold no forecast to plot");
        }
        double[][] forecast = forecast(rows, origins);
        int start = Math.max(0, from - lookback());
        double[] tx = new double[to - start];
        double[] ty = new double[to - start];
        for (int t = start; t < to; t++) {
            tx[t - start] = t;
            ty[t - start] = rows[t][targetColumn()];
        }
        double[] fx = new double[origins.length * h];
        double[] fy = new double[fx.length];
        for (int i = 0; i < origins.length; i++) {
            for (int k = 0; k < h; k++) {
                fx[i * h + k] = origins[i] + 1 + k;
                fy[i * h + k] = forecast[i][k];
            }
        }
        return new LinePlot(title, "step").add(new LinePlot.Series("truth", tx, ty, false))
                .add(new LinePlot.Series("forecast (" + h + " steps from each origin)", fx, fy, false))
                .render(1000, 480);
    }

    /**
     * Loads any forecaster bundle ({@link Forecaster} or {@link EsnForecaster}), by the preset it names.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt or holds another kind of model
     */
    static SeriesForecaster load(Path file) throws IOException {
        return from(ModelBundle.load(file), file);
    }

    /**
     * The forecaster in an already loaded bundle ({@code file} names it in errors): for callers that also read the
     * bundle's other artifacts, so that the zip is read once.
     */
    static SeriesForecaster from(ModelBundle bundle, Path file) {
        String preset = bundle.preset();
        SeriesForecaster inner = null;
        if (EsnForecaster.PRESET.equals(preset)) {
            inner = EsnForecaster.from(bundle, file);
        }
        if (Forecaster.PRESET.equals(preset)) {
            inner = Forecaster.from(bundle, file);
        }
        if (inner != null) {
            return DifferencedForecaster.wrapIfRecorded(inner, bundle, file);
        }
        throw new IllegalArgumentException(file + " holds a '" + preset + "' model, not a forecaster ('"
                + Forecaster.PRESET + "' or '" + EsnForecaster.PRESET + "')");
    }
}
