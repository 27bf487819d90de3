package io.github.rnnkit.core;

import java.util.Arrays;

/**
 * The eigenvalues of a real square matrix, in Java and double precision: Householder reduction to upper
 * Hessenberg form, then Francis's implicit double-shift QR iteration on the unreduced block, eigenvalues only
 * (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., sections 7.4 and 7.5).
 *
 * <p>Why not LAPACK: the {@code dgeev} of the OpenBLAS 0.3.19 that ND4J bundles returned eigenvalues off by a
 * factor of up to 5 on an Intel AVX-512 CPU (its SkylakeX kernels; right with {@code OPENBLAS_CORETYPE=Haswell}),
 * and Debian's OpenBLAS, which rnnkit can load in its place, has no LAPACKE entry points. Here the result is the
 * same on every machine, to the bit. Cost: about {@code 13 n^3} flops, a one-off when a reservoir is made.
 */
public final class Eigenvalues {
    private static final double EPS = Math.ulp(1.0);
    /** Iterations allowed for one eigenvalue (or pair) to split off before giving up. */
    private static final int MAX_ITERATIONS = 100;

    private Eigenvalues() {
    }

    /**
     * Eigenvalues as real and imaginary parts; complex ones come in conjugate pairs, positive imaginary part first.
     * The order is the order in which the QR iteration deflated them, not sorted.
     */
    public record Spectrum(double[] real, double[] imaginary) {
        /** The largest absolute eigenvalue. */
        public double radius() {
            double max = 0;
            for (int i = 0; i < real.length; i++) {
                max = Math.max(max, Math.hypot(real[i], imaginary[i]));
            }
            return max;
        }
    }

