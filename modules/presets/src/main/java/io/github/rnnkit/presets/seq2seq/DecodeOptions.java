package io.github.rnnkit.presets.seq2seq;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.seq2seq.Overlong;

/**
 * How {@link Seq2SeqModel} writes its outputs.
 *
 * @param strategy    greedy, beam search or sampling
 * @param beamWidth   beam width K (beam search), at least 1
 * @param nbest       outputs per input (beam search: at most {@code beamWidth}; greedy: 1; sampling: that many
 *                    independent samples), at least 1
 * @param lengthAlpha GNMT length-normalisation exponent for beam search, >= 0 (0: rank by log-probability)
 * @param temperature sampling temperature, > 0
 * @param topK        sampling from the k most probable symbols only; 0 for all
 * @param seed        sampling seed; the same inputs, batch size and seed give the same samples (each input of a
 *                    batch draws from its own generator seeded from this, the sample number and its position)
 * @param batchSize   inputs decoded together, at least 1
 * @param overlong    what happens to an input longer than the model's {@code maxSourceLength}: refused or cut
 *                    (counted, WARN); null for the model's own setting
 */
public record DecodeOptions(Strategy strategy, int beamWidth, int nbest, double lengthAlpha, double temperature,
                            int topK, long seed, int batchSize, Overlong overlong) {

    /** The decoding strategies. */
    public enum Strategy {
        GREEDY, BEAM, SAMPLE
    }

    public DecodeOptions {
        Checks.notNull(strategy, "strategy");
        if (beamWidth < 1) {
            throw new IllegalArgumentException("beam width must be >= 1, got " + beamWidth);
        }
        if (nbest < 1) {
            throw new IllegalArgumentException("nbest must be >= 1, got " + nbest);
        }
        if (strategy == Strategy.BEAM && nbest > beamWidth) {
            throw new IllegalArgumentException("nbest (" + nbest + ") cannot exceed the beam width (" + beamWidth
                    + ")");
        }
        if (strategy == Strategy.GREEDY && nbest != 1) {
            throw new IllegalArgumentException("greedy decoding gives 1 output per input, nbest was " + nbest
                    + "; use beam search for n-best lists");
        }
        if (!(lengthAlpha >= 0) || Double.isInfinite(lengthAlpha)) {
            throw new IllegalArgumentException("lengthAlpha must be a finite number >= 0, got " + lengthAlpha);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        Checks.nonNegative(topK, "topK");
        Checks.positive(batchSize, "batchSize");
    }

    /** Greedy decoding, 256 inputs at a time. */
    public static DecodeOptions greedy() {
        return new DecodeOptions(Strategy.GREEDY, 1, 1, 0.0, 1.0, 0, 0, 256, null);
    }

    /** Beam search of width {@code width} returning the {@code nbest} best, GNMT length penalty 0.6. */
    public static DecodeOptions beam(int width, int nbest) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be >= 1, got " + width);
        }
        return new DecodeOptions(Strategy.BEAM, width, nbest, 0.6, 1.0, 0, 0, 64, null);
    }

    /** {@code samples} samples per input at {@code temperature}, seeded. */
    public static DecodeOptions sample(int samples, double temperature, int topK, long seed) {
        return new DecodeOptions(Strategy.SAMPLE, 1, samples, 0.0, temperature, topK, seed, 256, null);
    }

    public DecodeOptions withBatchSize(int v) {
        return new DecodeOptions(strategy, beamWidth, nbest, lengthAlpha, temperature, topK, seed, v, overlong);
    }

    public DecodeOptions withLengthAlpha(double v) {
        return new DecodeOptions(strategy, beamWidth, nbest, v, temperature, topK, seed, batchSize, overlong);
    }

    /** Over-long inputs refused or cut, overriding the model's setting. */
    public DecodeOptions withOverlong(Overlong v) {
        return new DecodeOptions(strategy, beamWidth, nbest, lengthAlpha, temperature, topK, seed, batchSize, v);
    }
}
