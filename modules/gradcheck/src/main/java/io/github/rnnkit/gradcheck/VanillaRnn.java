package io.github.rnnkit.gradcheck;

import java.util.List;
import java.util.SplittableRandom;

import static io.github.rnnkit.gradcheck.Linalg.add;
import static io.github.rnnkit.gradcheck.Linalg.addOuter;
import static io.github.rnnkit.gradcheck.Linalg.addTo;
import static io.github.rnnkit.gradcheck.Linalg.mul;
import static io.github.rnnkit.gradcheck.Linalg.mulT;

/**
 * The vanilla RNN of the course notes, forward and hand-derived backward, in double precision.
 *
 * <pre>
 *   a(t)  = b + W h(t-1) + U x(t)          h(t)  = tanh(a(t))
 *   o(t)  = c + V h(t)                     y^(t) = softmax(o(t))
 *   L     = sum over t of -log y^(t)[y(t)]
 * </pre>
 *
 * Backward through time (Goodfellow, Bengio and Courville, Deep Learning, section 10.2.2):
 * <pre>
 *   grad o(t) = y^(t) - e_y(t)
 *   grad h(t) = W^T diag(1 - h(t+1)^2) grad h(t+1) + V^T grad o(t)      (the last step has no first term)
 *   grad c = sum_t grad o(t)                 grad V = sum_t grad o(t) h(t)^T
 *   grad b = sum_t diag(1 - h(t)^2) grad h(t)
 *   grad W = sum_t diag(1 - h(t)^2) grad h(t) h(t-1)^T
 *   grad U = sum_t diag(1 - h(t)^2) grad h(t) x(t)^T
 * </pre>
 *
 * Shapes: x(t) [D], h(t) [H], o(t) [K]; U [H x D], W [H x H], b [H], V [K x H], c [K].
 */
public final class VanillaRnn {

    /** The parameters, named as in the equations. */
    public record Params(double[][] U, double[][] W, double[] b, double[][] V, double[] c) {
        /** Small random parameters (uniform in [-scale, scale]) from a seed. */
        public static Params random(int inputs, int hidden, int classes, double scale, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Params(Rand.matrix(r, hidden, inputs, scale), Rand.matrix(r, hidden, hidden, scale),
                    Rand.vector(r, hidden, scale), Rand.matrix(r, classes, hidden, scale), Rand.vector(r, classes, scale));
        }

        public static Params zerosLike(Params p) {
            return new Params(new double[p.U.length][p.U[0].length], new double[p.W.length][p.W[0].length],
                    new double[p.b.length], new double[p.V.length][p.V[0].length], new double[p.c.length]);
        }

        /** The parameters for the checker, in the order U, W, b, V, c. */
        public List<Param> asList() {
            return List.of(Param.matrix("U", U), Param.matrix("W", W), Param.vector("b", b), Param.matrix("V", V),
                    Param.vector("c", c));
        }
    }

    /** What one step's forward pass keeps for the backward pass. */
    public record StepCache(double[] x, double[] hPrev, double[] h, double[] yHat, int target, double loss) {
    }

    /**
     * A sequence's loss, its gradients (zero when only the forward pass was asked for) and the last state.
     *
     * @param loss  the summed loss over the scored steps
     * @param grads the gradients of {@code loss}, named as the parameters
     * @param dh0   the gradient with respect to the initial state h(0)
     * @param hLast the state after the last step (to carry into the next truncated-BPTT segment)
     */
    public record SequenceResult(double loss, Params grads, double[] dh0, double[] hLast) {
    }

    private VanillaRnn() {
    }

    /** One step forward: a(t), h(t), o(t), y^(t) and the step's loss for {@code target}. */
    public static StepCache forward(Params p, double[] x, double[] hPrev, int target) {
        double[] a = add(add(p.b(), mul(p.W(), hPrev)), mul(p.U(), x));    // a = b + W h(t-1) + U x
        double[] h = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            h[i] = Math.tanh(a[i]);                                          // h = tanh(a)
        }
        double[] yHat = SoftmaxOutput.forward(p.V(), p.c(), h);             // y^ = softmax(c + V h)
        return new StepCache(x, hPrev, h, yHat, target, -Math.log(yHat[target]));
    }

    /**
     * One step backward. Adds this step's contributions to {@code g} and returns the gradient flowing into
     * h(t-1), i.e. W^T diag(1 - h(t)^2) grad h(t).
     *
     * @param dhFuture the gradient reaching h(t) from step t+1 (zeros at the last step)
     */
    public static double[] backward(Params p, StepCache s, double[] dhFuture, Params g) {
        double[] dhOut = SoftmaxOutput.backward(p.V(), s.yHat(), s.target(), s.h(), g.V(), g.c());  // into V, c
        return backwardFromH(p, s, add(dhOut, dhFuture), g);    // grad h(t) = V^T grad o(t) + from the future
    }

    /**
     * The recurrent part of a step's backward, given the full grad h(t): adds to b, W, U and returns the
     * gradient flowing into h(t-1).
     */
    public static double[] backwardFromH(Params p, StepCache s, double[] dh, Params g) {
        double[] da = new double[dh.length];
        for (int i = 0; i < dh.length; i++) {
            da[i] = (1 - s.h()[i] * s.h()[i]) * dh[i];           // through tanh: diag(1 - h^2)
        }
        addTo(g.b(), da);                                        // into b
        addOuter(g.W(), da, s.hPrev());                          // into W: da h(t-1)^T
        addOuter(g.U(), da, s.x());                              // into U: da x^T
        return mulT(p.W(), da);                                  // into h(t-1): W^T da
    }

    /**
     * Forward over the first {@code length} steps of a sequence and, if asked, backward through all of them.
     *
     * @param x        inputs, [T][D]
     * @param targets  class of each step, [T]
     * @param length   steps that exist (the rest is padding, as under a mask), 1..T
     * @param h0       initial state [H]
     * @param backward whether to compute gradients
     */
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
