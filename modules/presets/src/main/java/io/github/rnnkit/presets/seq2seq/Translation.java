package io.github.rnnkit.presets.seq2seq;

import java.util.List;

/**
 * One output of {@link Seq2SeqModel}.
 *
 * @param symbols        the output symbols, without BOS and EOS
 * @param logProbability natural-log probability of the symbols and the final EOS under the model
 * @param score          what beam search ranked by (log-probability over the length penalty)
 * @param finished       whether the output ended with EOS (false: cut at the configured maximum length)
 */
public record Translation(List<String> symbols, double logProbability, double score, boolean finished) {
    public Translation {
        symbols = List.copyOf(symbols);
    }

    /** The symbols joined by single spaces. */
    public String text() {
        return String.join(" ", symbols);
    }
}
