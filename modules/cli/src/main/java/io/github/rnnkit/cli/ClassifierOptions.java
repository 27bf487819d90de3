package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.LearningRateSchedule;
import io.github.rnnkit.core.train.Optimizer;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.presets.sentiment.Pooling;
import io.github.rnnkit.presets.sentiment.TextClassifierConfig;
import io.github.rnnkit.presets.sentiment.WordLmConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The text classifier's model, training and pretraining options, shared by {@code train sentiment} and
 * {@code bench sentiment} so that they mean, and default to, the same.
 */
final class ClassifierOptions {

    @Option(names = "--labels", split = ",", paramLabel = "LABEL",
            description = "the declared classes in output order (default: the sorted labels of the training data)")
    List<String> labels;

    @Option(names = "--cell", defaultValue = "LSTM", description = "recurrent cell: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    RecurrentCell cell;

    @Option(names = "--impl", defaultValue = "RNNKIT", description = "layer implementation: RNNKIT (default) or DL4J (no GRU)")
    RecurrentImpl impl;

    @Option(names = "--hidden", defaultValue = "128", description = "units per layer and direction (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "recurrent layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--bidirectional", negatable = true,
            description = "read both directions (default: on, off with a language model, which reads left to right)")
    Boolean bidirectional;

    @Option(names = "--embedding", defaultValue = "128", description = "word vector width (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--pooling", defaultValue = "CONCAT", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Pooling pooling;

    @Option(names = "--dropout", defaultValue = "0.3", description = "dropout before the softmax (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--max-length", defaultValue = "400", description = "tokens read per text; longer ones are cut and counted (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--vocab-size", defaultValue = "30000", description = "most frequent words kept (default: ${DEFAULT-VALUE})")
    int vocabSize;

    @Option(names = "--min-count", defaultValue = "2", description = "words seen fewer times map to UNK (default: ${DEFAULT-VALUE})")
    int minCount;

    @Option(names = "--epochs", defaultValue = "5", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "texts per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--optimizer", defaultValue = "ADAM", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Optimizer optimizer;

    @Option(names = "--lr", defaultValue = "0.002", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--encoder-lr-scale", defaultValue = "1",
            description = "learning rate of the embedding and recurrent layers relative to --lr, in (0, 1] (default: ${DEFAULT-VALUE})")
    double encoderLrScale;

    @Option(names = "--lr-schedule", defaultValue = "CONSTANT",
            description = "CONSTANT, or SLANTED_TRIANGULAR (ULMFiT's: from --lr/32 up to --lr over the first 10%% of "
                    + "the minibatches of --epochs, then linearly down to --lr/32 at the last; a --minutes budget "
                    + "that stops training early stops it before the end of the fall) (default: ${DEFAULT-VALUE})")
    LearningRateSchedule lrSchedule;

    @Option(names = "--clip", defaultValue = "5", description = "clip gradients by global L2 norm, 0 to disable (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--patience", defaultValue = "2", description = "early-stopping patience in epochs, 0 to disable (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--minutes", description = "stop training the classifier after this many minutes (default: no limit)")
    Double minutes;

    @Option(names = "--threshold",
            description = "two classes: predict the second class when its probability is at least this; saved with the model (default: 0.5)")
    Double threshold;

    @Option(names = "--tune-threshold",
            description = "two classes: after training, choose the threshold that scores the dev part best and save it with the model")
    boolean tuneThreshold;

    @Option(names = "--reverse",
            description = "read each text last to first: a backward model (with --pretrain-lm, a backward language model too); a cut text keeps its last --max-length tokens")
    boolean reverse;

    @Option(names = "--pretrain-lm", description = "first train a word language model on the training texts and start from it")
    boolean pretrainLm;

    @Option(names = "--from-lm", paramLabel = "BUNDLE", description = "start from this word language model bundle")
    Path fromLm;

    @Option(names = "--lm-minutes", description = "--pretrain-lm: stop pretraining after this many minutes (default: --lm-epochs)")
    Double lmMinutes;

    @Option(names = "--lm-epochs", defaultValue = "1", description = "--pretrain-lm: passes over the training tokens (default: ${DEFAULT-VALUE})")
    int lmEpochs;

    @Option(names = "--lm-vocab-size", defaultValue = "20000", description = "--pretrain-lm: words of the LM (default: ${DEFAULT-VALUE})")
    int lmVocabSize;

    @Option(names = "--lm-window", defaultValue = "70", description = "--pretrain-lm: tokens per LM window (default: ${DEFAULT-VALUE})")
    int lmWindow;

    @Option(names = "--lm-tbptt", defaultValue = "35", description = "--pretrain-lm: truncated BPTT length (default: ${DEFAULT-VALUE})")
    int lmTbptt;

    @Option(names = "--lm-batch", defaultValue = "32", description = "--pretrain-lm: windows per batch (default: ${DEFAULT-VALUE})")
    int lmBatch;

    @Option(names = "--lm-projection", defaultValue = "0", description = "--pretrain-lm: a linear layer from the LM's recurrent output down to this many units before its softmax, whose cost then shrinks by this/--hidden; 0 for none (default: ${DEFAULT-VALUE})")
    int lmProjection;

    @Option(names = "--lm-lr", defaultValue = "0.002", description = "--pretrain-lm: learning rate (default: ${DEFAULT-VALUE})")
    double lmLearningRate;


    /** Whether the classifier starts from a language model (pretrained here or loaded). */
    boolean withLm() {
        if (pretrainLm && fromLm != null) {
            throw new RnnkitCli.UsageException("give --pretrain-lm or --from-lm, not both");
        }
        boolean lm = pretrainLm || fromLm != null;
        if (lm && Boolean.TRUE.equals(bidirectional)) {
            throw new RnnkitCli.UsageException("--bidirectional cannot be used with a language model, which reads left "
                    + "to right; leave it out or pass --no-bidirectional");
        }
        if (lmProjection < 0) {
            throw new RnnkitCli.UsageException("--lm-projection must be >= 0 (0: none), got " + lmProjection);
        }
        if (lmProjection > 0 && !pretrainLm) {
            throw new RnnkitCli.UsageException("--lm-projection shapes a language model pretrained here; it needs "
                    + "--pretrain-lm (a --from-lm bundle keeps the shape it was trained with)");
        }
        if (minutes != null && !(minutes > 0) || lmMinutes != null && !(lmMinutes > 0)) {
            throw new RnnkitCli.UsageException("--minutes and --lm-minutes must be > 0");
        }
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new RnnkitCli.UsageException("--threshold must be in (0, 1), got " + threshold);
        }
        if (threshold != null && tuneThreshold) {
            throw new RnnkitCli.UsageException("give --threshold or --tune-threshold, not both");
        }
        return lm;
    }

    /** The decision threshold given with --threshold, else 0.5. */
    double threshold() {
        return threshold == null ? 0.5 : threshold;
    }

    /** The classifier config; a bad value is a usage error naming the option. */
    TextClassifierConfig config() {
        boolean bidi = bidirectional == null ? !withLm() : bidirectional;
        try {
            return TextClassifierConfig.defaults()
                    .withSpec(new RecurrentSpec(cell, hidden, layers, bidi ? BidirectionalMode.CONCAT : BidirectionalMode.NONE,
                            0.0, impl))
                    .withEmbeddingSize(embedding).withPooling(pooling).withOutputDropout(dropout).withMaxLength(maxLength)
                    .withVocabulary(minCount, vocabSize).withEncoderLearningRateScale(encoderLrScale).withReversed(reverse)
                    .withLearningRateSchedule(lrSchedule);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    /** The classifier's training config. */
    TrainingConfig training() {
        try {
            return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch).withOptimizer(optimizer)
                    .withLearningRate(learningRate).withClipGlobalNorm(clip).withEarlyStoppingPatience(patience)
                    .withSeed(seed).withMaxDuration(minutes == null ? null : Duration.ofMillis((long) (minutes * 60_000)));
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    /** The language model's config for pretraining an encoder like {@code config}'s. */
    WordLmConfig lmConfig(TextClassifierConfig config) {
        try {
            return WordLmConfig.defaults().withSpec(config.spec().withBidirectional(BidirectionalMode.NONE))
                    .withEmbeddingSize(config.embeddingSize()).withWindowLength(lmWindow)
                    .withVocabulary(minCount, lmVocabSize).withReversed(config.reversed())
                    .withProjectionSize(lmProjection);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    /** The language model's training config. */
    TrainingConfig lmTraining() {
        try {
            return TrainingConfig.defaults().withEpochs(lmEpochs).withBatchSize(lmBatch).withOptimizer(optimizer)
                    .withLearningRate(lmLearningRate).withClipGlobalNorm(clip).withTbpttLength(lmTbptt).withSeed(seed)
                    .withMaxDuration(lmMinutes == null ? null : Duration.ofMillis((long) (lmMinutes * 60_000)));
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }
}
