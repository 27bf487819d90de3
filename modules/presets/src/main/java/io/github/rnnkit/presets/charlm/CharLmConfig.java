package io.github.rnnkit.presets.charlm;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;

/**
 * The character language model's shape and data windows (training settings live in
 * {@link io.github.rnnkit.core.train.TrainingConfig}).
 *
 * @param spec               the recurrent stack; must be left-to-right so that it can generate step by step
 * @param sequenceLength     characters per training window; truncated BPTT cuts each window into segments
 * @param validationFraction share of the corpus, just before the test tail, held out for validation
 * @param testFraction       share of the corpus at its end held out for the final bits-per-character figure
 * @param maxValidationChars at most this many validation characters are scored after each epoch (the
 *                           start of the validation part), to keep epochs quick; at least 1
 * @param batchesPerEpoch    batches per epoch; 0 makes an epoch cover the training text about once (windows
 *                           are drawn at random offsets, so an "epoch" is a unit of work, not a strict pass)
 */
public record CharLmConfig(RecurrentSpec spec, int sequenceLength, double validationFraction, double testFraction,
                           int maxValidationChars, int batchesPerEpoch) {

    public CharLmConfig {
        Checks.notNull(spec, "spec");
        if (spec.readsBothDirections()) {
            throw new IllegalArgumentException("spec.bidirectional must be NONE for a language model (it generates "
                    + "left to right), got " + spec.bidirectional());
        }
        Checks.positive(sequenceLength, "sequenceLength");
        Checks.fraction(validationFraction, "validationFraction");
        Checks.fraction(testFraction, "testFraction");
        if (validationFraction + testFraction >= 0.9) {
            throw new IllegalArgumentException("validationFraction + testFraction must leave at least 10% for "
                    + "training, got " + validationFraction + " + " + testFraction);
        }
        Checks.positive(maxValidationChars, "maxValidationChars");
        Checks.nonNegative(batchesPerEpoch, "batchesPerEpoch");
    }

    /**
     * Two LSTM layers of 256, windows of 200 characters, 5% validation, the last 10% as test (the split
     * ../shared/BENCHMARKS.md measures compressors on), 50,000 validation characters per epoch, epochs
     * that cover the training text about once.
     */
    public static CharLmConfig defaults() {
        return new CharLmConfig(new RecurrentSpec(RecurrentCell.LSTM, 256, 2, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT), 200,
                0.05, 0.10, 50_000, 0);
    }

    public CharLmConfig withSpec(RecurrentSpec v) {
        return new CharLmConfig(v, sequenceLength, validationFraction, testFraction, maxValidationChars,
                batchesPerEpoch);
    }

    public CharLmConfig withSequenceLength(int v) {
        return new CharLmConfig(spec, v, validationFraction, testFraction, maxValidationChars, batchesPerEpoch);
    }

    public CharLmConfig withFractions(double validation, double test) {
        return new CharLmConfig(spec, sequenceLength, validation, test, maxValidationChars, batchesPerEpoch);
    }

    public CharLmConfig withMaxValidationChars(int v) {
        return new CharLmConfig(spec, sequenceLength, validationFraction, testFraction, v, batchesPerEpoch);
    }

    public CharLmConfig withBatchesPerEpoch(int v) {
        return new CharLmConfig(spec, sequenceLength, validationFraction, testFraction, maxValidationChars, v);
    }
}
