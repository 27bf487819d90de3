package io.github.rnnkit.core.train;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a call to {@link Trainer#fit} ended.
 *
 * @param reason          why it stopped
 * @param state           the state at the end (resumable)
 * @param bestValidation  best validation value seen, NaN without validation
 * @param lastCheckpoint  the newest checkpoint written, or null
 * @param elapsed         training time of this call
 */
public record TrainingResult(StopReason reason, TrainingState state, double bestValidation, Path lastCheckpoint,
                             Duration elapsed) {
}
