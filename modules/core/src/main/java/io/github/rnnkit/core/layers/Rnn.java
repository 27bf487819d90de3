package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.RecurrentCell;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;

/**
 * rnnkit's simple (Elman) recurrent layer, the equations and parameter layout of DL4J's {@code SimpleRnn}
 * with tanh activation:
 *
 * <pre>
 *   h(t) = tanh(x W + h(t-1) RW + b)          W [nIn, n], RW [n, n], b [1, n]
 * </pre>
 *
 * It runs on {@link FastRecurrentLayer} (see {@link Lstm} for what that brings). Masks: a masked step outputs
 * zero, resets the state and passes no gradient.
 *
 * <pre>{@code
 * .layer(new Rnn.Builder().nIn(64).nOut(256).build())
 * }</pre>
 */
public class Rnn extends FastRecurrent {

    protected Rnn(Builder builder) {
        super(builder);
    }

    /** For JSON deserialisation. */
    protected Rnn() {
    }

    @Override
    public RecurrentCell cell() {
        return RecurrentCell.SIMPLE_RNN;
    }

    /** Builds an {@link Rnn}: set at least {@code nIn} and {@code nOut}. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public Rnn build() {
            return new Rnn(this);
        }
    }
}
