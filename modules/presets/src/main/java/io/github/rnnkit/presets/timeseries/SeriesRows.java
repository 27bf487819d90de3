package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;

/** The checks every forecaster makes on the rows it is given. */
final class SeriesRows {
    private SeriesRows() {
    }

    /**
     * Refuses an empty series, columns the rows do not have, rows of unequal width and non-finite values, naming the
     * row and column.
     */
    static void check(double[][] rows, int[] inputColumns, int targetColumn) {
        Checks.notNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("the series is empty");
        }
        int columns = rows[0].length;
        for (int c : inputColumns) {
            if (c >= columns) {
                throw new IllegalArgumentException("input column " + c + " does not exist: the series has " + columns
                        + " column(s)");
            }
        }
        if (targetColumn >= columns) {
            throw new IllegalArgumentException("target column " + targetColumn + " does not exist: the series has "
                    + columns + " column(s)");
        }
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != columns) {
                throw new IllegalArgumentException("row " + t + " has " + rows[t].length + " values; row 0 has "
                        + columns);
            }
            for (int c = 0; c < columns; c++) {
                if (!Double.isFinite(rows[t][c])) {
                    throw new IllegalArgumentException("row " + t + ", column " + c + " is " + rows[t][c]
                            + "; impute or drop missing values before forecasting");
                }
            }
        }
    }
}
