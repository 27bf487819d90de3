package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.layers.Gru;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One reference cell (vanilla RNN, LSTM or GRU) behind the face the checks need: its parameters, a
 * sequence's loss and gradients, the DL4J layer that implements it and how parameters and gradients map
 * between the two. A state is {@code double[][]}: {h} or, for the LSTM, {h, c}.
 */
public sealed interface ReferenceCell {

    /** A sequence's loss, gradients (in {@link #params()} order) and final state. */
    record Result(double loss, List<Param> grads, double[][] last) {
    }

    RecurrentCell cell();

    /** The live parameters: perturbing them changes what {@link #run} computes. */
    List<Param> params();

    double[][] zeroState();

    Result run(double[][] x, int[] y, int length, double[][] initial, boolean backward);

    /**
     * What DL4J M2.1's stock layers compute for a truncated-BPTT segment after the first (docs/design.md):
     * the output layer's errors come from the forward that starts at the carried state, the recurrent layer's
     * internals from a forward recomputed from zeros.
     */
    List<Param> zeroStateBackward(double[][] x, int[] y, int length, double[][] carried);

    /**
     * The DL4J layer that implements this cell: rnnkit's {@code Rnn} / {@code Lstm} / {@link Gru}, or DL4J's
     * {@code SimpleRnn} / {@code LSTM} (the parameter layouts are the same).
     *
     * @throws IllegalArgumentException for {@link RecurrentImpl#DL4J} and the GRU (DL4J has none)
     */
    default Layer layer(RecurrentImpl impl, int inputs, int hidden) {
        return RecurrentLayers.layer(cell(), impl, inputs, hidden, BidirectionalMode.NONE, 0.0);
    }

    /** The implementations of this cell: rnnkit's, and DL4J's where it has one. */
    default List<RecurrentImpl> impls() {
        return cell() == RecurrentCell.GRU ? List.of(RecurrentImpl.RNNKIT)
                : List.of(RecurrentImpl.RNNKIT, RecurrentImpl.DL4J);
    }

    /**
     * Whether {@code impl}'s layer computes the true truncated-BPTT gradient for every segment: rnnkit's do,
     * DL4J M2.1's stock layers do not (docs/design.md).
     */
    default boolean truncatedBpttExact(RecurrentImpl impl) {
        return impl == RecurrentImpl.RNNKIT;
    }

    /** Copies the parameters into layer 0 (recurrent) and layer 1 (output) of {@code net}. */
    void copyInto(MultiLayerNetwork net);

    /** DL4J's gradients (by key) in the reference's names and layout. */
    List<Param> fromDl4j(Map<String, INDArray> gradients);

    /**
     * Norms of dL_T/dh(t) for a loss at the last step only: element k is the norm at distance k from the end
     * (k = 0 is the last step). The vanishing/exploding-gradient picture of the course notes.
     */
    double[] hiddenGradientNorms(double[][] x, int target);

    /** The recurrent matrix whose spectral radius governs the linearised recursion (see {@link GradientFlow}). */
    double[][] recurrentMatrix();

    /** The same cell with the parameters of a trained DL4J network (layer 0 recurrent, layer 1 output). */
    ReferenceCell withParamsOf(MultiLayerNetwork net);

