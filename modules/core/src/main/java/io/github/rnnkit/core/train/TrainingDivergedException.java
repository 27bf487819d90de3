package io.github.rnnkit.core.train;

import java.nio.file.Path;

/**
 * Thrown when the loss or the gradient became NaN or infinite. The checkpoint named by
 * {@link #lastGoodCheckpoint()} (if any) was written before and is intact.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final transient Path lastGoodCheckpoint;

    public TrainingDivergedException(String message, Path lastGoodCheckpoint) {
        super(message);
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** The newest checkpoint written before training diverged, or null. */
    public Path lastGoodCheckpoint() {
        return lastGoodCheckpoint;
    }
}
