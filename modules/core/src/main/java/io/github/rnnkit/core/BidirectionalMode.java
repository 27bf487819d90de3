package io.github.rnnkit.core;

import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;

/**
 * Whether a recurrent stack reads the sequence in both directions and, if so, how the forward and
 * backward outputs are merged at every step.
 *
 * <p>{@link #CONCAT} doubles the layer's output size; the others keep it. Bidirectional layers see
 * the whole sequence, so they support neither truncated BPTT nor step-by-step generation
 * ({@code rnnTimeStep}): {@link RecurrentSpec} refuses those combinations up front.
 */
public enum BidirectionalMode {
    /** One direction, left to right. */
    NONE,
    /** [forward; backward], output size 2 x hidden. */
    CONCAT,
    /** forward + backward. */
    ADD,
    /** forward * backward (element-wise). */
    MUL,
    /** (forward + backward) / 2. */
    AVERAGE;

    /** Output size of one layer of this mode given the hidden size of each direction. */
    public int outputSize(int hiddenSize) {
        return this == CONCAT ? 2 * hiddenSize : hiddenSize;
    }

    /** DL4J's merge mode; only defined for bidirectional modes. */
    public Bidirectional.Mode toDl4j() {
        return switch (this) {
            case NONE -> throw new IllegalStateException("BidirectionalMode.NONE has no DL4J merge mode");
            case CONCAT -> Bidirectional.Mode.CONCAT;
            case ADD -> Bidirectional.Mode.ADD;
            case MUL -> Bidirectional.Mode.MUL;
            case AVERAGE -> Bidirectional.Mode.AVERAGE;
        };
    }
}
