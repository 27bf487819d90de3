package io.github.rnnkit.core.esn;

import io.github.rnnkit.core.Checks;

/**
 * An echo state network's hyper-parameters.
 *
 * @param reservoirSize  units in the reservoir, 1 to {@value #MAX_RESERVOIR}
 * @param spectralRadius the largest absolute eigenvalue the recurrent matrix is scaled to, finite and > 0
 *                       (below 1 for the echo state property in most tasks; a little above can still work with
 *                       leaky units and strong input)
 * @param inputScaling   input weights are uniform in [-inputScaling, inputScaling], >= 0
 * @param biasScaling    reservoir biases are uniform in [-biasScaling, biasScaling], >= 0
 * @param leakRate       leaky-integrator rate a in (0, 1]: x(t) = (1-a) x(t-1) + a tanh(...); 1 for no leak
 * @param connectivity   fraction of recurrent weights that are non-zero, in (0, 1]
 * @param washout        steps of every training run whose states are discarded before the readout is fitted
 *                       (the reservoir forgets its initial state), >= 0
 * @param ridge          ridge (Tikhonov) regularisation of the readout, >= 0
 * @param seed           seed for every random weight: the same seed gives bit-identical networks
 */
public record EsnConfig(int reservoirSize, double spectralRadius, double inputScaling, double biasScaling,
                        double leakRate, double connectivity, int washout, double ridge, long seed) {

    /** The largest reservoir accepted: the readout solve is dense in the reservoir size. */
    public static final int MAX_RESERVOIR = 5000;

    public EsnConfig {
        if (reservoirSize < 1 || reservoirSize > MAX_RESERVOIR) {
            throw new IllegalArgumentException("reservoirSize must be in 1.." + MAX_RESERVOIR + ", got " + reservoirSize);
        }
        Checks.positive(spectralRadius, "spectralRadius");
        Checks.nonNegative(inputScaling, "inputScaling");
        Checks.nonNegative(biasScaling, "biasScaling");
        if (!(leakRate > 0.0 && leakRate <= 1.0)) {
            throw new IllegalArgumentException("leakRate must be in (0, 1], got " + leakRate);
        }
        if (!(connectivity > 0.0 && connectivity <= 1.0)) {
            throw new IllegalArgumentException("connectivity must be in (0, 1], got " + connectivity);
        }
        Checks.nonNegative(washout, "washout");
        Checks.nonNegative(ridge, "ridge");
    }

    /**
     * 500 units, spectral radius 0.9, input scaling 1, bias 0.2, no leak, 2% connectivity, washout 100, ridge 1e-6,
     * seed 42: a reasonable start for standardised inputs.
     */
    public static EsnConfig defaults() {
        return new EsnConfig(500, 0.9, 1.0, 0.2, 1.0, 0.02, 100, 1e-6, 42);
    }

    public EsnConfig withReservoirSize(int v) {
        return new EsnConfig(v, spectralRadius, inputScaling, biasScaling, leakRate, connectivity, washout, ridge, seed);
    }

    public EsnConfig withSpectralRadius(double v) {
        return new EsnConfig(reservoirSize, v, inputScaling, biasScaling, leakRate, connectivity, washout, ridge, seed);
    }

    public EsnConfig withInputScaling(double v) {
        return new EsnConfig(reservoirSize, spectralRadius, v, biasScaling, leakRate, connectivity, washout, ridge, seed);
    }

    public EsnConfig withBiasScaling(double v) {
        return new EsnConfig(reservoirSize, spectralRadius, inputScaling, v, leakRate, connectivity, washout, ridge, seed);
    }

    public EsnConfig withLeakRate(double v) {
        return new EsnConfig(reservoirSize, spectralRadius, inputScaling, biasScaling, v, connectivity, washout, ridge, seed);
    }

    public EsnConfig withConnectivity(double v) {
        return new EsnConfig(reservoirSize, spectralRadius, inputScaling, biasScaling, leakRate, v, washout, ridge, seed);
    }

    public EsnConfig withWashout(int v) {
        return new EsnConfig(reservoirSize, spectralRadius, inputScaling, biasScaling, leakRate, connectivity, v, ridge, seed);
    }

    public EsnConfig withRidge(double v) {
        return new EsnConfig(reservoirSize, spectralRadius, inputScaling, biasScaling, leakRate, connectivity, washout, v, seed);
    }

    public EsnConfig withSeed(long v) {
        return new EsnConfig(reservoirSize, spectralRadius, inputScaling, biasScaling, leakRate, connectivity, washout, ridge, v);
    }
}
