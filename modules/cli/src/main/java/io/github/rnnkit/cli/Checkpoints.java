package io.github.rnnkit.cli;

import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainingState;

import java.nio.file.Files;
import java.nio.file.Path;

/** What every {@code rnnkit train ...} command does with {@code --checkpoint-dir} and {@code --resume}. */
final class Checkpoints {
    private Checkpoints() {
    }

    /**
     * Where checkpoints go: {@code --checkpoint-dir}, else the folder of {@code --resume} (a resumed run keeps
     * writing beside what it resumed from), else null (none written).
     */
    static Path dir(Path checkpointDir, Path resume) {
        if (checkpointDir != null) {
            return checkpointDir;
        }
        if (resume == null) {
            return null;
        }
        return Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent();
    }

    /** The checkpoint {@code --resume} names: the file itself, or a directory's newest checkpoint. */
    static Path file(Path resume) throws java.io.IOException {
        Path checkpoint = Files.isDirectory(resume) ? Trainer.latestCheckpoint(resume) : resume;
        if (checkpoint == null) {
            throw new IllegalArgumentException("no checkpoint-*.zip in " + resume);
        }
        return checkpoint;
    }

    /** The training state a loaded checkpoint carries; a saved model (no state) is refused, naming the file. */
    static TrainingState state(TrainingState state, Path checkpoint) {
        if (state == null) {
            throw new IllegalArgumentException(checkpoint + " is a saved model, not a checkpoint: it has no "
                    + "training state to resume from");
        }
        return state;
    }
}
