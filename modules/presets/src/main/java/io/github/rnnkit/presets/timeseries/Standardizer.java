package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;

/**
 * Per-column standardisation, (x - mean) / std, fitted on the training rows only and saved with the model.
 *
 * @param mean per column
 * @param std  per column (a constant column gets 1, so it maps to 0)
 */
public record Standardizer(double[] mean, double[] std) {

    public Standardizer {
        Checks.notNull(mean, "mean");
        Checks.notNull(std, "std");
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means for " + std.length + " standard deviations");
        }
        mean = mean.clone();
        std = std.clone();
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("column " + c + ": mean " + mean[c] + ", std " + std[c]
                        + "; need a finite mean and a positive std");
            }
        }
    }

    /** Fits means and standard deviations on rows [0, end). */
    public static Standardizer fit(double[][] rows, int end) {
        Checks.notNull(rows, "rows");
        if (end < 1 || end > rows.length) {
            throw new IllegalArgumentException("cannot fit on the first " + end + " of " + rows.length + " rows");
        }
        int columns = rows[0].length;
        double[] mean = new double[columns];
        double[] std = new double[columns];
        for (int c = 0; c < columns; c++) {
            double sum = 0;
            for (int t = 0; t < end; t++) {
                sum += rows[t][c];
            }
            mean[c] = sum / end;
            double sq = 0;
            for (int t = 0; t < end; t++) {
                sq += (rows[t][c] - mean[c]) * (rows[t][c] - mean[c]);
            }
            double s = Math.sqrt(sq / end);
            std[c] = s > 1e-12 * Math.max(1, Math.abs(mean[c])) ? s : 1.0;
        }
        return new Standardizer(mean, std);
    }

    public double scale(int column, double value) {
        return (value - mean[column]) / std[column];
    }

    public double unscale(int column, double value) {
        return value * std[column] + mean[column];
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }
}
