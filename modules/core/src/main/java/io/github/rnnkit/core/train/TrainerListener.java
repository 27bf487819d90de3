package io.github.rnnkit.core.train;

import java.nio.file.Path;

/**
 * Hears what {@link Trainer} does. All methods default to doing nothing; they run on the training thread,
 * so keep them quick.
 */
public interface TrainerListener {

    /** Before the first batch; {@code start} is the state the run begins (or resumes) from. */
    default void onStart(TrainingConfig config, long batchesPerEpoch, TrainingState start) {
    }

    /** After every batch. */
    default void onBatch(BatchReport report) {
    }

    /** After every epoch's validation. */
    default void onEpoch(EpochReport report) {
    }

    /** After a checkpoint was written (atomically) to {@code file}. */
    default void onCheckpoint(Path file, TrainingState state) {
    }

    /** When training stops, for any reason but an exception. */
    default void onFinish(TrainingResult result) {
    }
}
