package io.github.rnnkit.core.esn;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.Eigenvalues;
import io.github.rnnkit.core.io.Json;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.custom.LinearSolve;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An echo state network (Jaeger 2001): a large, fixed, random recurrent reservoir of tanh units scaled to a chosen
 * spectral radius, and a linear readout, the only trained part, fitted by ridge regression in closed form.
 *
 * <p>Update, for input u(t) and state x(t): {@code x(t) = (1-a) x(t-1) + a tanh(Win [1; u(t)] + W x(t-1))} with
 * leak rate a; output {@code y(t) = Wout [1; u(t); x(t)]}. The recurrent matrix W is sparse (a fraction
 * {@link EsnConfig#connectivity()} of non-zero weights, uniform in [-1, 1]) and scaled so that its largest absolute
 * eigenvalue, computed by {@link Eigenvalues}, equals {@link EsnConfig#spectralRadius()}.
 *
 * <p>All arithmetic is double precision. Every random number comes from one {@link SplittableRandom} seeded with
 * {@link EsnConfig#seed()}, and the spectral radius is computed in Java, so a seed gives bit-identical reservoirs on
 * every machine; the readout solve runs on ND4J's native BLAS and is deterministic on one machine and thread count.
 *
 * <p>Not thread-safe: {@link #step} and {@link #generate} move the network's running state. {@link #states} and
 * {@link #predict} do not touch it and may be called from several threads once the readout is fitted.
 */
public final class EchoStateNetwork {
    private static final Logger log = LoggerFactory.getLogger(EchoStateNetwork.class);

    private final EsnConfig config;
    private final int inputs;
    private final int outputs;
    /** Recurrent weights in compressed sparse rows: row i's entries are rowStart[i]..rowStart[i+1]-1. */
    private final int[] rowStart;
    private final int[] column;
    private final double[] weight;
    /** Input weights [N][1 + inputs]: the first column multiplies the constant 1 (the bias). */
    private final double[][] inputWeights;
    /** Readout [outputs][1 + inputs + N], null until fitted. */
    private double[][] readout;
    private double[] state;

    private EchoStateNetwork(EsnConfig config, int inputs, int outputs, int[] rowStart, int[] column, double[] weight,
                             double[][] inputWeights, double[][] readout) {
        this.config = config;
        this.inputs = inputs;
        this.outputs = outputs;
        this.rowStart = rowStart;
        this.column = column;
        this.weight = weight;
        this.inputWeights = inputWeights;
        this.readout = readout;
        this.state = new double[config.reservoirSize()];
    }

    /**
     * A new network with random weights from the config's seed, its reservoir scaled to the configured spectral
     * radius, and no readout yet.
     *
     * @throws IllegalArgumentException when {@code inputs} or {@code outputs} is below 1, or when the random sparse
     *         reservoir has spectral radius 0 (too few connections to form a cycle: raise the connectivity)
     */
    public static EchoStateNetwork create(EsnConfig config, int inputs, int outputs) {
        Checks.notNull(config, "config");
        Checks.positive(inputs, "inputs");
        Checks.positive(outputs, "outputs");
        int n = config.reservoirSize();
        SplittableRandom random = new SplittableRandom(config.seed());
        int[] rowStart = new int[n + 1];
        List<Integer> cols = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (random.nextDouble() < config.connectivity()) {
                    cols.add(j);
                    values.add(random.nextDouble(-1.0, 1.0));
                }
            }
            rowStart[i + 1] = cols.size();
        }
        int[] column = cols.stream().mapToInt(Integer::intValue).toArray();
        double[] weight = values.stream().mapToDouble(Double::doubleValue).toArray();
        double raw = spectralRadius(dense(n, rowStart, column, weight));
        if (!(raw > 1e-12)) {
            throw new IllegalArgumentException("the random reservoir (" + n + " units, connectivity "
                    + config.connectivity() + ", seed " + config.seed() + ") has spectral radius " + raw
                    + ": too sparse to form a cycle; raise connectivity (expected non-zeros per unit: "
                    + n * config.connectivity() + ")");
        }
        double scale = config.spectralRadius() / raw;
        for (int k = 0; k < weight.length; k++) {
            weight[k] *= scale;
        }
        double[][] inputWeights = new double[n][1 + inputs];
        for (int i = 0; i < n; i++) {
            inputWeights[i][0] = config.biasScaling() == 0 ? 0 : random.nextDouble(-1.0, 1.0) * config.biasScaling();
            for (int j = 1; j <= inputs; j++) {
                inputWeights[i][j] = config.inputScaling() == 0 ? 0
                        : random.nextDouble(-1.0, 1.0) * config.inputScaling();
            }
        }
        log.debug("ESN reservoir: {} units, {} non-zero weights, raw spectral radius {}, scaled to {}", n, weight.length,
                raw, config.spectralRadius());
        return new EchoStateNetwork(config, inputs, outputs, rowStart, column, weight, inputWeights, null);
    }

    /**
     * The same reservoir and input weights (shared, they never change) with another ridge penalty and no readout:
     * for choosing the ridge on held-out data without rebuilding the reservoir.
     */
    public EchoStateNetwork withRidge(double ridge) {
        return new EchoStateNetwork(config.withRidge(ridge), inputs, outputs, rowStart, column, weight, inputWeights,
                null);
    }

    /**
     * The largest absolute eigenvalue of a square matrix (real or complex eigenvalues), from {@link Eigenvalues}
     * (Java, double precision, the same on every machine; about 2 s for 1,000 units on one core).
     *
     * @throws IllegalArgumentException when the matrix is empty, not square or holds a non-finite value
     */
    public static double spectralRadius(double[][] matrix) {
        Checks.notNull(matrix, "matrix");
        long start = System.nanoTime();
        double radius = Eigenvalues.of(matrix).radius();
        if (matrix.length >= 500) {
            log.info("eigenvalues of a {} x {} matrix: spectral radius {} ({} ms)", matrix.length, matrix.length,
                    radius, (System.nanoTime() - start) / 1_000_000);
        }
        return radius;
    }

    private static double[][] dense(int n, int[] rowStart, int[] column, double[] weight) {
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                w[i][column[k]] = weight[k];
            }
        }
        return w;
    }

    /** The recurrent matrix W as a dense copy [N][N]. */
    public double[][] reservoirMatrix() {
        return dense(config.reservoirSize(), rowStart, column, weight);
    }

    /** The spectral radius of the reservoir as it is now, measured again by the eigenvalue solver. */
    public double measuredSpectralRadius() {
        return spectralRadius(reservoirMatrix());
    }

    /** The input weights [N][1 + inputs] (first column: bias), a copy. */
    public double[][] inputWeights() {
        return deepCopy(inputWeights);
    }

    /** The fitted readout [outputs][1 + inputs + N] (columns: 1, the inputs, the reservoir units), a copy. */
    public double[][] readout() {
        requireFitted();
        return deepCopy(readout);
    }

    public EsnConfig config() {
        return config;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public boolean isFitted() {
        return readout != null;
    }

    /** Non-zero recurrent weights. */
    public int connections() {
        return weight.length;
    }

    /** x(t) from x(t-1) = {@code previous} and u(t), into {@code next} (may not alias {@code previous}). */
    private void update(double[] previous, double[] u, double[] next) {
        int n = config.reservoirSize();
        double a = config.leakRate();
        for (int i = 0; i < n; i++) {
            double[] win = inputWeights[i];
            double s = win[0];
            for (int j = 0; j < inputs; j++) {
                s += win[j + 1] * u[j];
            }
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                s += weight[k] * previous[column[k]];
            }
            next[i] = (1 - a) * previous[i] + a * Math.tanh(s);
        }
    }

    private void checkInput(double[] u, String what) {
        if (u == null || u.length != inputs) {
            throw new IllegalArgumentException(what + " must have " + inputs + " value(s), got "
                    + (u == null ? "null" : u.length));
        }
        for (double v : u) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " holds a non-finite value " + v + ": " + Arrays.toString(u));
            }
        }
    }

    /**
     * The reservoir states [T][N] driven by {@code inputs} [T][inputs], starting from {@code start} (null: zeros).
     * Does not touch the running state.
     */
    public double[][] states(double[][] inputs, double[] start) {
        Checks.notNull(inputs, "inputs");
        int n = config.reservoirSize();
        if (start != null && start.length != n) {
            throw new IllegalArgumentException("start state must have " + n + " values, got " + start.length);
        }
        double[][] out = new double[inputs.length][];
        double[] previous = start == null ? new double[n] : start.clone();
        for (int t = 0; t < inputs.length; t++) {
            checkInput(inputs[t], "inputs[" + t + "]");
            double[] next = new double[n];
            update(previous, inputs[t], next);
            out[t] = next;
            previous = next;
        }
        return out;
    }

    /** Fits the readout on one run (see {@link #fitRuns(List, List)}). */
    public double fit(double[][] inputs, double[][] targets) {
        return fitRuns(List.<double[][]>of(inputs), List.<double[][]>of(targets));
    }

    /**
     * Fits the readout by ridge regression on several runs, each started from the zero state, with the first
     * {@link EsnConfig#washout()} steps of each run left out: {@code Wout = argmin |Z Wout^T - Y|^2 +
     * ridge |Wout|^2}, solved as {@code (Z^T Z + ridge I) Wout^T = Z^T Y} with Z's rows {@code [1; u(t); x(t)]}.
     *
     * @return the root-mean-square error of the fitted readout on the rows it was fitted on
     * @throws IllegalArgumentException on mismatched lengths or widths, or when no run is longer than the washout
     */
    public double fitRuns(List<double[][]> inputRuns, List<double[][]> targetRuns) {
        Checks.notNull(inputRuns, "inputRuns");
        Checks.notNull(targetRuns, "targetRuns");
        if (inputRuns.size() != targetRuns.size()) {
            throw new IllegalArgumentException(inputRuns.size() + " input runs but " + targetRuns.size() + " target runs");
        }
        int washout = config.washout();
        int rows = 0;
        for (int r = 0; r < inputRuns.size(); r++) {
            if (inputRuns.get(r).length != targetRuns.get(r).length) {
                throw new IllegalArgumentException("run " + r + " has " + inputRuns.get(r).length + " input steps but "
                        + targetRuns.get(r).length + " target steps");
            }
            rows += Math.max(0, inputRuns.get(r).length - washout);
        }
        if (rows == 0) {
            throw new IllegalArgumentException("no run is longer than the washout of " + washout
                    + " steps: nothing is left to fit the readout on");
        }
        int d = 1 + inputs + config.reservoirSize();
        double[] z = new double[rows * d];
        double[] y = new double[rows * outputs];
        int row = 0;
        for (int r = 0; r < inputRuns.size(); r++) {
            double[][] in = inputRuns.get(r);
            double[][] target = targetRuns.get(r);
            double[][] x = states(in, null);
            for (int t = washout; t < in.length; t++, row++) {
                if (target[t] == null || target[t].length != outputs) {
                    throw new IllegalArgumentException("targets of run " + r + " at step " + t + " must have " + outputs
                            + " value(s), got " + (target[t] == null ? "null" : target[t].length));
                }
                features(in[t], x[t], z, row * d);
                for (int o = 0; o < outputs; o++) {
                    if (!Double.isFinite(target[t][o])) {
                        throw new IllegalArgumentException("targets of run " + r + " at step " + t
                                + " hold a non-finite value " + target[t][o]);
                    }
                    y[row * outputs + o] = target[t][o];
                }
            }
        }
        INDArray zm = Nd4j.createFromArray(z).reshape(rows, d);
        INDArray ym = Nd4j.createFromArray(y).reshape(rows, outputs);
        INDArray a = zm.transpose().mmul(zm);
        if (config.ridge() > 0) {
            a.addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(config.ridge()));
        }
        INDArray b = zm.transpose().mmul(ym);
        INDArray w = Nd4j.exec(new LinearSolve(a, b, false))[0];   // [d, outputs]
        double[][] fitted = new double[outputs][d];
        for (int o = 0; o < outputs; o++) {
            for (int k = 0; k < d; k++) {
                fitted[o][k] = w.getDouble(k, o);
            }
        }
        for (double[] r : fitted) {
            for (double v : r) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("the readout solve gave non-finite weights (the state matrix is "
                            + "singular): set a ridge > 0 (now " + config.ridge() + ")");
                }
            }
        }
        readout = fitted;
        double sq = 0;
        INDArray residual = zm.mmul(w).subi(ym);
        for (int k = 0; k < rows * outputs; k++) {
            double e = residual.getDouble((long) k / outputs, (long) k % outputs);
            sq += e * e;
        }
        double rmse = Math.sqrt(sq / (rows * (double) outputs));
        log.debug("ESN readout fitted on {} rows x {} features; training RMSE {}", rows, d, rmse);
        return rmse;
    }

    private void features(double[] u, double[] x, double[] into, int offset) {
        into[offset] = 1.0;
        System.arraycopy(u, 0, into, offset + 1, inputs);
        System.arraycopy(x, 0, into, offset + 1 + inputs, x.length);
    }

    /** y = Wout [1; u; x]. */
    public double[] output(double[] u, double[] x) {
        requireFitted();
        double[] y = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            double[] w = readout[o];
            double s = w[0];
            for (int j = 0; j < inputs; j++) {
                s += w[1 + j] * u[j];
            }
            int off = 1 + inputs;
            for (int i = 0; i < x.length; i++) {
                s += w[off + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    /** The readout at every step of {@code inputs}, driven from the zero state. Does not touch the running state. */
    public double[][] predict(double[][] inputs) {
        requireFitted();
        double[][] x = states(inputs, null);
        double[][] y = new double[inputs.length][];
        for (int t = 0; t < inputs.length; t++) {
            y[t] = output(inputs[t], x[t]);
        }
        return y;
    }

    /** Sets the running state to zeros. */
    public void reset() {
        state = new double[config.reservoirSize()];
    }

    /** A copy of the running state. */
    public double[] state() {
        return state.clone();
    }

    /** Replaces the running state. */
    public void setState(double[] x) {
        if (x == null || x.length != config.reservoirSize()) {
            throw new IllegalArgumentException("state must have " + config.reservoirSize() + " values, got "
                    + (x == null ? "null" : x.length));
        }
        state = x.clone();
    }

    /** Feeds one input, moves the running state one step, and returns the readout. */
    public double[] step(double[] u) {
        checkInput(u, "input");
        requireFitted();
        double[] next = new double[config.reservoirSize()];
        update(state, u, next);
        state = next;
        return output(u, next);
    }

    /**
     * Free-running generation: feeds {@code first} as the input, then each output as the next input, for
     * {@code steps} steps from the running state. Needs as many outputs as inputs.
     *
     * @return the {@code steps} outputs in order
     */
    public double[][] generate(double[] first, int steps) {
        Checks.nonNegative(steps, "steps");
        if (inputs != outputs) {
            throw new IllegalStateException("free-running generation feeds outputs back as inputs, so it needs as many "
                    + "outputs as inputs; this network has " + inputs + " input(s) and " + outputs + " output(s)");
        }
        double[][] out = new double[steps][];
        double[] u = first;
        for (int s = 0; s < steps; s++) {
            out[s] = step(u);
            u = out[s];
        }
        return out;
    }

    private void requireFitted() {
        if (readout == null) {
            throw new IllegalStateException("the readout is not fitted yet: call fit first");
        }
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** The saved form: everything needed to rebuild the network exactly. */
    record Saved(EsnConfig config, int inputs, int outputs, int[] rowStart, int[] column, double[] weight,
                 double[][] inputWeights, double[][] readout) {
    }

    /** The network as JSON bytes (weights as decimal doubles, which round-trip exactly). */
    public byte[] toJson() {
        return Json.write(new Saved(config, inputs, outputs, rowStart, column, weight, inputWeights, readout))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A network from {@link #toJson()}'s bytes; {@code what} names the source in errors.
     *
     * @throws IllegalArgumentException when the JSON is malformed or its arrays do not fit together
     */
    public static EchoStateNetwork fromJson(byte[] json, String what) {
        Saved s = Json.read(new String(json, StandardCharsets.UTF_8), Saved.class, what);
        if (s.config() == null || s.rowStart() == null || s.column() == null || s.weight() == null
                || s.inputWeights() == null) {
            throw new IllegalArgumentException(what + ": echo state network is missing a field");
        }
        int n = s.config().reservoirSize();
        boolean ok = s.inputs() >= 1 && s.outputs() >= 1 && s.rowStart().length == n + 1 && s.rowStart()[0] == 0
                && s.rowStart()[n] == s.column().length && s.column().length == s.weight().length
                && s.inputWeights().length == n;
        for (int i = 0; ok && i < n; i++) {
            ok = s.rowStart()[i] <= s.rowStart()[i + 1] && s.inputWeights()[i] != null
                    && s.inputWeights()[i].length == 1 + s.inputs();
        }
        for (int k = 0; ok && k < s.column().length; k++) {
            ok = s.column()[k] >= 0 && s.column()[k] < n;
        }
        if (ok && s.readout() != null) {
            ok = s.readout().length == s.outputs();
            for (double[] r : s.readout()) {
                ok = ok && r != null && r.length == 1 + s.inputs() + n;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(what + ": echo state network arrays do not fit its reservoir of " + n
                    + " units, " + s.inputs() + " input(s) and " + s.outputs() + " output(s)");
        }
        return new EchoStateNetwork(s.config(), s.inputs(), s.outputs(), s.rowStart(), s.column(), s.weight(),
                s.inputWeights(), s.readout());
    }
}
