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
 * An LSTM layer (no peepholes) with a softmax output per step, forward and hand-derived backward, in double
 * precision and in DL4J's parameter layout, so that it can be compared with DL4J's {@code LSTM} parameter
 * for parameter.
 *
 * <pre>
 *   z(t) = W^T x(t) + RW^T h(t-1) + b          (DL4J: x W + h RW + b with row vectors)
 *   [z_g | z_f | z_o | z_i] = z(t)              four column blocks of n, in DL4J's order
 *   g = tanh(z_g)   f = sigmoid(z_f)   o = sigmoid(z_o)   i = sigmoid(z_i)
 *   c(t) = f * c(t-1) + i * g                  h(t) = o * tanh(c(t))
 *   y^(t) = softmax(cOut + V h(t))             L = sum over t of -log y^(t)[y(t)]
 * </pre>
 *
 * Backward, per step, given grad h(t) (from the output and from step t+1) and grad c(t) from step t+1:
 * <pre>
 *   grad o   = grad h * tanh(c)                grad c  = grad h * o * (1 - tanh(c)^2) + grad c(from t+1)
 *   grad f   = grad c * c(t-1)    grad i = grad c * g    grad g = grad c * i    grad c(t-1) = grad c * f
 *   grad z_g = grad g (1 - g^2)   grad z_{f,o,i} = grad {f,o,i} * s (1 - s) for s = f, o, i
 *   grad W += x grad z^T   grad RW += h(t-1) grad z^T   grad b += grad z   grad h(t-1) = RW grad z
 * </pre>
 *
 * Shapes: x [D], h and c [n], W [D x 4n], RW [n x 4n], b [4n], V [K x n], cOut [K].
 */
public final class Lstm {

    /** Parameters, in DL4J's names for the layer (W, RW, b) and the notes' for the output (V, c). */
    public record Params(double[][] W, double[][] RW, double[] b, double[][] V, double[] c) {
        public static Params random(int inputs, int hidden, int classes, double scale, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Params(Rand.matrix(r, inputs, 4 * hidden, scale), Rand.matrix(r, hidden, 4 * hidden, scale),
                    Rand.vector(r, 4 * hidden, scale), Rand.matrix(r, classes, hidden, scale),
                    Rand.vector(r, classes, scale));
        }

        public static Params zerosLike(Params p) {
            return new Params(new double[p.W.length][p.W[0].length], new double[p.RW.length][p.RW[0].length],
                    new double[p.b.length], new double[p.V.length][p.V[0].length], new double[p.c.length]);
        }

        public int hidden() {
            return RW.length;
        }

        public List<Param> asList() {
            return List.of(Param.matrix("W", W), Param.matrix("RW", RW), Param.vector("b", b), Param.matrix("V", V),
                    Param.vector("c", c));
        }
    }

    /** The recurrent state (h, c). */
    public record State(double[] h, double[] c) {
        public static State zeros(int n) {
            return new State(new double[n], new double[n]);
        }
    }

    /** What one step keeps for the backward pass. */
    public record StepCache(double[] x, State prev, double[] g, double[] f, double[] o, double[] i, double[] c,
                            double[] tanhC, double[] h, double[] yHat, int target, double loss) {
    }

    /** A step's gradient flowing into the previous state. */
    public record StateGradient(double[] dh, double[] dc) {
    }

    /**
     * @param loss      summed loss over the steps
     * @param grads     gradients of {@code loss}
     * @param dInitial  gradient with respect to the initial state
     * @param last      state after the last step
     */
    public record SequenceResult(double loss, Params grads, StateGradient dInitial, State last) {
    }

    private Lstm() {
    }

