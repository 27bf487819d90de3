package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.Checks;

/**
 * Sizes and settings of a gradient-check run. The defaults are the tiny sizes of the course's checks.
 *
 * @param inputs  input features D
 * @param hidden  hidden units n
 * @param classes output classes K
 * @param steps   time steps T
 * @param batch   sequences per batch
 * @param masks   whether the batch holds variable-length sequences (lengths T, T-3, 2, ...) under masks
 * @param tbptt   truncated-BPTT segment length, 0 for none; at most {@code steps}
 * @param seed    seed of parameters and data
 */
public record CheckOptions(int inputs, int hidden, int classes, int steps, int batch, boolean masks, int tbptt,
                           long seed) {
    public CheckOptions {
        Checks.positive(inputs, "inputs");
        Checks.positive(hidden, "hidden");
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        if (steps < 3) {
            throw new IllegalArgumentException("steps must be >= 3, got " + steps);
        }
        Checks.positive(batch, "batch");
        if (tbptt < 0 || tbptt > steps) {
            throw new IllegalArgumentException("tbptt must be in [0, steps = " + steps + "] (0 for none), got " + tbptt);
        }
    }

    /** D 4, n 5, K 6, T 8, batch 3, no masks, no tBPTT, seed 1. */
    public static CheckOptions defaults() {
        return new CheckOptions(4, 5, 6, 8, 3, false, 0, 1);
    }

    public CheckOptions withMasks(boolean v) {
        return new CheckOptions(inputs, hidden, classes, steps, batch, v, tbptt, seed);
    }

    public CheckOptions withTbptt(int v) {
        return new CheckOptions(inputs, hidden, classes, steps, batch, masks, v, seed);
    }

    public CheckOptions withHidden(int v) {
        return new CheckOptions(inputs, v, classes, steps, batch, masks, tbptt, seed);
    }

    /** Length of sequence {@code b}: all {@code steps} without masks; otherwise T, T-3, 2, T, T-3, 2, ... */
    public int length(int b) {
        if (!masks) {
            return steps;
        }
        return switch (b % 3) {
            case 0 -> steps;
            case 1 -> Math.max(1, steps - 3);
            default -> 2;
        };
    }
}
