package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.Optimizer;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.presets.charlm.CharLmConfig;
import picocli.CommandLine.Option;

/**
 * The char LM's model and training options, shared by {@code train charlm}, {@code bench charlm} and
 * {@code bench memory} so that they mean, and default to, the same.
 */
final class CharLmOptions {
    @Option(names = "--cell", defaultValue = "LSTM", description = "recurrent cell: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    RecurrentCell cell;

    @Option(names = "--impl", defaultValue = "RNNKIT",
            description = "layer implementation: RNNKIT (fast, default) or DL4J (DL4J's stock layers; no GRU)")
    RecurrentImpl impl;

    @Option(names = "--hidden", defaultValue = "256", description = "units per layer (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "recurrent layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--dropout", defaultValue = "0", description = "dropout between layers (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--seq-length", defaultValue = "200", description = "characters per training window (default: ${DEFAULT-VALUE})")
    int sequenceLength;

    @Option(names = "--tbptt", defaultValue = "50", description = "truncated BPTT length, 0 for full BPTT (default: ${DEFAULT-VALUE})")
    int tbptt;

    @Option(names = "--batch", defaultValue = "32", description = "windows per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--optimizer", defaultValue = "ADAM", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Optimizer optimizer;

    @Option(names = "--lr", defaultValue = "0.002", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--clip", defaultValue = "5", description = "clip gradients by global L2 norm, 0 to disable (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--validation-chars", defaultValue = "50000",
            description = "validation characters scored after each epoch (default: ${DEFAULT-VALUE})")
    int validationChars;

    /** The model config; a bad value is a usage error naming the option. */
    CharLmConfig config() {
        try {
            return CharLmConfig.defaults()
                    .withSpec(new RecurrentSpec(cell, hidden, layers, BidirectionalMode.NONE, dropout, impl))
                    .withSequenceLength(sequenceLength).withMaxValidationChars(validationChars);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    /** The training config with these options (epochs 1,000 unless the caller sets them). */
    TrainingConfig training() {
        try {
            return TrainingConfig.defaults().withEpochs(1000).withBatchSize(batch).withOptimizer(optimizer)
                    .withLearningRate(learningRate).withClipGlobalNorm(clip).withTbpttLength(tbptt).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }
}
