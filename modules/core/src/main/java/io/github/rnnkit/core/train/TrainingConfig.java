package io.github.rnnkit.core.train;

import io.github.rnnkit.core.Checks;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to train: the same record for every preset.
 *
 * <p>Start from {@link #defaults()} and override what you need:
 * <pre>{@code
 * TrainingConfig cfg = TrainingConfig.defaults().withEpochs(5).withLearningRate(2e-3).withClipGlobalNorm(1.0);
 * }</pre>
 *
 * @param epochs                 maximum number of passes over the training data, at least 1
 * @param batchSize              sequences per minibatch, at least 1
 * @param optimizer              the update rule
 * @param learningRate           step size of the update rule, finite and > 0
 * @param clipGlobalNorm         if > 0, every gradient is rescaled so that its global L2 norm over all
 *                               parameters is at most this value (Pascanu et al. 2013); 0 disables clipping
 * @param tbpttLength            if > 0, truncated backpropagation through time with segments of this many
 *                               steps (state is carried across segments, gradients are not); 0 means full
 *                               backpropagation through each sequence
 * @param earlyStoppingPatience  if > 0, stop when the validation metric has not improved for this many
 *                               epochs and restore the best parameters; 0 disables early stopping
 * @param seed                   seed of weight initialisation, data order and dropout
 * @param checkpointDir          where checkpoints are written; {@code null} writes none
 * @param checkpointEveryEpochs  write a checkpoint after every this many epochs (0: not by epoch)
 * @param checkpointEvery        also write one when this much time has passed since the last one
 *                               ({@code null}: not by time)
 * @param maxDuration            stop after the batch during which this much training time has passed
 *                               ({@code null}: no time limit)
 * @param lrDecay                after each full epoch whose validation metric did not improve, the learning
 *                               rate is multiplied by this (Keras' ReduceLROnPlateau with patience 1), in (0, 1];
 *                               1 never decays
 * @param engine                 where the batches are trained: {@code null} in this JVM, batch by batch (the
 *                               default); otherwise in rounds by the engine, e.g. on Spark (rnnkit-spark)
 */
public record TrainingConfig(int epochs, int batchSize, Optimizer optimizer, double learningRate,
                             double clipGlobalNorm, int tbpttLength, int earlyStoppingPatience, long seed,
                             Path checkpointDir, int checkpointEveryEpochs, Duration checkpointEvery,
                             Duration maxDuration, double lrDecay, TrainingEngine engine) {

    public TrainingConfig {
        Checks.positive(epochs, "epochs");
        Checks.positive(batchSize, "batchSize");
        Checks.notNull(optimizer, "optimizer");
        Checks.positive(learningRate, "learningRate");
        Checks.nonNegative(clipGlobalNorm, "clipGlobalNorm");
        Checks.nonNegative(tbpttLength, "tbpttLength");
        Checks.nonNegative(earlyStoppingPatience, "earlyStoppingPatience");
        Checks.nonNegative(checkpointEveryEpochs, "checkpointEveryEpochs");
        if (checkpointEvery != null && (checkpointEvery.isNegative() || checkpointEvery.isZero())) {
            throw new IllegalArgumentException("checkpointEvery must be a positive duration or null, got "
                    + checkpointEvery);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException("lrDecay must be in (0, 1] (1: never decay), got " + lrDecay);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("maxDuration must be a positive duration or null, got " + maxDuration);
        }
    }

    /**
     * 10 epochs of 32, Adam at 1e-3, global-norm clipping at 5, full BPTT, no early stopping, seed 42,
     * no checkpoints, no time limit.
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 32, Optimizer.ADAM, 1e-3, 5.0, 0, 0, 42L, null, 1, null, null, 1.0, null);
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(v, batchSize, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(epochs, v, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withOptimizer(Optimizer v) {
        return new TrainingConfig(epochs, batchSize, v, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(epochs, batchSize, optimizer, v, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withClipGlobalNorm(double v) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, v, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withTbpttLength(int v) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, clipGlobalNorm, v,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withEarlyStoppingPatience(int v) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                v, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, v, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, engine);
    }

    public TrainingConfig withCheckpoints(Path dir, int everyEpochs, Duration every) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, dir, everyEpochs, every, maxDuration, lrDecay, engine);
    }

    /** Multiply the learning rate by {@code v} after each epoch without a better validation metric. */
    public TrainingConfig withLrDecay(double v) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, v, engine);
    }

    public TrainingConfig withMaxDuration(Duration v) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, v, lrDecay, engine);
    }

    /** Trains on {@code v} (e.g. rnnkit-spark's {@code SparkEngine}) instead of in this JVM; null: in this JVM. */
    public TrainingConfig withEngine(TrainingEngine v) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, clipGlobalNorm, tbpttLength,
                earlyStoppingPatience, seed, checkpointDir, checkpointEveryEpochs, checkpointEvery, maxDuration, lrDecay, v);
    }

    /** Whether truncated BPTT is on. */
    public boolean truncatedBptt() {
        return tbpttLength > 0;
    }

    /**
     * Puts this config's seed and update rule on a DL4J network builder. Presets call this first and then
     * add their layers.
     */
    public NeuralNetConfiguration.Builder applyTo(NeuralNetConfiguration.Builder builder) {
        return builder.seed(seed).updater(optimizer.toUpdater(learningRate));
    }

    /** Puts this config's backprop type (full or truncated BPTT) on a DL4J layer-list builder. */
    public NeuralNetConfiguration.ListBuilder applyTo(NeuralNetConfiguration.ListBuilder builder) {
        if (truncatedBptt()) {
            builder.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbpttLength)
                    .tBPTTBackwardLength(tbpttLength);
        } else {
            builder.backpropType(BackpropType.Standard);
        }
        return builder;
    }
}
