package io.github.rnnkit.core.train;

/**
 * The held-out metric that {@link Trainer} computes after every epoch, for the log, the curve and early
 * stopping.
 */
public interface Validation {

    /** Name of the metric as logged, e.g. {@code val_bpc} or {@code val_accuracy}. */
    String metric();

    /** Whether a larger value is better (accuracy) or a smaller one (loss, bits per character). */
    boolean higherIsBetter();

    /** Computes the metric for the network's current parameters. */
    double evaluate(TrainableNetwork network);
}
