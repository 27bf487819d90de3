package io.github.rnnkit.cli;

import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every {@code rnnkit train ...} command does with {@code --checkpoint-dir} and {@code --resume}. */
final class Checkpoints {
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

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

    /**
     * The checkpoint {@code --resume} names: the file itself, or a directory's newest checkpoint that opens as a
     * bundle. A newer one that does not (corrupt, cut short by a full disk) is passed over with a warning naming it
     * and why; when none opens, the error lists them.
     */
    static Path file(Path resume) throws java.io.IOException {
        if (!Files.isDirectory(resume)) {
            return resume;
        }
        List<Path> all = Trainer.checkpoints(resume);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no checkpoint-*.zip in " + resume);
        }
        List<String> unreadable = new ArrayList<>();
        for (Path checkpoint : all) {
            try {
                ModelBundle.load(checkpoint);
                if (!unreadable.isEmpty()) {
                    log.warn("Resuming from {}: the newer checkpoint(s) could not be read: {}", checkpoint.getFileName(),
                            unreadable);
                }
                return checkpoint;
            } catch (java.io.IOException | RuntimeException e) {
                unreadable.add(checkpoint.getFileName() + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalArgumentException("no checkpoint in " + resume + " can be read: " + unreadable);
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
