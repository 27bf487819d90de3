package io.github.rnnkit.presets.captioning;

import java.util.List;

/**
 * One generated caption.
 *
 * @param words          the words, EOS not included
 * @param logProbability natural-log probability of the words and EOS under the model
 * @param score          the search's ranking score (length-normalised for beam search)
 * @param finished       whether the decoder emitted EOS (false: cut at {@code maxLength})
 */
public record Caption(List<String> words, double logProbability, double score, boolean finished) {
    public Caption {
        words = List.copyOf(words);
    }

    /** The words joined by single spaces. */
    public String text() {
        return String.join(" ", words);
    }
}
