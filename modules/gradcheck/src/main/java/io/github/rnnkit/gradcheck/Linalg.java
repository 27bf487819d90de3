package io.github.rnnkit.gradcheck;

/** The handful of dense double-precision operations the reference cells need, written out plainly. */
final class Linalg {
    private Linalg() {
    }

    /** y = M v, M [r][c], v [c]. */
    static double[] mul(double[][] m, double[] v) {
        double[] y = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += m[i][j] * v[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** y = M^T v, M [r][c], v [r]. */
    static double[] mulT(double[][] m, double[] v) {
        double[] y = new double[m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < y.length; j++) {
                y[j] += m[i][j] * v[i];
            }
        }
        return y;
    }

    /** acc += u v^T (outer product), acc [u.length][v.length]. */
    static void addOuter(double[][] acc, double[] u, double[] v) {
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
                acc[i][j] += u[i] * v[j];
            }
        }
    }

    /** acc += v. */
    static void addTo(double[] acc, double[] v) {
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }

    static double[] add(double[] a, double[] b) {
        double[] y = a.clone();
        addTo(y, b);
        return y;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** softmax(o), stabilised by subtracting max(o). */
    static double[] softmax(double[] o) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : o) {
            max = Math.max(max, v);
        }
        double[] y = new double[o.length];
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
            y[i] = Math.exp(o[i] - max);
            sum += y[i];
        }
        for (int i = 0; i < o.length; i++) {
            y[i] /= sum;
        }
        return y;
    }
}
