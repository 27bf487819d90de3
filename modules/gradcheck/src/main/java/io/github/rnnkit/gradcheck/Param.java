package io.github.rnnkit.gradcheck;

/**
 * A named parameter (or gradient) tensor of the reference implementations: a vector or a row-major matrix
 * held as {@code double[][]} rows, so that the equations can index it as they are written
 * ({@code W[i][j]}) while the checker walks its entries by a flat index.
 *
 * @param name the name as in the equations, e.g. {@code W}
 * @param rows the values; a vector is one row
 */
public record Param(String name, double[][] rows) {

    public static Param vector(String name, double[] values) {
        return new Param(name, new double[][]{values});
    }

    public static Param matrix(String name, double[][] values) {
        return new Param(name, values);
    }

    /** Number of entries. */
    public int size() {
        return rows.length * rows[0].length;
    }

    public double get(int i) {
        int cols = rows[0].length;
        return rows[i / cols][i % cols];
    }

    public void set(int i, double v) {
        int cols = rows[0].length;
        rows[i / cols][i % cols] = v;
    }

    /** "W [4 x 5]" or "b [5]". */
    public String shape() {
        return rows.length == 1 ? "[" + rows[0].length + "]" : "[" + rows.length + " x " + rows[0].length + "]";
    }
}
