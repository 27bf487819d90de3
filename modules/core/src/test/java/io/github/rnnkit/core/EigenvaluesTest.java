package io.github.rnnkit.core;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import io.github.rnnkit.core.esn.EchoStateNetwork;
import io.github.rnnkit.core.esn.EsnConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EigenvaluesTest {

    /** Every expected eigenvalue has its own computed one within {@code tol} (greedy nearest matching). */
    private static void assertSameSpectrum(double[] expRe, double[] expIm, Eigenvalues.Spectrum got, double tol) {
        assertEquals(expRe.length, got.real().length);
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < expRe.length; i++) {
            free.add(i);
        }
        for (int e = 0; e < expRe.length; e++) {
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int i : free) {
                double d = Math.hypot(got.real()[i] - expRe[e], got.imaginary()[i] - expIm[e]);
                if (d < bestDist) {
                    bestDist = d;
                    best = i;
                }
            }
            assertTrue(bestDist <= tol, "eigenvalue " + expRe[e] + " + " + expIm[e] + "i: nearest computed one is "
                    + bestDist + " away");
            free.remove(Integer.valueOf(best));
        }
    }

    private static void assertLikeCommonsMath(double[][] m, double tol) {
        EigenDecomposition reference = new EigenDecomposition(new Array2DRowRealMatrix(m));
        assertSameSpectrum(reference.getRealEigenvalues(), reference.getImagEigenvalues(), Eigenvalues.of(m), tol);
    }

    @Test
    void smallMatricesWithKnownEigenvalues() {
        assertSameSpectrum(new double[] {0, 0}, new double[] {2, -2}, Eigenvalues.of(new double[][] {{0, -2}, {2, 0}}),
                1e-15);
        assertSameSpectrum(new double[] {-7}, new double[] {0}, Eigenvalues.of(new double[][] {{-7}}), 0);
        assertSameSpectrum(new double[] {0, 0, 0}, new double[] {0, 0, 0}, Eigenvalues.of(new double[3][3]), 0);
        // upper triangular: the diagonal
        double[][] t = {{1, 5, -2, 3}, {0, -4, 7, 1}, {0, 0, 2.5, 9}, {0, 0, 0, 0.5}};
        assertSameSpectrum(new double[] {1, -4, 2.5, 0.5}, new double[4], Eigenvalues.of(t), 1e-13);
        // companion matrix of (x - 1)(x - 2)(x - 3)(x + 4) = x^4 - 2x^3 - 13x^2 + 38x - 24
        double[][] c = {{2, 13, -38, 24}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
        assertSameSpectrum(new double[] {1, 2, 3, -4}, new double[4], Eigenvalues.of(c), 1e-12);
    }

    @Test
    void aCyclicPermutationNeedsTheExceptionalShifts() {
        // every eigenvalue is an n-th root of unity; with the standard shifts the QR iteration stands still here
        for (int n : new int[] {3, 5, 8, 16}) {
            double[][] p = new double[n][n];
            for (int i = 0; i < n; i++) {
                p[(i + 1) % n][i] = 1;
            }
            double[] re = new double[n];
            double[] im = new double[n];
            for (int k = 0; k < n; k++) {
                re[k] = Math.cos(2 * Math.PI * k / n);
                im[k] = Math.sin(2 * Math.PI * k / n);
            }
            assertSameSpectrum(re, im, Eigenvalues.of(p), 1e-12);
            assertEquals(1.0, Eigenvalues.of(p).radius(), 1e-13);
        }
    }

    @Test
    void randomDenseAndReservoirMatricesMatchCommonsMath() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {2, 3, 7, 40, 130}) {
            double[][] m = new double[n][n];
            for (double[] row : m) {
                for (int j = 0; j < n; j++) {
                    row[j] = r.nextDouble(-1, 1);
                }
            }
            assertLikeCommonsMath(m, 1e-9 * n);
        }
        // the sparse reservoir where OpenBLAS 0.3.19's dgeev went wrong on an AVX-512 CPU (300 units, 3%)
        EchoStateNetwork esn = EchoStateNetwork.create(EsnConfig.defaults().withReservoirSize(300)
                .withConnectivity(0.03).withSpectralRadius(0.9), 1, 1);
        double[][] w = esn.reservoirMatrix();
        assertLikeCommonsMath(w, 1e-9);
        assertEquals(0.9, Eigenvalues.of(w).radius(), 1e-12);
    }

    @Test
    void badMatricesAreRefusedNamingTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Eigenvalues.of(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1 of 1 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Eigenvalues.of(new double[0][0]));
        e = assertThrows(IllegalArgumentException.class,
                () -> Eigenvalues.of(new double[][] {{1, Double.NaN}, {0, 1}}));
        assertTrue(e.getMessage().contains("matrix[0][1] is NaN"), e.getMessage());
    }
}
