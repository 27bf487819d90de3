package io.github.rnnkit.gradcheck;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each hand-derived backward against central differences, at the tiny sizes of the course's checks
 * (inputs 4, hidden 5, classes 6, 7 steps), with a fixed seed. Expected: max relative error < 1e-7.
 */
class ReferenceGradientTest {
    static final int D = 4;
    static final int H = 5;
    static final int K = 6;
    static final int T = 7;
    private final GradientChecker checker = GradientChecker.strict();

    static double[][] inputs(long seed) {
        return Rand.matrix(new SplittableRandom(seed), T, D, 1.0);
    }

    static int[] targets(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[T];
        for (int t = 0; t < T; t++) {
            y[t] = r.nextInt(K);
        }
        return y;
    }

    @Test
    void vanillaRnnBackwardMatchesNumericalGradients() {
        VanillaRnn.Params p = VanillaRnn.Params.random(D, H, K, 0.5, 1);
        double[][] x = inputs(2);
        int[] y = targets(3);
        double[] h0 = Rand.vector(new SplittableRandom(4), H, 0.5);
        VanillaRnn.SequenceResult r = VanillaRnn.run(p, x, y, T, h0, true);

        List<Param> params = new ArrayList<>(p.asList());
        params.add(Param.vector("h0", h0));
        List<Param> grads = new ArrayList<>(r.grads().asList());
        grads.add(Param.vector("h0", r.dh0()));
        GradientChecker.Report report = checker.check(params, grads,
                () -> VanillaRnn.run(p, x, y, T, h0, false).loss());
        assertTrue(report.passed(), report.table("vanilla RNN"));
        assertTrue(report.maxRelError() < 1e-7, report.table("vanilla RNN"));
    }

    @Test
    void lstmBackwardMatchesNumericalGradients() {
        Lstm.Params p = Lstm.Params.random(D, H, K, 0.5, 5);
        double[][] x = inputs(6);
        int[] y = targets(7);
        Lstm.State s0 = new Lstm.State(Rand.vector(new SplittableRandom(8), H, 0.5),
                Rand.vector(new SplittableRandom(9), H, 0.5));
        Lstm.SequenceResult r = Lstm.run(p, x, y, T, s0, true);

        List<Param> params = new ArrayList<>(p.asList());
        params.add(Param.vector("h0", s0.h()));
        params.add(Param.vector("c0", s0.c()));
        List<Param> grads = new ArrayList<>(r.grads().asList());
        grads.add(Param.vector("h0", r.dInitial().dh()));
        grads.add(Param.vector("c0", r.dInitial().dc()));
        GradientChecker.Report report = checker.check(params, grads, () -> Lstm.run(p, x, y, T, s0, false).loss());
        assertTrue(report.passed(), report.table("LSTM"));
    }

    @Test
    void gruBackwardMatchesNumericalGradients() {
        Gru.Params p = Gru.Params.random(D, H, K, 0.5, 14);
        double[][] x = inputs(15);
        int[] y = targets(16);
        double[] h0 = Rand.vector(new SplittableRandom(17), H, 0.5);
        Gru.SequenceResult r = Gru.run(p, x, y, T, h0, true);

        List<Param> params = new ArrayList<>(p.asList());
        params.add(Param.vector("h0", h0));
        List<Param> grads = new ArrayList<>(r.grads().asList());
        grads.add(Param.vector("h0", r.dh0()));
        GradientChecker.Report report = checker.check(params, grads, () -> Gru.run(p, x, y, T, h0, false).loss());
        assertTrue(report.passed(), report.table("GRU (reset after)"));
    }

    @Test
    void shorterSequencesOnlyCountTheirOwnSteps() {
        VanillaRnn.Params p = VanillaRnn.Params.random(D, H, K, 0.5, 11);
        double[][] x = inputs(12);
        int[] y = targets(13);
        VanillaRnn.SequenceResult r = VanillaRnn.run(p, x, y, 3, new double[H], true);
        GradientChecker.Report report = checker.check(p.asList(), r.grads().asList(),
                () -> VanillaRnn.run(p, x, y, 3, new double[H], false).loss());
        assertTrue(report.passed(), report.table("vanilla RNN, length 3 of 7"));
    }
}
