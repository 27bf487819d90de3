package io.github.rnnkit.core;

/**
 * The shape of a recurrent stack: which cell, how wide, how deep, which directions, how much dropout.
 *
 * <p>Every preset describes its encoder with one of these and builds it with
 * {@link io.github.rnnkit.core.layers.RecurrentLayers#stack(int, RecurrentSpec)}.
 *
 * <pre>{@code
 * RecurrentSpec spec = RecurrentSpec.of(RecurrentCell.LSTM, 256).withDepth(2).withDropout(0.2);
 * RecurrentSpec stock = spec.withImpl(RecurrentImpl.DL4J);     // DL4J's own LSTM layers instead
 * }</pre>
 *
 * @param cell          the recurrent cell of every layer
 * @param hiddenSize    units per layer and direction, at least 1
 * @param depth         number of stacked recurrent layers, at least 1
 * @param bidirectional whether (and how) each layer also reads right to left; {@link BidirectionalMode#NONE}
 *                      for a left-to-right stack
 * @param dropout       probability of dropping an input activation of each recurrent layer above the first,
 *                      in [0, 1); 0 disables dropout
 * @param impl          which implementation runs the layers; null means {@link RecurrentImpl#RNNKIT} (rnnkit's
 *                      fast layers). {@link RecurrentImpl#DL4J} has no GRU.
 */
public record RecurrentSpec(RecurrentCell cell, int hiddenSize, int depth, BidirectionalMode bidirectional,
                            double dropout, RecurrentImpl impl) {

    public RecurrentSpec {
        Checks.notNull(cell, "cell");
        if (impl == null) {
            impl = RecurrentImpl.RNNKIT;
        }
        if (impl == RecurrentImpl.DL4J && cell == RecurrentCell.GRU) {
            throw new IllegalArgumentException("impl DL4J has no GRU cell; use impl RNNKIT (the default) for GRU");
        }
        Checks.notNull(bidirectional, "bidirectional");
        Checks.positive(hiddenSize, "hiddenSize");
        Checks.positive(depth, "depth");
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** One left-to-right layer of {@code hiddenSize} units, no dropout, rnnkit's implementation. */
    public static RecurrentSpec of(RecurrentCell cell, int hiddenSize) {
        return new RecurrentSpec(cell, hiddenSize, 1, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT);
    }

    public RecurrentSpec withCell(RecurrentCell newCell) {
        return new RecurrentSpec(newCell, hiddenSize, depth, bidirectional, dropout, impl);
    }

    public RecurrentSpec withHiddenSize(int newHiddenSize) {
        return new RecurrentSpec(cell, newHiddenSize, depth, bidirectional, dropout, impl);
    }

    public RecurrentSpec withDepth(int newDepth) {
        return new RecurrentSpec(cell, hiddenSize, newDepth, bidirectional, dropout, impl);
    }

    public RecurrentSpec withBidirectional(BidirectionalMode mode) {
        return new RecurrentSpec(cell, hiddenSize, depth, mode, dropout, impl);
    }

    public RecurrentSpec withDropout(double newDropout) {
        return new RecurrentSpec(cell, hiddenSize, depth, bidirectional, newDropout, impl);
    }

    public RecurrentSpec withImpl(RecurrentImpl newImpl) {
        return new RecurrentSpec(cell, hiddenSize, depth, bidirectional, dropout, newImpl);
    }

    /** Whether the stack reads right to left too (and so cannot stream or generate step by step). */
    public boolean readsBothDirections() {
        return bidirectional != BidirectionalMode.NONE;
    }

    /** Size of the top layer's output at each step. */
    public int outputSize() {
        return bidirectional.outputSize(hiddenSize);
    }
}
