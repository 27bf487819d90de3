package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.layers.SequencePooling;

/**
 * How a text classifier turns the recurrent stack's per-step outputs [B, H, T] into one vector per text.
 * Padding never enters: every choice reads the mask.
 */
public enum Pooling {
    /** The output at the last real step (for a bidirectional stack, the backward half there has read one word). */
    LAST,
    /** The element-wise maximum over the real steps. */
    MAX,
    /** The mean over the real steps. */
    MEAN,
    /** LAST, MAX and MEAN side by side ("concat pooling", Howard &amp; Ruder 2018): three times as wide. */
    CONCAT;

    /** What {@link SequencePooling} computes for this choice, in output order. */
    public SequencePooling.Mode[] modes() {
        return switch (this) {
            case LAST -> new SequencePooling.Mode[]{SequencePooling.Mode.LAST};
            case MAX -> new SequencePooling.Mode[]{SequencePooling.Mode.MAX};
            case MEAN -> new SequencePooling.Mode[]{SequencePooling.Mode.MEAN};
            case CONCAT -> new SequencePooling.Mode[]{SequencePooling.Mode.LAST, SequencePooling.Mode.MAX,
                    SequencePooling.Mode.MEAN};
        };
    }

    /** Width of the pooled vector for per-step outputs of {@code width}. */
    public int outputSize(int width) {
        return this == CONCAT ? 3 * width : width;
    }
}
