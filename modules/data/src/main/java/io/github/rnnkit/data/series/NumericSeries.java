package io.github.rnnkit.data.series;

import io.github.rnnkit.core.Checks;

import java.util.List;

/**
 * A numeric series in time order: {@code rows[t][c]} is column {@code columns.get(c)} at step t.
 *
 * @param name    a short name (a dataset id or the file name)
 * @param columns the column names, one per row entry
 * @param rows    the values, every row as wide as {@code columns}, all finite
 * @param origin  where the values came from (a file path, a package path, a generator and its seed)
 * @param sha256  the source file's sha256, or the empty string for generated series
 * @param season  the seasonal period in steps (52 for weekly data with a yearly cycle), 1 when there is none
 * @param imputed how many missing values were filled in when reading
 */
public record NumericSeries(String name, List<String> columns, double[][] rows, String origin, String sha256,
                            int season, int imputed) {

    public NumericSeries {
        Checks.notNull(name, "name");
        Checks.notNull(columns, "columns");
        Checks.notNull(rows, "rows");
        Checks.notNull(origin, "origin");
        Checks.notNull(sha256, "sha256");
        Checks.positive(season, "season");
        Checks.nonNegative(imputed, "imputed");
        columns = List.copyOf(columns);
        for (int t = 0; t < rows.length; t++) {
            if (rows[t] == null || rows[t].length != columns.size()) {
                throw new IllegalArgumentException(name + ": row " + t + " has "
                        + (rows[t] == null ? "no" : rows[t].length) + " values, expected " + columns.size());
            }
        }
    }

    /** Number of steps. */
    public int length() {
        return rows.length;
    }

    /** The index of a column named {@code column}, or of index {@code column} when it is a whole number. */
    public int column(String column) {
        Checks.notNull(column, "column");
        int i = columns.indexOf(column);
        if (i >= 0) {
            return i;
        }
        for (int k = 0; k < columns.size(); k++) {
            if (columns.get(k).equalsIgnoreCase(column)) {
                return k;
            }
        }
        if (column.matches("\\d+") && Integer.parseInt(column) < columns.size()) {
            return Integer.parseInt(column);
        }
        throw new IllegalArgumentException(name + " has no column '" + column + "'; its columns are " + columns
                + " (or an index 0.." + (columns.size() - 1) + ")");
    }

    /** One column as an array. */
    public double[] values(int column) {
        Checks.nonNegative(column, "column");
        if (column >= columns.size()) {
            throw new IllegalArgumentException("column " + column + " is out of range: " + name + " has "
                    + columns.size() + " column(s)");
        }
        double[] v = new double[rows.length];
        for (int t = 0; t < rows.length; t++) {
            v[t] = rows[t][column];
        }
        return v;
    }

    /** This series keeping only the given columns, in that order. */
    public NumericSeries select(int... keep) {
        double[][] out = new double[rows.length][keep.length];
        String[] names = new String[keep.length];
        for (int k = 0; k < keep.length; k++) {
            names[k] = columns.get(keep[k]);
            for (int t = 0; t < rows.length; t++) {
                out[t][k] = rows[t][keep[k]];
            }
        }
        return new NumericSeries(name, List.of(names), out, origin, sha256, season, imputed);
    }

    /** This series with another seasonal period. */
    public NumericSeries withSeason(int newSeason) {
        return new NumericSeries(name, columns, rows, origin, sha256, newSeason, imputed);
    }
}
