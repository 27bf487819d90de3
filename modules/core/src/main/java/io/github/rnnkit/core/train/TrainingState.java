package io.github.rnnkit.core.train;

/**
 * Where a run stands: enough, together with the network and its updater state, to resume it exactly.
 *
 * @param epoch                    the epoch in progress (0-based)
 * @param batchInEpoch             batches of that epoch already trained
 * @param iteration                batches trained since the run began
 * @param bestValidation           best validation value so far (NaN before the first validation)
 * @param epochsWithoutImprovement epochs since the validation value last improved
 * @param trainingMillis           training time spent so far, over all sessions of the run
 */
public record TrainingState(int epoch, long batchInEpoch, long iteration, double bestValidation,
                            int epochsWithoutImprovement, long trainingMillis) {

    public TrainingState {
        if (epoch < 0 || batchInEpoch < 0 || iteration < 0 || epochsWithoutImprovement < 0 || trainingMillis < 0) {
            throw new IllegalArgumentException("training state counters must be >= 0, got epoch=" + epoch
                    + " batchInEpoch=" + batchInEpoch + " iteration=" + iteration
                    + " epochsWithoutImprovement=" + epochsWithoutImprovement + " trainingMillis=" + trainingMillis);
        }
    }

    /** The state of a run that has not started. */
    public static TrainingState start() {
        return new TrainingState(0, 0, 0, Double.NaN, 0, 0);
    }
}
