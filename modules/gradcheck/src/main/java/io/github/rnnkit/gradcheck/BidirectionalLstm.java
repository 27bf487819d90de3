package io.github.rnnkit.gradcheck;

import java.util.List;
import java.util.SplittableRandom;

import static io.github.rnnkit.gradcheck.Linalg.add;

/**
 * A bidirectional LSTM with concatenated outputs and a softmax per step, built from {@link Lstm}'s step
 * functions, in the layout of DL4J's {@code Bidirectional(CONCAT, LSTM)}:
 *
 * <pre>
 *   hf(t) = LSTM_f(x(1..t))                 hb(t) = LSTM_b(x(L..t))   (the valid steps read right to left)
 *   y^(t) = softmax(c + V [hf(t); hb(t)])   L = sum over t of -log y^(t)[y(t)]
 * </pre>
 *
 * Backward: grad [hf; hb](t) = V^T grad o(t) splits into the two directions, each then runs its own LSTM
 * backward through time (right to left for the forward LSTM, left to right for the backward one).
 * Shapes: each direction W [D x 4n], RW [n x 4n], b [4n]; V [K x 2n], c [K].
 */
public final class BidirectionalLstm {

    /** Both directions' LSTM parameters and the shared output layer. */
    public record Params(double[][] fW, double[][] fRW, double[] fb, double[][] bW, double[][] bRW, double[] bb,
                         double[][] V, double[] c) {
        public static Params random(int inputs, int hidden, int classes, double scale, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Params(Rand.matrix(r, inputs, 4 * hidden, scale), Rand.matrix(r, hidden, 4 * hidden, scale),
                    Rand.vector(r, 4 * hidden, scale), Rand.matrix(r, inputs, 4 * hidden, scale),
                    Rand.matrix(r, hidden, 4 * hidden, scale), Rand.vector(r, 4 * hidden, scale),
                    Rand.matrix(r, classes, 2 * hidden, scale), Rand.vector(r, classes, scale));
        }

        public static Params zerosLike(Params p) {
            return new Params(new double[p.fW.length][p.fW[0].length], new double[p.fRW.length][p.fRW[0].length],
                    new double[p.fb.length], new double[p.bW.length][p.bW[0].length],
                    new double[p.bRW.length][p.bRW[0].length], new double[p.bb.length],
                    new double[p.V.length][p.V[0].length], new double[p.c.length]);
        }

        int hidden() {
            return fRW.length;
        }

        /** In DL4J's order of keys: fW, fRW, fb, bW, bRW, bb, then the output's V and c. */
        public List<Param> asList() {
            return List.of(Param.matrix("fW", fW), Param.matrix("fRW", fRW), Param.vector("fb", fb),
                    Param.matrix("bW", bW), Param.matrix("bRW", bRW), Param.vector("bb", bb), Param.matrix("V", V),
                    Param.vector("c", c));
        }

        /** One direction as an LSTM without an output of its own (its V and c are unused placeholders). */
        Lstm.Params direction(boolean forward, double[][] placeholderV) {
            return forward ? new Lstm.Params(fW, fRW, fb, placeholderV, new double[1])
                    : new Lstm.Params(bW, bRW, bb, placeholderV, new double[1]);
        }
    }

    /**
     * @param loss  summed loss
     * @param grads gradients, as {@link Params}
     */
    public record Result(double loss, Params grads) {
    }

    private BidirectionalLstm() {
    }

    /** Loss (and gradients when asked) of the first {@code length} steps of one sequence. */
    public static Result run(Params p, double[][] x, int[] y, int length, boolean backward) {
        int n = p.hidden();
        double[][] placeholder = new double[1][n];
        Lstm.Params pf = p.direction(true, placeholder);
        Lstm.Params pb = p.direction(false, placeholder);
        Lstm.StepCache[] fwd = new Lstm.StepCache[length];
        Lstm.StepCache[] bwd = new Lstm.StepCache[length];      // bwd[s] reads x(length-1-s)
        Lstm.State sf = Lstm.State.zeros(n);
        Lstm.State sb = Lstm.State.zeros(n);
        for (int s = 0; s < length; s++) {
            fwd[s] = Lstm.forward(pf, x[s], sf, 0);
            sf = new Lstm.State(fwd[s].h(), fwd[s].c());
            bwd[s] = Lstm.forward(pb, x[length - 1 - s], sb, 0);
            sb = new Lstm.State(bwd[s].h(), bwd[s].c());
        }
        double loss = 0;
        double[][] yHat = new double[length][];
        double[][] hCat = new double[length][];
        for (int t = 0; t < length; t++) {
            hCat[t] = concat(fwd[t].h(), bwd[length - 1 - t].h());
            yHat[t] = SoftmaxOutput.forward(p.V(), p.c(), hCat[t]);
            loss -= Math.log(yHat[t][y[t]]);
        }
        Params g = Params.zerosLike(p);
        if (!backward) {
            return new Result(loss, g);
        }
        double[][] dhF = new double[length][];
        double[][] dhB = new double[length][];       // indexed by time t
        for (int t = 0; t < length; t++) {
            double[] dhCat = SoftmaxOutput.backward(p.V(), yHat[t], y[t], hCat[t], g.V(), g.c());   // into V, c
            dhF[t] = java.util.Arrays.copyOfRange(dhCat, 0, n);                                     // split
            dhB[t] = java.util.Arrays.copyOfRange(dhCat, n, 2 * n);
        }
        Lstm.Params gf = g.direction(true, new double[1][n]);
        Lstm.Params gb = g.direction(false, new double[1][n]);
        double[] dh = new double[n];
        double[] dc = new double[n];
        for (int s = length - 1; s >= 0; s--) {                       // forward LSTM: back from the last step
            Lstm.StateGradient d = Lstm.backwardFromH(pf, fwd[s], add(dhF[s], dh), dc, gf);
            dh = d.dh();
            dc = d.dc();
        }
        dh = new double[n];
        dc = new double[n];
        for (int s = length - 1; s >= 0; s--) {                       // backward LSTM: its step s is time length-1-s
            Lstm.StateGradient d = Lstm.backwardFromH(pb, bwd[s], add(dhB[length - 1 - s], dh), dc, gb);
            dh = d.dh();
            dc = d.dc();
        }
        return new Result(loss, g);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
