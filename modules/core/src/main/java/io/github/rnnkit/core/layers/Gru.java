package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.RecurrentCell;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;

/**
 * A gated recurrent unit layer for DL4J (which has none), in the "reset after" variant of cuDNN, PyTorch's
 * {@code nn.GRU} and Keras' {@code reset_after=True}:
 *
 * <pre>
 *   a = x W + b            m = h(t-1) RW + rb           (row vectors; each 3n wide, blocks [r | u | n])
 *   r = sigmoid(a_r + m_r)            u = sigmoid(a_u + m_u)
 *   n = tanh(a_n + r * m_n)           h(t) = (1 - u) * n + u * h(t-1)
 * </pre>
 *
 * Parameters: {@code W} [nIn, 3n], {@code RW} [n, 3n], {@code b} and {@code rb} [1, 3n]; PyTorch's
 * {@code weight_ih}, {@code weight_hh}, {@code bias_ih}, {@code bias_hh} are their transposes/equals
 * (same gate order r, z, n). Cho et al. (2014) apply the reset gate before the recurrent product; this
 * layer does not. The gate nonlinearities are fixed (sigmoid, tanh); the layer's {@code activation}
 * setting is ignored.
 *
 * <p>It runs on {@link FastRecurrentLayer} (one GEMM for the input projection of all steps, one per step for
 * the recurrent product, vectorised gate math). It is a native DL4J recurrent layer: masks (a masked step
 * outputs zero, resets the state and passes no gradient), truncated BPTT (the true truncated gradient, including the carried state's contribution, unlike DL4J M2.1's stock
 * layers; see docs/design.md), {@code rnnTimeStep}, the {@code Bidirectional} and {@code LastTimeStep}
 * wrappers, JSON and model-file round trips. Its backward pass is hand-derived and checked against the
 * reference in {@code io.github.rnnkit.gradcheck.Gru} and numerical gradients.
 *
 * <pre>{@code
 * .layer(new Gru.Builder().nIn(64).nOut(256).build())
 * }</pre>
 */
public class Gru extends FastRecurrent {

    protected Gru(Builder builder) {
        super(builder);
    }

    /** For JSON deserialisation. */
    protected Gru() {
    }

    @Override
    public RecurrentCell cell() {
        return RecurrentCell.GRU;
    }

    /** Builds a {@link Gru}: set at least {@code nIn} and {@code nOut}. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public Gru build() {
            return new Gru(this);
        }
    }
}
