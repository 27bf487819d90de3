package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;

/**
 * The truth and the two reference forecasts from a set of origins: naive (repeat the last observed value) and
 * seasonal naive (the value one season before each forecast step, from observed values only).
 *
 * @param truth    [N][H] true values after each origin
 * @param naive    [N][H] the last observed value
 * @param seasonal [N][H] y(t + h - m * ceil(h / m)) for origin t, step h, season m
 */
public record Baselines(double[][] truth, double[][] naive, double[][] seasonal) {

    /**
     * @param rows    the series
     * @param column  the target column
     * @param origins index of the last observed row of each forecast; origin + horizon must be a row, and
     *                origin - season + 1 >= 0
     */
    public static Baselines of(double[][] rows, int column, int[] origins, int horizon, int season) {
        Checks.positive(horizon, "horizon");
        Checks.positive(season, "season");
        double[][] truth = new double[origins.length][horizon];
        double[][] naive = new double[origins.length][horizon];
        double[][] seasonal = new double[origins.length][horizon];
        for (int i = 0; i < origins.length; i++) {
            int t = origins[i];
            if (t + horizon >= rows.length || t < 0) {
                throw new IllegalArgumentException("origin " + t + " with horizon " + horizon + " runs past the "
                        + rows.length + " rows of the series");
            }
            for (int h = 1; h <= horizon; h++) {
                truth[i][h - 1] = rows[t + h][column];
                naive[i][h - 1] = rows[t][column];
                int back = t + h - season * ((h + season - 1) / season);
                seasonal[i][h - 1] = rows[Math.max(0, back)][column];
            }
        }
        return new Baselines(truth, naive, seasonal);
    }

    /**
     * Mean absolute error of the seasonal-naive one-step forecast, y(t) from y(t - m), over rows [m, end): the MASE
     * denominator (Hyndman and Koehler 2006). NaN when the part is shorter than a season plus one.
     */
    public static double seasonalScale(double[][] rows, int column, int end, int season) {
        double sum = 0;
        int n = 0;
        for (int t = season; t < end; t++) {
            sum += Math.abs(rows[t][column] - rows[t - season][column]);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
