package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one side of a parallel text is cut into symbols: one symbol per character, or one per
 * whitespace-separated token.
 *
 * <pre>{@code
 * Segmentation.CHARACTERS.split("naïve")      // [n, a, ï, v, e]
 * Segmentation.TOKENS.split("N EY0  IY1 V")   // [N, EY0, IY1, V]
 * }</pre>
 */
public enum Segmentation {
    /**
     * One symbol per Unicode code point, as written: a space is a symbol too, and a character outside the Basic
     * Multilingual Plane (two UTF-16 chars) is one symbol. No normalisation (NFC/NFD) is applied.
     */
    CHARACTERS {
        @Override
        public List<String> split(String text) {
            Checks.notNull(text, "text");
            List<String> out = new ArrayList<>(text.length());
            text.codePoints().forEach(cp -> out.add(Character.toString(cp)));
            return List.copyOf(out);
        }
    },
    /**
     * One symbol per maximal run of non-whitespace characters; runs of whitespace (spaces, tabs, any
     * {@link Character#isWhitespace} character) separate tokens, and leading or trailing whitespace is ignored.
     */
    TOKENS {
        @Override
        public List<String> split(String text) {
            Checks.notNull(text, "text");
            String stripped = text.strip();
            if (stripped.isEmpty()) {
                return List.of();
            }
            return List.copyOf(Arrays.asList(stripped.split("\\s+")));
        }
    };

    /**
     * The symbols of {@code text}, in order; an immutable list, empty when {@code text} has none.
     *
     * @param text one side of a pair, without line terminators
     */
    public abstract List<String> split(String text);
}
