package io.github.rnnkit.data.brown;

import java.util.List;

/**
 * One sentence of a tagged corpus.
 *
 * @param source where it came from (file id), for error messages and splits by document
 * @param line   1-based line number in that file
 * @param words  the tokens
 * @param tags   one tag per token
 */
public record TaggedSentence(String source, int line, List<String> words, List<String> tags) {
    public TaggedSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.size() != tags.size()) {
            throw new IllegalArgumentException(source + ":" + line + ": " + words.size() + " words but "
                    + tags.size() + " tags");
        }
    }

    public int length() {
        return words.size();
    }
}
