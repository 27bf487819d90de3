package io.github.rnnkit.core.esn;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoStateNetworkTest {

    /** The largest |eigenvalue| by commons-math3's solver, independent of ND4J. */
    private static double independentRadius(double[][] w) {
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(w));
        double max = 0;
        double[] re = eig.getRealEigenvalues();
        double[] im = eig.getImagEigenvalues();
        for (int i = 0; i < re.length; i++) {
            max = Math.max(max, Math.hypot(re[i], im[i]));
        }
        return max;
    }

    @Test
    void reservoirHasTheConfiguredSpectralRadius() {
        for (double radius : new double[] {0.5, 0.9, 1.25}) {
            EsnConfig config = EsnConfig.defaults().withReservoirSize(120).withConnectivity(0.05)
                    .withSpectralRadius(radius).withSeed(7);
            EchoStateNetwork esn = EchoStateNetwork.create(config, 1, 1);
            assertEquals(radius, independentRadius(esn.reservoirMatrix()), 1e-9, "commons-math3 eigenvalues");
            assertEquals(radius, esn.measuredSpectralRadius(), 1e-9, "rnnkit's eigenvalues");
        }
    }

    @Test
    void spectralRadiusHandlesComplexEigenvalues() {
        // a rotation by 90 degrees scaled by 2: eigenvalues +-2i, radius 2
        assertEquals(2.0, EchoStateNetwork.spectralRadius(new double[][] {{0, -2}, {2, 0}}), 1e-12);
        assertEquals(3.0, EchoStateNetwork.spectralRadius(new double[][] {{1, 0}, {0, -3}}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> EchoStateNetwork.spectralRadius(new double[][] {{1, 2}}));
    }

    @Test
    void readoutEqualsAnIndependentRidgeSolution() {
        EsnConfig config = new EsnConfig(8, 0.8, 0.7, 0.3, 0.6, 0.5, 5, 0.01, 3);
        EchoStateNetwork esn = EchoStateNetwork.create(config, 2, 2);
        int steps = 40;
        double[][] u = new double[steps][];
        double[][] y = new double[steps][];
        for (int t = 0; t < steps; t++) {
            u[t] = new double[] {Math.sin(0.3 * t), Math.cos(0.17 * t)};
            y[t] = new double[] {Math.sin(0.3 * (t + 1)), u[t][0] * u[t][1]};
        }
        esn.fit(u, y);

        // states by the textbook update, written out here from the dense matrices
        double[][] w = esn.reservoirMatrix();
        double[][] win = esn.inputWeights();
        int n = 8;
        double a = config.leakRate();
        double[] x = new double[n];
        int rows = steps - config.washout();
        int d = 1 + 2 + n;
        // augmented least squares [Z; sqrt(ridge) I] W^T = [Y; 0], solved by QR
        double[][] z = new double[rows + d][d];
        double[][] target = new double[rows + d][2];
        for (int t = 0; t < steps; t++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double s = win[i][0] + win[i][1] * u[t][0] + win[i][2] * u[t][1];
                for (int j = 0; j < n; j++) {
                    s += w[i][j] * x[j];
                }
                next[i] = (1 - a) * x[i] + a * Math.tanh(s);
            }
            x = next;
            if (t >= config.washout()) {
                int r = t - config.washout();
                z[r][0] = 1;
                z[r][1] = u[t][0];
                z[r][2] = u[t][1];
                System.arraycopy(x, 0, z[r], 3, n);
                target[r] = y[t].clone();
            }
        }
        for (int k = 0; k < d; k++) {
            z[rows + k][k] = Math.sqrt(config.ridge());
        }
        RealMatrix solution = new QRDecomposition(new Array2DRowRealMatrix(z)).getSolver()
                .solve(new Array2DRowRealMatrix(target));
        double[][] readout = esn.readout();
        for (int o = 0; o < 2; o++) {
            for (int k = 0; k < d; k++) {
                assertEquals(solution.getEntry(k, o), readout[o][k], 1e-8, "readout[" + o + "][" + k + "]");
            }
        }
    }

    private static double[][][] sineTask(int steps) {
        double[][] u = new double[steps][];
        double[][] y = new double[steps][];
        for (int t = 0; t < steps; t++) {
            u[t] = new double[] {Math.sin(t / 4.0)};
            y[t] = new double[] {Math.sin((t + 1) / 4.0)};
        }
        return new double[][][] {u, y};
    }

    @Test
    void runsAreBitIdenticalFromASeed() {
        EsnConfig config = EsnConfig.defaults().withReservoirSize(100).withConnectivity(0.05).withWashout(20);
        double[][][] task = sineTask(300);
        EchoStateNetwork first = EchoStateNetwork.create(config, 1, 1);
        EchoStateNetwork second = EchoStateNetwork.create(config, 1, 1);
        first.fit(task[0], task[1]);
        second.fit(task[0], task[1]);
        assertArrayEquals(first.toJson(), second.toJson());
        assertTrue(Arrays.deepEquals(first.predict(task[0]), second.predict(task[0])));

        EchoStateNetwork other = EchoStateNetwork.create(config.withSeed(43), 1, 1);
        other.fit(task[0], task[1]);
        assertFalse(Arrays.deepEquals(first.readout(), other.readout()), "another seed, another reservoir");
    }

    @Test
    void learnsToContinueASineWaveFreeRunning() {
        EsnConfig config = EsnConfig.defaults().withReservoirSize(200).withConnectivity(0.05).withWashout(50)
                .withRidge(1e-8);
        double[][][] task = sineTask(600);
        EchoStateNetwork esn = EchoStateNetwork.create(config, 1, 1);
        double trainingRmse = esn.fit(task[0], task[1]);
        assertTrue(trainingRmse < 1e-3, "training RMSE " + trainingRmse);
        // drive through the training inputs, then run free for 100 steps
        esn.reset();
        for (int t = 0; t < 599; t++) {
            esn.step(task[0][t]);
        }
        double[][] generated = esn.generate(task[0][599], 100);
        double sq = 0;
        double zeroSq = 0;
        for (int s = 0; s < 100; s++) {
            double truth = Math.sin((600 + s) / 4.0);
            sq += Math.pow(generated[s][0] - truth, 2);
            zeroSq += truth * truth;
        }
        double nrmse = Math.sqrt(sq / zeroSq);
        assertTrue(nrmse < 0.05, "free-running NRMSE over 100 steps " + nrmse);
    }

    @Test
    void savedNetworkPredictsTheSame() {
        EsnConfig config = EsnConfig.defaults().withReservoirSize(50).withConnectivity(0.1).withWashout(10);
        double[][][] task = sineTask(120);
        EchoStateNetwork esn = EchoStateNetwork.create(config, 1, 1);
        esn.fit(task[0], task[1]);
        EchoStateNetwork loaded = EchoStateNetwork.fromJson(esn.toJson(), "esn.json");
        assertTrue(Arrays.deepEquals(esn.predict(task[0]), loaded.predict(task[0])));
        assertEquals(esn.config(), loaded.config());

        String json = new String(esn.toJson(), StandardCharsets.UTF_8);
        String broken = json.replaceFirst("\"inputs\"\\s*:\\s*1", "\"inputs\" : 3");
        assertFalse(broken.equals(json), "the test's edit must change the JSON");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EchoStateNetwork.fromJson(broken.getBytes(StandardCharsets.UTF_8), "model.zip!esn.json"));
        assertTrue(e.getMessage().contains("model.zip!esn.json"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EchoStateNetwork.fromJson("{not json".getBytes(StandardCharsets.UTF_8), "esn.json"));
    }

    @Test
    void badParametersAreRefusedByName() {
        EsnConfig d = EsnConfig.defaults();
        assertMessage(() -> d.withSpectralRadius(0), "spectralRadius");
        assertMessage(() -> d.withSpectralRadius(-0.5), "spectralRadius");
        assertMessage(() -> d.withSpectralRadius(Double.NaN), "spectralRadius");
        assertMessage(() -> d.withReservoirSize(0), "reservoirSize");
        assertMessage(() -> d.withReservoirSize(EsnConfig.MAX_RESERVOIR + 1), "reservoirSize");
        assertMessage(() -> d.withLeakRate(0), "leakRate");
        assertMessage(() -> d.withConnectivity(1.5), "connectivity");
        assertMessage(() -> d.withRidge(-1), "ridge");
        assertMessage(() -> d.withWashout(-1), "washout");
        assertMessage(() -> EchoStateNetwork.create(d.withReservoirSize(10), 0, 1), "inputs");
        // a reservoir without any cycle has radius 0 and cannot be scaled
        assertMessage(() -> EchoStateNetwork.create(d.withReservoirSize(5).withConnectivity(0.001), 1, 1),
                "raise connectivity");
    }

    @Test
    void fittingErrorsNameTheProblem() {
        EchoStateNetwork esn = EchoStateNetwork.create(
                EsnConfig.defaults().withReservoirSize(20).withConnectivity(0.2).withWashout(10), 1, 1);
        double[][][] task = sineTask(8);
        assertMessage(() -> esn.fit(task[0], task[1]), "washout of 10");
        double[][][] longer = sineTask(30);
        assertMessage(() -> esn.fit(longer[0], Arrays.copyOf(longer[1], 29)), "29 target steps");
        double[][] nan = longer[0].clone();
        nan[3] = new double[] {Double.NaN};
        assertMessage(() -> esn.fit(nan, longer[1]), "inputs[3]");
        assertMessage(() -> esn.predict(longer[0]), "not fitted");
        assertMessage(() -> esn.fitRuns(List.<double[][]>of(longer[0]), List.<double[][]>of()), "target runs");
    }

    private static void assertMessage(Runnable r, String part) {
        Exception e = assertThrows(RuntimeException.class, r::run);
        assertTrue(e.getMessage() != null && e.getMessage().contains(part), "expected '" + part + "' in: "
                + e.getMessage());
    }
}
