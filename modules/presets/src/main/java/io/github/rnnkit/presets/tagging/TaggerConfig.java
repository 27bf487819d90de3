package io.github.rnnkit.presets.tagging;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;

/**
 * A sequence tagger's shape and token handling (training settings live in
 * {@link io.github.rnnkit.core.train.TrainingConfig}).
 *
 * @param spec           the recurrent stack over the word vectors (bidirectional for a tagger)
 * @param wordSize       width of a word embedding, at least 1
 * @param charSize       width of a character embedding; 0 turns the character encoder off (word-only model)
 * @param charFilters    filters of the character CNN (the character half of a word vector), at least 1 when
 *                       {@code charSize > 0}
 * @param charWindow     characters per CNN window, at least 1
 * @param maxWordChars   characters read per word, begin and end markers included; a longer word keeps its first
 *                       and last characters (its prefix and suffix), at least 4
 * @param embedDropout   probability of dropping each word-vector activation before the recurrent stack, [0, 1)
 * @param wordDropout    probability of replacing a word by UNK in training (so UNK's vector learns), [0, 1)
 * @param minWordCount   words seen fewer times than this in training map to UNK, at least 1
 * @param lowerCaseWords whether the word table is keyed by lower-cased words (the character encoder always sees
 *                       the word as written)
 * @param maxLength      sentences longer than this many tokens are split into pieces of at most this many
 *                       (counted and logged), at least 1
 */
public record TaggerConfig(RecurrentSpec spec, int wordSize, int charSize, int charFilters, int charWindow,
                           int maxWordChars, double embedDropout, double wordDropout, int minWordCount,
                           boolean lowerCaseWords, int maxLength) {

    public TaggerConfig {
        Checks.notNull(spec, "spec");
        Checks.positive(wordSize, "wordSize");
        Checks.nonNegative(charSize, "charSize");
        if (charSize > 0) {
            Checks.positive(charFilters, "charFilters");
        }
        Checks.positive(charWindow, "charWindow");
        if (maxWordChars < 4) {
            throw new IllegalArgumentException("maxWordChars must be at least 4, got " + maxWordChars);
        }
        if (!(embedDropout >= 0 && embedDropout < 1)) {
            throw new IllegalArgumentException("embedDropout must be in [0, 1), got " + embedDropout);
        }
        if (!(wordDropout >= 0 && wordDropout < 1)) {
            throw new IllegalArgumentException("wordDropout must be in [0, 1), got " + wordDropout);
        }
        Checks.positive(minWordCount, "minWordCount");
        Checks.positive(maxLength, "maxLength");
    }

    /**
     * A bidirectional LSTM of 2 x 128 units over 100-wide lower-cased word embeddings and a 50-filter character
     * CNN (30-wide character embeddings, windows of 3, 20 characters per word), dropout 0.3 on the word vectors,
     * word dropout 0.1, every training word in the vocabulary, sentences split above 250 tokens.
     */
    public static TaggerConfig defaults() {
        return new TaggerConfig(new RecurrentSpec(RecurrentCell.LSTM, 128, 1, BidirectionalMode.CONCAT, 0.0,
                RecurrentImpl.RNNKIT), 100, 30, 50, 3, 20, 0.3, 0.1, 1, true, 250);
    }

    /** Whether words are also read character by character. */
    public boolean usesCharacters() {
        return charSize > 0;
    }

    /** Width of a word vector: the word embedding plus the character features. */
    public int wordVectorSize() {
        return wordSize + (usesCharacters() ? charFilters : 0);
    }

    public TaggerConfig withSpec(RecurrentSpec v) {
        return new TaggerConfig(v, wordSize, charSize, charFilters, charWindow, maxWordChars, embedDropout,
                wordDropout, minWordCount, lowerCaseWords, maxLength);
    }

    public TaggerConfig withWordSize(int v) {
        return new TaggerConfig(spec, v, charSize, charFilters, charWindow, maxWordChars, embedDropout, wordDropout,
                minWordCount, lowerCaseWords, maxLength);
    }

    /** The character encoder's shape; {@code size} 0 turns it off. */
    public TaggerConfig withCharacters(int size, int filters, int window) {
        return new TaggerConfig(spec, wordSize, size, filters, window, maxWordChars, embedDropout, wordDropout,
                minWordCount, lowerCaseWords, maxLength);
    }

    /** A word-only model (no character encoder): the ablation. */
    public TaggerConfig withoutCharacters() {
        return withCharacters(0, 0, charWindow);
    }

    public TaggerConfig withMaxWordChars(int v) {
        return new TaggerConfig(spec, wordSize, charSize, charFilters, charWindow, v, embedDropout, wordDropout,
                minWordCount, lowerCaseWords, maxLength);
    }

    public TaggerConfig withDropout(double embed, double word) {
        return new TaggerConfig(spec, wordSize, charSize, charFilters, charWindow, maxWordChars, embed, word,
                minWordCount, lowerCaseWords, maxLength);
    }

    public TaggerConfig withMinWordCount(int v) {
        return new TaggerConfig(spec, wordSize, charSize, charFilters, charWindow, maxWordChars, embedDropout,
                wordDropout, v, lowerCaseWords, maxLength);
    }

    public TaggerConfig withLowerCaseWords(boolean v) {
        return new TaggerConfig(spec, wordSize, charSize, charFilters, charWindow, maxWordChars, embedDropout,
                wordDropout, minWordCount, v, maxLength);
    }

    public TaggerConfig withMaxLength(int v) {
        return new TaggerConfig(spec, wordSize, charSize, charFilters, charWindow, maxWordChars, embedDropout,
                wordDropout, minWordCount, lowerCaseWords, v);
    }
}
