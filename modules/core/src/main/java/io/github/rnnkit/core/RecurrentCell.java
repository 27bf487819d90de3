package io.github.rnnkit.core;

/**
 * The recurrent cell a layer is built from.
 *
 * <ul>
 *   <li>{@link #SIMPLE_RNN}: h(t) = tanh(W x(t) + U h(t-1) + b), DL4J's {@code SimpleRnn}.</li>
 *   <li>{@link #LSTM}: c(t) = f*c(t-1) + i*g, h(t) = o*tanh(c(t)) (Hochreiter and Schmidhuber 1997 with a
 *       forget gate), DL4J's {@code LSTM} with its activation forced to tanh.</li>
 *   <li>{@link #GRU}: h(t) = (1-u)*n + u*h(t-1), reset applied after the recurrent product (cuDNN/PyTorch
 *       variant), rnnkit's own {@link io.github.rnnkit.core.layers.Gru} (DL4J has none).</li>
 * </ul>
 */
public enum RecurrentCell {
    SIMPLE_RNN,
    LSTM,
    GRU;

    /** Number of gate blocks in the cell's weight matrices (1 for the plain RNN, 3 for the GRU, 4 for the LSTM). */
    public int gates() {
        return switch (this) {
            case SIMPLE_RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
    }
}
