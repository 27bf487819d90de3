package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;

/**
 * A word language model's shape and data windows (training settings, including the truncated-BPTT length,
 * live in {@link io.github.rnnkit.core.train.TrainingConfig}).
 *
 * @param spec                 the recurrent stack; left to right (a language model reads in one direction)
 * @param embeddingSize        width of a word vector, at least 1
 * @param windowLength         tokens per training window, at least 2; truncated BPTT cuts it into segments
 * @param minWordCount         words seen fewer times than this map to UNK, at least 1
 * @param maxVocabulary        at most this many words get their own vector and output, at least 1 (the softmax
 *                             over them is most of the cost of a step)
 * @param lowerCase            whether the tokenizer lower-cases text
 * @param batchesPerEpoch      batches per epoch; 0 makes an epoch cover the training tokens about once
 * @param maxValidationTokens  at most this many validation tokens are scored after each epoch, at least 1
 * @param reversed             whether each text's tokens are read last to first: a backward language model, which
 *                             pretrains the encoder of a reversed {@link TextClassifier}
 * @param projectionSize       0 for none; else a linear layer maps the last recurrent layer's output to this many
 *                             units before the softmax, which then costs {@code projectionSize / outputSize} of
 *                             what it would (the softmax over the vocabulary dominates a step's cost). Only the
 *                             language model has it: a classifier takes the embedding and recurrent layers
 */
public record WordLmConfig(RecurrentSpec spec, int embeddingSize, int windowLength, int minWordCount,
                           int maxVocabulary, boolean lowerCase, int batchesPerEpoch, int maxValidationTokens,
                           boolean reversed, int projectionSize) {

    public WordLmConfig {
        Checks.notNull(spec, "spec");
        if (spec.readsBothDirections()) {
            throw new IllegalArgumentException("spec.bidirectional must be NONE for a language model (it predicts "
                    + "left to right), got " + spec.bidirectional());
        }
        Checks.positive(embeddingSize, "embeddingSize");
        if (windowLength < 2) {
            throw new IllegalArgumentException("windowLength must be at least 2, got " + windowLength);
        }
        Checks.positive(minWordCount, "minWordCount");
        Checks.positive(maxVocabulary, "maxVocabulary");
        Checks.nonNegative(batchesPerEpoch, "batchesPerEpoch");
        Checks.positive(maxValidationTokens, "maxValidationTokens");
        Checks.nonNegative(projectionSize, "projectionSize");
    }

    /**
     * One LSTM layer of 256 over 128-wide embeddings, windows of 100 tokens, the 20,000 most frequent words
     * seen at least twice, lower-cased, epochs that cover the training tokens once, 100,000 validation tokens,
     * read first to last, no projection before the softmax.
     */
    public static WordLmConfig defaults() {
        return new WordLmConfig(new RecurrentSpec(RecurrentCell.LSTM, 256, 1, BidirectionalMode.NONE, 0.0,
                RecurrentImpl.RNNKIT), 128, 100, 2, 20_000, true, 0, 100_000, false, 0);
    }

    public WordLmConfig withSpec(RecurrentSpec v) {
        return new WordLmConfig(v, embeddingSize, windowLength, minWordCount, maxVocabulary, lowerCase,
                batchesPerEpoch, maxValidationTokens, reversed, projectionSize);
    }

    public WordLmConfig withEmbeddingSize(int v) {
        return new WordLmConfig(spec, v, windowLength, minWordCount, maxVocabulary, lowerCase, batchesPerEpoch,
                maxValidationTokens, reversed, projectionSize);
    }

    public WordLmConfig withWindowLength(int v) {
        return new WordLmConfig(spec, embeddingSize, v, minWordCount, maxVocabulary, lowerCase, batchesPerEpoch,
                maxValidationTokens, reversed, projectionSize);
    }

    public WordLmConfig withVocabulary(int newMinWordCount, int newMaxVocabulary) {
        return new WordLmConfig(spec, embeddingSize, windowLength, newMinWordCount, newMaxVocabulary, lowerCase,
                batchesPerEpoch, maxValidationTokens, reversed, projectionSize);
    }

    public WordLmConfig withBatchesPerEpoch(int v) {
        return new WordLmConfig(spec, embeddingSize, windowLength, minWordCount, maxVocabulary, lowerCase, v,
                maxValidationTokens, reversed, projectionSize);
    }

    public WordLmConfig withMaxValidationTokens(int v) {
        return new WordLmConfig(spec, embeddingSize, windowLength, minWordCount, maxVocabulary, lowerCase,
                batchesPerEpoch, v, reversed, projectionSize);
    }

    public WordLmConfig withReversed(boolean v) {
        return new WordLmConfig(spec, embeddingSize, windowLength, minWordCount, maxVocabulary, lowerCase,
                batchesPerEpoch, maxValidationTokens, v, projectionSize);
    }

    public WordLmConfig withProjectionSize(int v) {
        return new WordLmConfig(spec, embeddingSize, windowLength, minWordCount, maxVocabulary, lowerCase,
                batchesPerEpoch, maxValidationTokens, reversed, v);
    }
}
