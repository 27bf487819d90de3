package io.github.rnnkit.core.train;

import java.time.Duration;

/**
 * What happened in one training batch.
 *
 * @param epoch           epoch (0-based)
 * @param batchInEpoch    batches of this epoch done, this one included
 * @param batchesPerEpoch batches per epoch, -1 when unknown
 * @param iteration       batches done since the run began, this one included
 * @param loss            mean loss per target token of this batch (nats), averaged over its truncated-BPTT segments
 * @param gradientNorm    global L2 norm of the last segment's gradient before clipping
 * @param tokens          target tokens in this batch (labels-mask sum, or batch x time steps)
 * @param tokensPerSecond throughput over the run so far in this session
 * @param elapsed         training time of this session so far
 * @param eta             estimated time to the end of the run, or null when unknown
 * @param perSequence     whether each target is a whole sequence (one label per example, as a text classifier's),
 *                        so that "tokens" count sequences
 */
public record BatchReport(int epoch, long batchInEpoch, long batchesPerEpoch, long iteration, double loss,
                          double gradientNorm, long tokens, double tokensPerSecond, Duration elapsed,
                          Duration eta, boolean perSequence) {

    /** A report whose targets are tokens (time steps). */
    public BatchReport(int epoch, long batchInEpoch, long batchesPerEpoch, long iteration, double loss,
                       double gradientNorm, long tokens, double tokensPerSecond, Duration elapsed, Duration eta) {
        this(epoch, batchInEpoch, batchesPerEpoch, iteration, loss, gradientNorm, tokens, tokensPerSecond, elapsed, eta,
                false);
    }
}
