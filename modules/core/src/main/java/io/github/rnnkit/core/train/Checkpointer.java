package io.github.rnnkit.core.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a resumable snapshot of the run: the network with its updater state, whatever the preset needs
 * to rebuild itself (config, vocabulary) and the {@link TrainingState}. Presets write a
 * {@link io.github.rnnkit.core.bundle.ModelBundle}. {@link Trainer} hands it a temporary path and renames the
 * file into place only once it is complete.
 */
@FunctionalInterface
public interface Checkpointer {
    void write(Path file, TrainingState state) throws IOException;
}
