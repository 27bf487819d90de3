package io.github.rnnkit.core.train;

/** Why {@link Trainer#fit} returned. */
public enum StopReason {
    /** All configured epochs were trained. */
    COMPLETED,
    /** The validation metric stopped improving for {@code earlyStoppingPatience} epochs. */
    EARLY_STOPPED,
    /** {@code maxDuration} ran out. */
    TIME_LIMIT
}
