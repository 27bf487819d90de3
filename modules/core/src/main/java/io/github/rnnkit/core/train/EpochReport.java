package io.github.rnnkit.core.train;

import java.time.Duration;

/**
 * The end of one epoch (or of the part of it that ran before a time limit).
 *
 * @param epoch        epoch (0-based)
 * @param iteration    batches done since the run began
 * @param meanLoss     mean training loss per token over the epoch's batches (nats)
 * @param metric       name of the validation metric, or null without validation
 * @param validation   its value, NaN without validation
 * @param improved     whether the validation value is the best so far
 * @param elapsed      training time of this session so far
 */
public record EpochReport(int epoch, long iteration, double meanLoss, String metric, double validation,
                          boolean improved, Duration elapsed) {
}
