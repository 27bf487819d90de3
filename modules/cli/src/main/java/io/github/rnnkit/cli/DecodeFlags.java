package io.github.rnnkit.cli;

import io.github.rnnkit.presets.seq2seq.DecodeOptions;

/** The decoding flags {@code translate} and {@code caption} share: checked once, turned into {@link DecodeOptions}. */
final class DecodeFlags {
    private DecodeFlags() {
    }

    /**
     * Greedy for beam 1, else beam search with an n-best list.
     *
     * @throws RnnkitCli.UsageException for a beam below 1, an n-best outside [1, beam] or a length exponent that is
     *                                  negative or not finite
     */
    static DecodeOptions options(int beam, int nbest, double lengthAlpha) {
        if (beam < 1) {
            throw new RnnkitCli.UsageException("--beam must be >= 1, got " + beam);
        }
        if (nbest < 1 || nbest > beam) {
            throw new RnnkitCli.UsageException("--nbest must be in [1, --beam = " + beam + "], got " + nbest);
        }
        if (!(lengthAlpha >= 0) || Double.isInfinite(lengthAlpha)) {
            throw new RnnkitCli.UsageException("--length-alpha must be a finite number >= 0, got " + lengthAlpha);
        }
        return beam == 1 ? DecodeOptions.greedy() : DecodeOptions.beam(beam, nbest).withLengthAlpha(lengthAlpha);
    }
}
