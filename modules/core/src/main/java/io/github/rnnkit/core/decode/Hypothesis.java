package io.github.rnnkit.core.decode;

import java.util.Arrays;

/**
 * One decoded output.
 *
 * @param tokens         the emitted tokens, without BOS, ending with EOS when {@code finished}
 * @param logProbability the sum of the tokens' log-probabilities
 * @param score          what beam search ranks by: {@code logProbability / lengthPenalty(length)} (equal to
 *                       the log-probability without length normalisation)
 * @param finished       whether the output ended with EOS (false: cut at the maximum length)
 */
public record Hypothesis(int[] tokens, double logProbability, double score, boolean finished) {

    public Hypothesis {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** Number of emitted tokens (EOS included). */
    public int length() {
        return tokens.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hypothesis h && Arrays.equals(tokens, h.tokens) && logProbability == h.logProbability
                && score == h.score && finished == h.finished;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + Double.hashCode(logProbability);
    }

    @Override
    public String toString() {
        return Arrays.toString(tokens) + " logP=" + logProbability + (finished ? "" : " (cut)");
    }
}