    /**
     * The eigenvalues of {@code matrix} (not modified).
     *
     * @throws IllegalArgumentException when the matrix is empty, not square or holds a non-finite value
     * @throws IllegalStateException    when the QR iteration does not converge (not seen in practice)
     */
    public static Spectrum of(double[][] matrix) {
        Checks.notNull(matrix, "matrix");
        int n = matrix.length;
        if (n == 0) {
            throw new IllegalArgumentException("matrix is empty");
        }
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (matrix[i] == null || matrix[i].length != n) {
                throw new IllegalArgumentException("matrix must be square, got " + n + " rows and row " + i + " of "
                        + (matrix[i] == null ? "null" : matrix[i].length + " values"));
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new IllegalArgumentException("matrix[" + i + "][" + j + "] is " + matrix[i][j]
                            + ": eigenvalues need finite entries");
                }
            }
            a[i] = matrix[i].clone();
        }
        toHessenberg(a);
        return hessenbergEigenvalues(a);
    }

    /** Reduces {@code a} in place to upper Hessenberg form by similarity transforms (Householder reflections). */
    static void toHessenberg(double[][] a) {
        int n = a.length;
        double[] v = new double[n];
        double[] w = new double[n];
        for (int k = 0; k < n - 2; k++) {
            // the reflection that zeroes a[k+2..n-1][k]: v = x + sign(x0) |x| e1 over rows k+1..n-1, x scaled first
            double scale = 0;
            for (int i = k + 1; i < n; i++) {
                scale = Math.max(scale, Math.abs(a[i][k]));
            }
            if (scale == 0) {
                continue;
            }
            double sumSq = 0;
            for (int i = k + 1; i < n; i++) {
                v[i] = a[i][k] / scale;
                sumSq += v[i] * v[i];
            }
            double norm = Math.copySign(Math.sqrt(sumSq), v[k + 1]);
            v[k + 1] += norm;
            double tau = 1 / (norm * v[k + 1]);        // 2 / |v|^2
            a[k + 1][k] = -norm * scale;
            for (int i = k + 2; i < n; i++) {
                a[i][k] = 0;
            }
            // P A P with P = I - tau v v^T. From the left, rows k+1..n-1: A -= tau v w^T with w = A^T v (one pass);
            // then each row gets its left update and its right update (A -= tau (A v) v^T) in one more pass
            Arrays.fill(w, k + 1, n, 0);
            for (int i = k + 1; i < n; i++) {
                double vi = v[i];
                double[] row = a[i];
                for (int j = k + 1; j < n; j++) {
                    w[j] += vi * row[j];
                }
            }
            for (int i = 0; i < n; i++) {
                double[] row = a[i];
                if (i > k) {
                    double f = tau * v[i];
                    for (int j = k + 1; j < n; j++) {
                        row[j] -= f * w[j];
                    }
                }
                double s = 0;
                for (int j = k + 1; j < n; j++) {
                    s += row[j] * v[j];
                }
                s *= tau;
                for (int j = k + 1; j < n; j++) {
                    row[j] -= s * v[j];
                }
            }
        }
    }

    /** The eigenvalues of an upper Hessenberg matrix, which the iteration overwrites. */
    static Spectrum hessenbergEigenvalues(double[][] h) {
        int n = h.length;
        double[] re = new double[n];
        double[] im = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(0, i - 1); j < n; j++) {
                norm += Math.abs(h[i][j]);
            }
        }
        int hi = n - 1;
        int iterations = 0;
        while (hi >= 0) {
            int lo = hi;
            while (lo > 0) {
                double s = Math.abs(h[lo - 1][lo - 1]) + Math.abs(h[lo][lo]);
                if (s == 0) {
                    s = norm;
                }
                if (Math.abs(h[lo][lo - 1]) <= EPS * s) {
                    h[lo][lo - 1] = 0;
                    break;
                }
                lo--;
            }
            if (lo == hi) {
                re[hi] = h[hi][hi];
                hi--;
                iterations = 0;
            } else if (lo == hi - 1) {
                twoByTwo(h[hi - 1][hi - 1], h[hi - 1][hi], h[hi][hi - 1], h[hi][hi], re, im, hi - 1);
                hi -= 2;
                iterations = 0;
            } else {
                if (++iterations > MAX_ITERATIONS) {
                    throw new IllegalStateException("the QR iteration did not converge for eigenvalue " + hi
                            + " of a " + n + " x " + n + " matrix after " + MAX_ITERATIONS + " iterations");
                }
                francisStep(h, lo, hi, iterations % 10 == 0);
            }
        }
        return new Spectrum(re, im);
    }

    /** The eigenvalues of [[p, q], [r, s]] into re/im at i and i + 1. */
    private static void twoByTwo(double p, double q, double r, double s, double[] re, double[] im, int i) {
        double mean = 0.5 * (p + s);
        double half = 0.5 * (p - s);
        double disc = half * half + q * r;
        if (disc >= 0) {
            double root = Math.sqrt(disc);
            double big = mean + Math.copySign(root, mean);   // no cancellation; the other from the determinant
            re[i] = big;
            re[i + 1] = big == 0 ? 0 : (p * s - q * r) / big;
        } else {
            double root = Math.sqrt(-disc);
            re[i] = mean;
            re[i + 1] = mean;
            im[i] = root;
            im[i + 1] = -root;
        }
    }

    /**
     * One implicit double-shift QR step on the unreduced block h[lo..hi][lo..hi] (hi - lo >= 2), with the shifts
     * the eigenvalues of its trailing 2 x 2 block, or, when {@code exceptional}, ad hoc shifts that break cycles
     * (LAPACK's dlahqr uses the same kind).
     */
    private static void francisStep(double[][] h, int lo, int hi, boolean exceptional) {
        double trace;
        double det;
        if (exceptional) {
            double s = Math.abs(h[hi][hi - 1]) + Math.abs(h[hi - 1][hi - 2]);
            double d = 0.75 * s + h[hi][hi];
            trace = 2 * d;
            det = d * d + 0.4375 * s * s;
        } else {
            trace = h[hi - 1][hi - 1] + h[hi][hi];
            det = h[hi - 1][hi - 1] * h[hi][hi] - h[hi - 1][hi] * h[hi][hi - 1];
        }
        // first column of (H - s1 I)(H - s2 I) = H^2 - trace H + det I: three non-zeros
        double x = h[lo][lo] * h[lo][lo] + h[lo][lo + 1] * h[lo + 1][lo] - trace * h[lo][lo] + det;
        double y = h[lo + 1][lo] * (h[lo][lo] + h[lo + 1][lo + 1] - trace);
        double z = h[lo + 1][lo] * h[lo + 2][lo + 1];
        for (int k = lo; k <= hi - 1; k++) {
            boolean three = k < hi - 1;
            double scale = Math.abs(x) + Math.abs(y) + (three ? Math.abs(z) : 0);
            if (scale != 0) {
                x /= scale;
                y /= scale;
                z = three ? z / scale : 0;
                double alpha = -Math.copySign(Math.sqrt(x * x + y * y + z * z), x);
                // reflection I - tau v v^T with v = (1, v1, v2) maps (x, y, z) to (alpha, 0, 0)
                double v0 = x - alpha;
                double v1 = y / v0;
                double v2 = z / v0;
                double tau = -v0 / alpha;
                int first = Math.max(lo, k - 1);
                if (k > lo) {
                    h[k][k - 1] = alpha * scale;
                    h[k + 1][k - 1] = 0;
                    if (three) {
                        h[k + 2][k - 1] = 0;
                    }
                    first = k;
                }
                double[] r0 = h[k];
                double[] r1 = h[k + 1];
                double[] r2 = three ? h[k + 2] : null;
                for (int j = first; j <= hi; j++) {
                    double s = r0[j] + v1 * r1[j] + (three ? v2 * r2[j] : 0);
                    s *= tau;
                    r0[j] -= s;
                    r1[j] -= s * v1;
                    if (three) {
                        r2[j] -= s * v2;
                    }
                }
                int last = Math.min(k + 3, hi);
                for (int i = lo; i <= last; i++) {
                    reflectRow(h[i], k, three, v1, v2, tau);
                }
            }
            if (k < hi - 1) {
                x = h[k + 1][k];
                y = h[k + 2][k];
                z = k < hi - 2 ? h[k + 3][k] : 0;
            }
        }
    }

    /** row[k..k+2] (or row[k..k+1] when not {@code three}) times I - tau v v^T, v = (1, v1, v2). */
    private static void reflectRow(double[] row, int k, boolean three, double v1, double v2, double tau) {
        double s = row[k] + v1 * row[k + 1] + (three ? v2 * row[k + 2] : 0);
        s *= tau;
        row[k] -= s;
        row[k + 1] -= s * v1;
        if (three) {
            row[k + 2] -= s * v2;
        }
    }
}
