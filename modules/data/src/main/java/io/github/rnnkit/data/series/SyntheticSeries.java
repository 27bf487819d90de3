package io.github.rnnkit.data.series;

import io.github.rnnkit.core.Checks;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The two standard reservoir-computing benchmarks, synthetic by definition and generated from a seed.
 */
public final class SyntheticSeries {
    /** Integration step of the Mackey-Glass equation (time units); samples are taken every 1 time unit. */
    static final double MG_DT = 0.01;
    /** Samples discarded at the start so that the series has left its initial history. */
    static final int MG_TRANSIENT = 1000;

    private SyntheticSeries() {
    }

    /**
     * The Mackey-Glass delay differential equation {@code dx/dt = 0.2 x(t-tau) / (1 + x(t-tau)^10) - 0.1 x(t)},
     * integrated by Euler's method with step 0.01 and sampled every time unit (the setting of Jaeger and Haas 2004 up
     * to their tanh squashing, which rnnkit replaces by standardisation). The initial history is 1.2 plus seeded noise
     * of +-0.1, and the first 1,000 samples are discarded. Tau 17 gives the classic mildly chaotic series.
     *
     * @param length samples to return
     * @param tau    the delay, at least 1 (17 for the benchmark)
     */
    public static NumericSeries mackeyGlass(int length, double tau, long seed) {
        Checks.positive(length, "length");
        if (!(tau >= 1.0 && tau <= 1000.0)) {
            throw new IllegalArgumentException("tau must be in [1, 1000], got " + tau);
        }
        int perSample = (int) Math.round(1.0 / MG_DT);
        int delay = (int) Math.round(tau / MG_DT);
        int total = (MG_TRANSIENT + length) * perSample;
        double[] history = new double[delay + 1];   // ring buffer of the last delay+1 values
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i <= delay; i++) {
            history[i] = 1.2 + random.nextDouble(-0.1, 0.1);
        }
        int head = delay;   // index of x(t)
        double[][] rows = new double[length][1];
        for (int step = 0; step < total; step++) {
            double x = history[head];
            double lagged = history[(head + 1) % (delay + 1)];   // x(t - tau): the oldest value
            double next = x + MG_DT * (0.2 * lagged / (1.0 + Math.pow(lagged, 10)) - 0.1 * x);
            head = (head + 1) % (delay + 1);
            history[head] = next;
            int sample = (step + 1) / perSample - MG_TRANSIENT - 1;
            if ((step + 1) % perSample == 0 && sample >= 0) {
                rows[sample][0] = next;
            }
        }
        return new NumericSeries("mackey-glass", List.of("x"), rows,
                "Mackey-Glass tau " + tau + ", Euler dt " + MG_DT + ", seed " + seed, "", 1, 0);
    }

    /**
     * The NARMA system of the given order (10 for NARMA-10, Atiya and Parlos 2000):
     * {@code y(t+1) = 0.3 y(t) + 0.05 y(t) sum_{i<order} y(t-i) + 1.5 u(t-order+1) u(t) + 0.1} with inputs
     * u(t) uniform in [0, 0.5] from the seed. Columns: {@code u} and {@code y}; the task is to forecast y one step
     * ahead from u alone. The first 200 steps (the system's start-up from zeros) are discarded.
     *
     * @throws IllegalStateException if the system diverges (it can for orders above 10), naming the step
     */
    public static NumericSeries narma(int length, int order, long seed) {
        Checks.positive(length, "length");
        if (order < 2 || order > 30) {
            throw new IllegalArgumentException("order must be in 2..30, got " + order);
        }
        int skip = 200;
        int total = length + skip;
        SplittableRandom random = new SplittableRandom(seed);
        double[] u = new double[total];
        double[] y = new double[total];
        for (int t = 0; t < total; t++) {
            u[t] = random.nextDouble(0.0, 0.5);
        }
        for (int t = order - 1; t < total - 1; t++) {
            double sum = 0;
            for (int i = 0; i < order; i++) {
                sum += y[t - i];
            }
            y[t + 1] = 0.3 * y[t] + 0.05 * y[t] * sum + 1.5 * u[t - order + 1] * u[t] + 0.1;
            if (!Double.isFinite(y[t + 1]) || Math.abs(y[t + 1]) > 1e6) {
                throw new IllegalStateException("NARMA-" + order + " diverged at step " + (t + 1) + " (seed " + seed
                        + "); try another seed or a lower order");
            }
        }
        double[][] rows = new double[length][2];
        for (int t = 0; t < length; t++) {
            rows[t][0] = u[skip + t];
            rows[t][1] = y[skip + t];
        }
        return new NumericSeries("narma" + order, List.of("u", "y"), rows,
                "NARMA-" + order + ", u ~ U[0, 0.5], seed " + seed, "", 1, 0);
    }
}
