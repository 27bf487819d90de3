package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.RecurrentCell;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;

/**
 * rnnkit's long short-term memory layer (Hochreiter &amp; Schmidhuber 1997, with a forget gate, no peepholes),
 * the equations and parameter layout of DL4J's {@code LSTM} with tanh activation, so weights move between the
 * two unchanged:
 *
 * <pre>
 *   a = x W + h(t-1) RW + b                        (row vectors, 4n wide, blocks [g | f | o | i])
 *   g = tanh(a_g)    f = sigmoid(a_f)    o = sigmoid(a_o)    i = sigmoid(a_i)
 *   c(t) = f * c(t-1) + i * g                      h(t) = o * tanh(c(t))
 * </pre>
 *
 * Parameters: {@code W} [nIn, 4n], {@code RW} [n, 4n], {@code b} [1, 4n] (the forget block starts at
 * {@code forgetGateBiasInit}, 1.0 by default, as in DL4J and Jozefowicz et al. 2015). PyTorch's
 * {@code nn.LSTM} orders its blocks [i | f | g | o] and splits the bias in two.
 *
 * <p>It runs on {@link FastRecurrentLayer}: one GEMM for the input projection of all steps, one per step for
 * the recurrent product, vectorised gate math, and after the backward loop one GEMM each for the weight
 * gradients and the input gradient; 2-6x faster than DL4J's {@code LSTM} (docs/benchmarks.md). It is a native
 * DL4J recurrent layer: masks (a masked step outputs zero, resets the state and passes no gradient), the true
 * truncated-BPTT gradient, {@code rnnTimeStep}, the {@code Bidirectional} and {@code LastTimeStep} wrappers,
 * JSON and model-file round trips. Its backward pass is checked against the reference in
 * {@code io.github.rnnkit.gradcheck.Lstm} and numerical gradients.
 *
 * <pre>{@code
 * .layer(new Lstm.Builder().nIn(64).nOut(256).build())
 * }</pre>
 */
public class Lstm extends FastRecurrent {
    private double forgetGateBiasInit = 1.0;

    protected Lstm(Builder builder) {
        super(builder);
        this.forgetGateBiasInit = builder.forgetGateBiasInit;
    }

    /** For JSON deserialisation. */
    protected Lstm() {
    }

    @Override
    public RecurrentCell cell() {
        return RecurrentCell.LSTM;
    }

    /** The initial value of the forget gate's bias block. */
    public double getForgetGateBiasInit() {
        return forgetGateBiasInit;
    }

    public void setForgetGateBiasInit(double forgetGateBiasInit) {
        this.forgetGateBiasInit = forgetGateBiasInit;
    }

    /** Builds an {@link Lstm}: set at least {@code nIn} and {@code nOut}. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        private double forgetGateBiasInit = 1.0;

        /** The initial value of the forget gate's bias block (default 1.0: remember by default). */
        public Builder forgetGateBiasInit(double value) {
            this.forgetGateBiasInit = value;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Lstm build() {
            return new Lstm(this);
        }
    }
}
