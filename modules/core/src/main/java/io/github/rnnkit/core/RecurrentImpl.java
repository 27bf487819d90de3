package io.github.rnnkit.core;

/**
 * Which implementation runs a recurrent layer. Both compute the same equations with the same parameter layout
 * (DL4J's), so a stack can switch between them.
 */
public enum RecurrentImpl {
    /**
     * rnnkit's layers ({@link io.github.rnnkit.core.layers.Lstm}, {@link io.github.rnnkit.core.layers.Gru},
     * {@link io.github.rnnkit.core.layers.Rnn}): GEMM-shaped BPTT with vectorised gate math, the true
     * truncated-BPTT gradient, masks that reset the state. The default.
     */
    RNNKIT,
    /**
     * DL4J's stock {@code LSTM} and {@code SimpleRnn} (DL4J has no GRU). Slower, and with the M2.1 defects
     * described in docs/design.md; kept for comparison and for models built with them.
     */
    DL4J
}
