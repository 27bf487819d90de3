package io.github.rnnkit.core.train;

import org.nd4j.linalg.learning.config.IUpdater;

/** How the learning rate moves over a fit. */
public enum LearningRateSchedule {
    /** The same learning rate throughout (lowered only by {@link TrainingConfig#lrDecay()} where a preset uses it). */
    CONSTANT,
    /** ULMFiT's slanted triangular rate ({@link SlantedTriangularSchedule}): a 10% rise, then a long linear fall. */
    SLANTED_TRIANGULAR;

    /**
     * The update rule of {@code optimizer} with this schedule.
     *
     * @param learningRate the constant rate, or the slanted schedule's peak
     * @param iterations   minibatches in the whole fit (read by the slanted schedule only)
     */
    public IUpdater updater(Optimizer optimizer, double learningRate, int iterations) {
        return switch (this) {
            case CONSTANT -> optimizer.toUpdater(learningRate);
            case SLANTED_TRIANGULAR -> optimizer.toUpdater(SlantedTriangularSchedule.of(learningRate, iterations));
        };
    }
}
