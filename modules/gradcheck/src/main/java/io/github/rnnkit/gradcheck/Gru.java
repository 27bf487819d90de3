package io.github.rnnkit.gradcheck;

import java.util.List;
import java.util.SplittableRandom;

import static io.github.rnnkit.gradcheck.Linalg.add;
import static io.github.rnnkit.gradcheck.Linalg.addOuter;
import static io.github.rnnkit.gradcheck.Linalg.addTo;
import static io.github.rnnkit.gradcheck.Linalg.mul;
import static io.github.rnnkit.gradcheck.Linalg.mulT;
import static io.github.rnnkit.gradcheck.Linalg.sigmoid;

/**
 * A GRU layer in the "reset after" variant (cuDNN, PyTorch {@code nn.GRU}, Keras {@code reset_after=True}),
 * with a softmax output per step, forward and hand-derived backward in double precision, in the parameter
 * layout of rnnkit's GRU layer.
 *
 * <pre>
 *   a(t) = W^T x(t) + b               m(t) = RW^T h(t-1) + rb          (each 3n: blocks [r | u | n])
 *   r = sigmoid(a_r + m_r)            u = sigmoid(a_u + m_u)           (reset and update gates)
 *   n = tanh(a_n + r * m_n)                                            (candidate: reset applied after RW)
 *   h(t) = (1 - u) * n + u * h(t-1)
 *   y^(t) = softmax(c + V h(t))       L = sum over t of -log y^(t)[y(t)]
 * </pre>
 *
 * Backward, per step, given grad h(t) (output plus future):
 * <pre>
 *   grad n = grad h * (1 - u)      grad u = grad h * (h(t-1) - n)      grad h(t-1) += grad h * u
 *   grad a_n = grad n * (1 - n^2)  grad m_n = grad a_n * r             grad r = grad a_n * m_n
 *   grad a_r = grad m_r = grad r * r (1 - r)        grad a_u = grad m_u = grad u * u (1 - u)
 *   grad W += x grad a^T   grad b += grad a   grad RW += h(t-1) grad m^T   grad rb += grad m
 *   grad h(t-1) += RW grad m
 * </pre>
 *
 * Shapes: x [D], h [n], W [D x 3n], RW [n x 3n], b and rb [3n], V [K x n], c [K]. PyTorch's weights map as
 * W = weight_ih^T, RW = weight_hh^T, b = bias_ih, rb = bias_hh (PyTorch's gate order is also r, z, n).
 * Cho et al. (2014) apply the reset gate before the recurrent product instead: n = tanh(a_n + RW_n^T (r * h));
 * that variant is not what rnnkit's layer computes.
 */
public final class Gru {

    /** Parameters in rnnkit's GRU layout (W, RW, b, rb) and the notes' output names (V, c). */
    public record Params(double[][] W, double[][] RW, double[] b, double[] rb, double[][] V, double[] c) {
        public static Params random(int inputs, int hidden, int classes, double scale, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Params(Rand.matrix(r, inputs, 3 * hidden, scale), Rand.matrix(r, hidden, 3 * hidden, scale),
                    Rand.vector(r, 3 * hidden, scale), Rand.vector(r, 3 * hidden, scale),
                    Rand.matrix(r, classes, hidden, scale), Rand.vector(r, classes, scale));
        }

        public static Params zerosLike(Params p) {
            return new Params(new double[p.W.length][p.W[0].length], new double[p.RW.length][p.RW[0].length],
                    new double[p.b.length], new double[p.rb.length], new double[p.V.length][p.V[0].length],
                    new double[p.c.length]);
        }

        public int hidden() {
            return RW.length;
        }

        public List<Param> asList() {
            return List.of(Param.matrix("W", W), Param.matrix("RW", RW), Param.vector("b", b), Param.vector("rb", rb),
                    Param.matrix("V", V), Param.vector("c", c));
        }
    }

    /** What one step keeps for the backward pass. */
    public record StepCache(double[] x, double[] hPrev, double[] r, double[] u, double[] n, double[] mN,
                            double[] h, double[] yHat, int target, double loss) {
    }

    /**
     * @param loss  summed loss
     * @param grads gradients of {@code loss}
     * @param dh0   gradient with respect to the initial state
     * @param hLast state after the last step
     */
    public record SequenceResult(double loss, Params grads, double[] dh0, double[] hLast) {
    }