    public static StepCache forward(Params p, double[] x, State prev, int target) {
        int n = p.hidden();
        double[] z = add(add(mulT(p.W(), x), mulT(p.RW(), prev.h())), p.b());   // z = W^T x + RW^T h(t-1) + b
        double[] g = new double[n];
        double[] f = new double[n];
        double[] o = new double[n];
        double[] i = new double[n];
        double[] c = new double[n];
        double[] tanhC = new double[n];
        double[] h = new double[n];
        for (int k = 0; k < n; k++) {
            g[k] = Math.tanh(z[k]);                 // block 0: candidate
            f[k] = sigmoid(z[n + k]);               // block 1: forget gate
            o[k] = sigmoid(z[2 * n + k]);           // block 2: output gate
            i[k] = sigmoid(z[3 * n + k]);           // block 3: input gate
            c[k] = f[k] * prev.c()[k] + i[k] * g[k];
            tanhC[k] = Math.tanh(c[k]);
            h[k] = o[k] * tanhC[k];
        }
        double[] yHat = SoftmaxOutput.forward(p.V(), p.c(), h);
        return new StepCache(x, prev, g, f, o, i, c, tanhC, h, yHat, target, -Math.log(yHat[target]));
    }

    /**
     * One step backward: adds this step's gradients to {@code grads} and returns the gradient flowing into
     * (h(t-1), c(t-1)).
     *
     * @param future the gradient reaching (h(t), c(t)) from step t+1 (zeros at the last step)
     */
    public static StateGradient backward(Params p, StepCache s, StateGradient future, Params grads) {
        double[] dhOut = SoftmaxOutput.backward(p.V(), s.yHat(), s.target(), s.h(), grads.V(), grads.c());
        return backwardFromH(p, s, add(dhOut, future.dh()), future.dc(), grads);   // grad h(t): output + future
    }

    /**
     * The recurrent part of a step's backward, given the full grad h(t) and grad c(t) from step t+1: adds to
     * W, RW, b and returns the gradient flowing into (h(t-1), c(t-1)).
     */
    public static StateGradient backwardFromH(Params p, StepCache s, double[] dh, double[] dcFuture, Params grads) {
        int n = p.hidden();
        double[] dz = new double[4 * n];
        double[] dcPrev = new double[n];
        for (int k = 0; k < n; k++) {
            double dO = dh[k] * s.tanhC()[k];                         // through h = o * tanh(c), into o
            double dc = dh[k] * s.o()[k] * (1 - s.tanhC()[k] * s.tanhC()[k])   // through tanh(c) into c
                    + dcFuture[k];                                    // plus c's own path from t+1
            double dF = dc * s.prev().c()[k];                         // through c = f c(t-1) + i g, into f
            double dI = dc * s.g()[k];                                // into i
            double dG = dc * s.i()[k];                                // into g
            dcPrev[k] = dc * s.f()[k];                                // into c(t-1)
            dz[k] = dG * (1 - s.g()[k] * s.g()[k]);                   // through tanh, candidate block
            dz[n + k] = dF * s.f()[k] * (1 - s.f()[k]);               // through sigmoid, forget block
            dz[2 * n + k] = dO * s.o()[k] * (1 - s.o()[k]);           // through sigmoid, output block
            dz[3 * n + k] = dI * s.i()[k] * (1 - s.i()[k]);           // through sigmoid, input block
        }
        addOuter(grads.W(), s.x(), dz);                               // into W: x grad z^T
        addOuter(grads.RW(), s.prev().h(), dz);                       // into RW: h(t-1) grad z^T
        addTo(grads.b(), dz);                                         // into b
        return new StateGradient(mul(p.RW(), dz), dcPrev);            // into h(t-1): RW grad z; c(t-1) above
    }

    /** Forward over the first {@code length} steps and, if asked, backward through all of them. */
    public static SequenceResult run(Params p, double[][] x, int[] targets, int length, State initial,
                                     boolean backward) {
        StepCache[] caches = new StepCache[length];
        State state = initial;
        double loss = 0;
        for (int t = 0; t < length; t++) {
            caches[t] = forward(p, x[t], state, targets[t]);
            loss += caches[t].loss();
            state = new State(caches[t].h(), caches[t].c());
        }
        Params g = Params.zerosLike(p);
        int n = p.hidden();
        StateGradient d = new StateGradient(new double[n], new double[n]);
        if (backward) {
            for (int t = length - 1; t >= 0; t--) {
                d = backward(p, caches[t], d, g);
            }
        }
        return new SequenceResult(loss, g, d, state);
    }
}
