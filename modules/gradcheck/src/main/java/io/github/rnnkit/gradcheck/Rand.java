package io.github.rnnkit.gradcheck;

import java.util.SplittableRandom;

/** Seeded uniform random arrays for the checks. */
final class Rand {
    private Rand() {
    }

    static double[] vector(SplittableRandom r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * r.nextDouble() - 1) * scale;
        }
        return v;
    }

    static double[][] matrix(SplittableRandom r, int rows, int cols, double scale) {
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = vector(r, cols, scale);
        }
        return m;
    }
}