    private Gru() {
    }

    public static StepCache forward(Params p, double[] x, double[] hPrev, int target) {
        int n = p.hidden();
        double[] a = add(mulT(p.W(), x), p.b());           // a = W^T x + b
        double[] m = add(mulT(p.RW(), hPrev), p.rb());     // m = RW^T h(t-1) + rb
        double[] r = new double[n];
        double[] u = new double[n];
        double[] cand = new double[n];
        double[] mN = new double[n];
        double[] h = new double[n];
        for (int k = 0; k < n; k++) {
            r[k] = sigmoid(a[k] + m[k]);                          // block 0: reset gate
            u[k] = sigmoid(a[n + k] + m[n + k]);                  // block 1: update gate
            mN[k] = m[2 * n + k];
            cand[k] = Math.tanh(a[2 * n + k] + r[k] * mN[k]);     // block 2: candidate, reset after RW
            h[k] = (1 - u[k]) * cand[k] + u[k] * hPrev[k];
        }
        double[] yHat = SoftmaxOutput.forward(p.V(), p.c(), h);
        return new StepCache(x, hPrev, r, u, cand, mN, h, yHat, target, -Math.log(yHat[target]));
    }

    /** One step backward; adds to {@code g} and returns the gradient flowing into h(t-1). */
    public static double[] backward(Params p, StepCache s, double[] dhFuture, Params g) {
        double[] dh = add(SoftmaxOutput.backward(p.V(), s.yHat(), s.target(), s.h(), g.V(), g.c()), dhFuture);
        return backwardFromH(p, s, dh, g);
    }

    /** The recurrent part of a step's backward, given the full grad h(t): adds to W, RW, b, rb; returns grad h(t-1). */
    public static double[] backwardFromH(Params p, StepCache s, double[] dh, Params g) {
        int n = p.hidden();
        double[] da = new double[3 * n];
        double[] dm = new double[3 * n];
        double[] dhPrev = new double[n];
        for (int k = 0; k < n; k++) {
            double dN = dh[k] * (1 - s.u()[k]);                         // through h = (1-u) n + u h(t-1), into n
            double dU = dh[k] * (s.hPrev()[k] - s.n()[k]);              // into u
            dhPrev[k] = dh[k] * s.u()[k];                               // into h(t-1), the direct path
            double daN = dN * (1 - s.n()[k] * s.n()[k]);                // through tanh
            da[2 * n + k] = daN;                                        // into a_n
            dm[2 * n + k] = daN * s.r()[k];                             // into m_n, through r * m_n
            double dR = daN * s.mN()[k];                                // into r
            double dzR = dR * s.r()[k] * (1 - s.r()[k]);                // through sigmoid, reset block
            double dzU = dU * s.u()[k] * (1 - s.u()[k]);                // through sigmoid, update block
            da[k] = dzR;
            dm[k] = dzR;
            da[n + k] = dzU;
            dm[n + k] = dzU;
        }
        addOuter(g.W(), s.x(), da);                                     // into W: x grad a^T
        addTo(g.b(), da);                                               // into b
        addOuter(g.RW(), s.hPrev(), dm);                                // into RW: h(t-1) grad m^T
        addTo(g.rb(), dm);                                              // into rb
        addTo(dhPrev, mul(p.RW(), dm));                                 // into h(t-1) through RW
        return dhPrev;
    }

    /** Forward over the first {@code length} steps and, if asked, backward through all of them. */
    public static SequenceResult run(Params p, double[][] x, int[] targets, int length, double[] h0, boolean backward) {
        StepCache[] caches = new StepCache[length];
        double[] h = h0;
        double loss = 0;
        for (int t = 0; t < length; t++) {
            caches[t] = forward(p, x[t], h, targets[t]);
            loss += caches[t].loss();
            h = caches[t].h();
        }
        Params g = Params.zerosLike(p);
        double[] dh = new double[h0.length];
        if (backward) {
            for (int t = length - 1; t >= 0; t--) {
                dh = backward(p, caches[t], dh, g);
            }
        }
        return new SequenceResult(loss, g, dh, h);
    }
}
