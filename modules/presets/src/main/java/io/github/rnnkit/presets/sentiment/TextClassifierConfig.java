package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.LearningRateSchedule;

/**
 * A text classifier's shape and text handling (training settings live in
 * {@link io.github.rnnkit.core.train.TrainingConfig}).
 *
 * @param spec               the recurrent stack over the word embeddings
 * @param embeddingSize      width of a word vector, at least 1
 * @param pooling            how the per-step outputs become one vector per text
 * @param outputDropout      probability of dropping each pooled activation before the softmax, in [0, 1)
 * @param maxLength          texts longer than this many tokens are cut to their first {@code maxLength}
 *                           (counted and logged), at least 1
 * @param minWordCount       words seen fewer times than this in the training texts map to UNK, at least 1
 * @param maxVocabulary      at most this many words (the most frequent) get their own vector, at least 1
 * @param lowerCase          whether the tokenizer lower-cases text
 * @param encoderLearningRateScale the embedding's and recurrent layers' learning rate relative to the
 *                           training learning rate, in (0, 1]: below 1 fine-tunes a pretrained encoder more
 *                           gently than the new classifier head (discriminative learning rates)
 * @param reversed           whether each text's tokens are read last to first (a backward model, the partner of a
 *                           forward one in a two-direction ensemble); a text cut at {@code maxLength} then keeps
 *                           its last {@code maxLength} tokens
 * @param learningRateSchedule how the learning rate moves over the fit; the slanted triangular one is laid out over
 *                           the fit's epochs x minibatches when the network is built. Null reads as constant (a
 *                           bundle saved before this setting existed)
 */
public record TextClassifierConfig(RecurrentSpec spec, int embeddingSize, Pooling pooling, double outputDropout,
                                   int maxLength, int minWordCount, int maxVocabulary, boolean lowerCase,
                                   double encoderLearningRateScale, boolean reversed,
                                   LearningRateSchedule learningRateSchedule) {

    public TextClassifierConfig {
        Checks.notNull(spec, "spec");
        learningRateSchedule = learningRateSchedule == null ? LearningRateSchedule.CONSTANT : learningRateSchedule;
        Checks.positive(embeddingSize, "embeddingSize");
        Checks.notNull(pooling, "pooling");
        if (!(outputDropout >= 0 && outputDropout < 1)) {
            throw new IllegalArgumentException("outputDropout must be in [0, 1), got " + outputDropout);
        }
        Checks.positive(maxLength, "maxLength");
        Checks.positive(minWordCount, "minWordCount");
        Checks.positive(maxVocabulary, "maxVocabulary");
        if (!(encoderLearningRateScale > 0 && encoderLearningRateScale <= 1)) {
            throw new IllegalArgumentException("encoderLearningRateScale must be in (0, 1], got "
                    + encoderLearningRateScale);
        }
    }

    /**
     * A bidirectional LSTM of 2 x 128 units over 128-wide learned embeddings, concat pooling, 0.3 dropout
     * before the softmax, texts cut at 400 tokens, a vocabulary of the 30,000 most frequent words seen at
     * least twice, lower-cased, read first to last.
     */
    public static TextClassifierConfig defaults() {
        return new TextClassifierConfig(new RecurrentSpec(RecurrentCell.LSTM, 128, 1, BidirectionalMode.CONCAT, 0.0,
                RecurrentImpl.RNNKIT), 128, Pooling.CONCAT, 0.3, 400, 2, 30_000, true, 1.0, false,
                LearningRateSchedule.CONSTANT);
    }

    public TextClassifierConfig withSpec(RecurrentSpec v) {
        return new TextClassifierConfig(v, embeddingSize, pooling, outputDropout, maxLength, minWordCount,
                maxVocabulary, lowerCase, encoderLearningRateScale, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withEmbeddingSize(int v) {
        return new TextClassifierConfig(spec, v, pooling, outputDropout, maxLength, minWordCount, maxVocabulary,
                lowerCase, encoderLearningRateScale, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withPooling(Pooling v) {
        return new TextClassifierConfig(spec, embeddingSize, v, outputDropout, maxLength, minWordCount, maxVocabulary,
                lowerCase, encoderLearningRateScale, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withOutputDropout(double v) {
        return new TextClassifierConfig(spec, embeddingSize, pooling, v, maxLength, minWordCount, maxVocabulary,
                lowerCase, encoderLearningRateScale, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withMaxLength(int v) {
        return new TextClassifierConfig(spec, embeddingSize, pooling, outputDropout, v, minWordCount, maxVocabulary,
                lowerCase, encoderLearningRateScale, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withVocabulary(int newMinWordCount, int newMaxVocabulary) {
        return new TextClassifierConfig(spec, embeddingSize, pooling, outputDropout, maxLength, newMinWordCount,
                newMaxVocabulary, lowerCase, encoderLearningRateScale, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withLowerCase(boolean v) {
        return new TextClassifierConfig(spec, embeddingSize, pooling, outputDropout, maxLength, minWordCount,
                maxVocabulary, v, encoderLearningRateScale, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withEncoderLearningRateScale(double v) {
        return new TextClassifierConfig(spec, embeddingSize, pooling, outputDropout, maxLength, minWordCount,
                maxVocabulary, lowerCase, v, reversed, learningRateSchedule);
    }

    public TextClassifierConfig withLearningRateSchedule(LearningRateSchedule v) {
        return new TextClassifierConfig(spec, embeddingSize, pooling, outputDropout, maxLength, minWordCount,
                maxVocabulary, lowerCase, encoderLearningRateScale, reversed, v);
    }

    public TextClassifierConfig withReversed(boolean v) {
        return new TextClassifierConfig(spec, embeddingSize, pooling, outputDropout, maxLength, minWordCount,
                maxVocabulary, lowerCase, encoderLearningRateScale, v, learningRateSchedule);
    }
}