    /** A cell with random parameters (uniform in [-0.5, 0.5]) from a seed. */
    static ReferenceCell random(RecurrentCell cell, CheckOptions o, long seed) {
        return switch (cell) {
            case SIMPLE_RNN -> new Vanilla(VanillaRnn.Params.random(o.inputs(), o.hidden(), o.classes(), 0.5, seed));
            case LSTM -> new LstmCell(Lstm.Params.random(o.inputs(), o.hidden(), o.classes(), 0.5, seed));
            case GRU -> new GruCell(io.github.rnnkit.gradcheck.Gru.Params.random(o.inputs(), o.hidden(), o.classes(),
                    0.5, seed));
        };
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Columns [from, to) of m. */
    private static double[][] block(double[][] m, int from, int to) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = Arrays.copyOfRange(m[i], from, to);
        }
        return out;
    }

    private static INDArray row(double[] v) {
        return Nd4j.create(v).reshape(1, v.length);
    }

    private static INDArray transposed(double[][] m) {
        return Nd4j.create(m).transpose().dup('c');
    }

    private static double[][] transposedOf(INDArray a) {
        return a.transpose().dup('c').toDoubleMatrix();
    }

    /** The vanilla RNN against rnnkit's {@code Rnn} and DL4J's {@code SimpleRnn} (W = U^T, RW = W^T). */
    record Vanilla(VanillaRnn.Params p) implements ReferenceCell {
        @Override
        public RecurrentCell cell() {
            return RecurrentCell.SIMPLE_RNN;
        }

        @Override
        public List<Param> params() {
            return p.asList();
        }

        @Override
        public double[][] zeroState() {
            return new double[][]{new double[p.W().length]};
        }

        @Override
        public Result run(double[][] x, int[] y, int length, double[][] initial, boolean backward) {
            VanillaRnn.SequenceResult r = VanillaRnn.run(p, x, y, length, initial[0], backward);
            return new Result(r.loss(), r.grads().asList(), new double[][]{r.hLast()});
        }

        @Override
        public List<Param> zeroStateBackward(double[][] x, int[] y, int length, double[][] carried) {
            VanillaRnn.Params g = VanillaRnn.Params.zerosLike(p);
            VanillaRnn.StepCache[] real = new VanillaRnn.StepCache[length];
            VanillaRnn.StepCache[] zero = new VanillaRnn.StepCache[length];
            double[] hr = carried[0];
            double[] hz = new double[hr.length];
            for (int t = 0; t < length; t++) {
                real[t] = VanillaRnn.forward(p, x[t], hr, y[t]);
                zero[t] = VanillaRnn.forward(p, x[t], hz, y[t]);
                hr = real[t].h();
                hz = zero[t].h();
            }
            double[] dh = new double[hr.length];
            for (int t = length - 1; t >= 0; t--) {
                double[] dhOut = SoftmaxOutput.backward(p.V(), real[t].yHat(), y[t], real[t].h(), g.V(), g.c());
                dh = VanillaRnn.backwardFromH(p, zero[t], Linalg.add(dhOut, dh), g);
            }
            return g.asList();
        }

        @Override
        public double[] hiddenGradientNorms(double[][] x, int target) {
            int steps = x.length;
            VanillaRnn.StepCache[] caches = new VanillaRnn.StepCache[steps];
            double[] h = new double[p.W().length];
            for (int t = 0; t < steps; t++) {
                caches[t] = VanillaRnn.forward(p, x[t], h, target);
                h = caches[t].h();
            }
            VanillaRnn.Params g = VanillaRnn.Params.zerosLike(p);
            double[] dh = SoftmaxOutput.backward(p.V(), caches[steps - 1].yHat(), target, h, g.V(), g.c());
            double[] norms = new double[steps];
            for (int t = steps - 1; t >= 0; t--) {
                norms[steps - 1 - t] = norm(dh);
                dh = VanillaRnn.backwardFromH(p, caches[t], dh, g);
            }
            return norms;
        }

        @Override
        public double[][] recurrentMatrix() {
            return p.W();
        }

        @Override
        public ReferenceCell withParamsOf(MultiLayerNetwork net) {
            List<Param> q = fromDl4j(net.paramTable());
            return new Vanilla(new VanillaRnn.Params(q.get(0).rows(), q.get(1).rows(), q.get(2).rows()[0],
                    q.get(3).rows(), q.get(4).rows()[0]));
        }



        @Override
        public void copyInto(MultiLayerNetwork net) {
            net.setParam("0_W", transposed(p.U()));     // DL4J: x W;  reference: U x
            net.setParam("0_RW", transposed(p.W()));    // DL4J: h RW; reference: W h
            net.setParam("0_b", row(p.b()));
            net.setParam("1_W", transposed(p.V()));
            net.setParam("1_b", row(p.c()));
        }

        @Override
        public List<Param> fromDl4j(Map<String, INDArray> g) {
            return List.of(Param.matrix("U", transposedOf(g.get("0_W"))), Param.matrix("W", transposedOf(g.get("0_RW"))),
                    Param.vector("b", g.get("0_b").toDoubleVector()), Param.matrix("V", transposedOf(g.get("1_W"))),
                    Param.vector("c", g.get("1_b").toDoubleVector()));
        }
    }

    /** The LSTM against rnnkit's {@code Lstm} and DL4J's {@code LSTM}, parameter for parameter. */
    record LstmCell(Lstm.Params p) implements ReferenceCell {
        @Override
        public RecurrentCell cell() {
            return RecurrentCell.LSTM;
        }

        @Override
        public List<Param> params() {
            return p.asList();
        }

        @Override
        public double[][] zeroState() {
            return new double[][]{new double[p.hidden()], new double[p.hidden()]};
        }

        @Override
        public Result run(double[][] x, int[] y, int length, double[][] initial, boolean backward) {
            Lstm.SequenceResult r = Lstm.run(p, x, y, length, new Lstm.State(initial[0], initial[1]), backward);
            return new Result(r.loss(), r.grads().asList(), new double[][]{r.last().h(), r.last().c()});
        }

        @Override
        public List<Param> zeroStateBackward(double[][] x, int[] y, int length, double[][] carried) {
            Lstm.StepCache[] real = new Lstm.StepCache[length];
            Lstm.StepCache[] zero = new Lstm.StepCache[length];
            Lstm.State sr = new Lstm.State(carried[0], carried[1]);
            Lstm.State sz = Lstm.State.zeros(p.hidden());
            for (int t = 0; t < length; t++) {
                real[t] = Lstm.forward(p, x[t], sr, y[t]);
                zero[t] = Lstm.forward(p, x[t], sz, y[t]);
                sr = new Lstm.State(real[t].h(), real[t].c());
                sz = new Lstm.State(zero[t].h(), zero[t].c());
            }
            Lstm.Params g = Lstm.Params.zerosLike(p);
            Lstm.StateGradient d = new Lstm.StateGradient(new double[p.hidden()], new double[p.hidden()]);
            for (int t = length - 1; t >= 0; t--) {
                Lstm.StepCache z = zero[t];
                d = Lstm.backward(p, new Lstm.StepCache(z.x(), z.prev(), z.g(), z.f(), z.o(), z.i(), z.c(), z.tanhC(),
                        real[t].h(), real[t].yHat(), z.target(), real[t].loss()), d, g);
            }
            return g.asList();
        }

        @Override
        public double[] hiddenGradientNorms(double[][] x, int target) {
            int steps = x.length;
            int n = p.hidden();
            Lstm.StepCache[] caches = new Lstm.StepCache[steps];
            Lstm.State state = Lstm.State.zeros(n);
            for (int t = 0; t < steps; t++) {
                caches[t] = Lstm.forward(p, x[t], state, target);
                state = new Lstm.State(caches[t].h(), caches[t].c());
            }
            Lstm.Params g = Lstm.Params.zerosLike(p);
            double[] dh = SoftmaxOutput.backward(p.V(), caches[steps - 1].yHat(), target, state.h(), g.V(), g.c());
            double[] dc = new double[n];
            double[] norms = new double[steps];
            for (int t = steps - 1; t >= 0; t--) {
                norms[steps - 1 - t] = norm(dh);
                Lstm.StateGradient d = Lstm.backwardFromH(p, caches[t], dh, dc, g);
                dh = d.dh();
                dc = d.dc();
            }
            return norms;
        }

        /** The candidate block of RW (columns [0, n)). */
        @Override
        public double[][] recurrentMatrix() {
            return block(p.RW(), 0, p.hidden());
        }

        @Override
        public ReferenceCell withParamsOf(MultiLayerNetwork net) {
            List<Param> q = fromDl4j(net.paramTable());
            return new LstmCell(new Lstm.Params(q.get(0).rows(), q.get(1).rows(), q.get(2).rows()[0], q.get(3).rows(),
                    q.get(4).rows()[0]));
        }



        @Override
        public void copyInto(MultiLayerNetwork net) {
            net.setParam("0_W", Nd4j.create(p.W()));
            net.setParam("0_RW", Nd4j.create(p.RW()));
            net.setParam("0_b", row(p.b()));
            net.setParam("1_W", transposed(p.V()));
            net.setParam("1_b", row(p.c()));
        }

        @Override
        public List<Param> fromDl4j(Map<String, INDArray> g) {
            return List.of(Param.matrix("W", g.get("0_W").toDoubleMatrix()), Param.matrix("RW", g.get("0_RW").toDoubleMatrix()),
                    Param.vector("b", g.get("0_b").toDoubleVector()), Param.matrix("V", transposedOf(g.get("1_W"))),
                    Param.vector("c", g.get("1_b").toDoubleVector()));
        }
    }

    /** The GRU against rnnkit's {@link Gru} layer, parameter for parameter. */
    record GruCell(io.github.rnnkit.gradcheck.Gru.Params p) implements ReferenceCell {
        @Override
        public RecurrentCell cell() {
            return RecurrentCell.GRU;
        }

        @Override
        public List<Param> params() {
            return p.asList();
        }

        @Override
        public double[][] zeroState() {
            return new double[][]{new double[p.hidden()]};
        }

        @Override
        public Result run(double[][] x, int[] y, int length, double[][] initial, boolean backward) {
            io.github.rnnkit.gradcheck.Gru.SequenceResult r = io.github.rnnkit.gradcheck.Gru.run(p, x, y, length,
                    initial[0], backward);
            return new Result(r.loss(), r.grads().asList(), new double[][]{r.hLast()});
        }

        @Override
        public List<Param> zeroStateBackward(double[][] x, int[] y, int length, double[][] carried) {
            throw new UnsupportedOperationException("rnnkit's GRU computes the true truncated gradient");
        }

        @Override
        public double[] hiddenGradientNorms(double[][] x, int target) {
            int steps = x.length;
            io.github.rnnkit.gradcheck.Gru.StepCache[] caches = new io.github.rnnkit.gradcheck.Gru.StepCache[steps];
            double[] h = new double[p.hidden()];
            for (int t = 0; t < steps; t++) {
                caches[t] = io.github.rnnkit.gradcheck.Gru.forward(p, x[t], h, target);
                h = caches[t].h();
            }
            io.github.rnnkit.gradcheck.Gru.Params g = io.github.rnnkit.gradcheck.Gru.Params.zerosLike(p);
            double[] dh = SoftmaxOutput.backward(p.V(), caches[steps - 1].yHat(), target, h, g.V(), g.c());
            double[] norms = new double[steps];
            for (int t = steps - 1; t >= 0; t--) {
                norms[steps - 1 - t] = norm(dh);
                dh = io.github.rnnkit.gradcheck.Gru.backwardFromH(p, caches[t], dh, g);
            }
            return norms;
        }

        /** The candidate block of RW (columns [2n, 3n)). */
        @Override
        public double[][] recurrentMatrix() {
            return block(p.RW(), 2 * p.hidden(), 3 * p.hidden());
        }

        @Override
        public ReferenceCell withParamsOf(MultiLayerNetwork net) {
            List<Param> q = fromDl4j(net.paramTable());
            return new GruCell(new io.github.rnnkit.gradcheck.Gru.Params(q.get(0).rows(), q.get(1).rows(),
                    q.get(2).rows()[0], q.get(3).rows()[0], q.get(4).rows(), q.get(5).rows()[0]));
        }



        @Override
        public void copyInto(MultiLayerNetwork net) {
            net.setParam("0_W", Nd4j.create(p.W()));
            net.setParam("0_RW", Nd4j.create(p.RW()));
            net.setParam("0_b", row(p.b()));
            net.setParam("0_rb", row(p.rb()));
            net.setParam("1_W", transposed(p.V()));
            net.setParam("1_b", row(p.c()));
        }

        @Override
        public List<Param> fromDl4j(Map<String, INDArray> g) {
            List<Param> out = new ArrayList<>();
            out.add(Param.matrix("W", g.get("0_W").toDoubleMatrix()));
            out.add(Param.matrix("RW", g.get("0_RW").toDoubleMatrix()));
            out.add(Param.vector("b", g.get("0_b").toDoubleVector()));
            out.add(Param.vector("rb", g.get("0_rb").toDoubleVector()));
            out.add(Param.matrix("V", transposedOf(g.get("1_W"))));
            out.add(Param.vector("c", g.get("1_b").toDoubleVector()));
            return out;
        }
    }
}
