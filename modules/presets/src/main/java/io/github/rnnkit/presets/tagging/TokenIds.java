package io.github.rnnkit.presets.tagging;

import io.github.rnnkit.data.text.Vocabulary;

import java.util.List;
import java.util.Locale;

/**
 * Turns a token into the ids one step of a tagger reads: its word id, then (with a character encoder) the ids of
 * its characters between begin and end markers, padded with 0 to {@code maxWordChars}. A word longer than that
 * keeps its first and last characters (prefix and suffix carry most of a tag); how many were shortened is
 * counted.
 */
final class TokenIds {
    private final Vocabulary words;
    private final Vocabulary chars;        // null: no character encoder
    private final int maxWordChars;
    private final boolean lowerCase;
    private long shortened;

    TokenIds(Vocabulary words, Vocabulary chars, int maxWordChars, boolean lowerCase) {
        this.words = words;
        this.chars = chars;
        this.maxWordChars = maxWordChars;
        this.lowerCase = lowerCase;
        if (chars != null && chars.id(Vocabulary.Special.PAD) != 0) {
            throw new IllegalArgumentException("the character vocabulary must give padding id 0, it gives "
                    + chars.id(Vocabulary.Special.PAD));
        }
    }

    /** Ids per step: 1, or 1 + maxWordChars with characters. */
    int width() {
        return chars == null ? 1 : 1 + maxWordChars;
    }

    /** The word table's key for a token. */
    String wordKey(String token) {
        return key(token, lowerCase);
    }

    /** The word table's key for a token: lower-cased (root locale) or as written. */
    static String key(String token, boolean lowerCase) {
        return lowerCase ? token.toLowerCase(Locale.ROOT) : token;
    }

    /** Whether the word table has the token (else it reads as UNK). */
    boolean known(String token) {
        return words.contains(wordKey(token));
    }

    /** The ids of a sentence, step-major: {@code width()} ids per token. */
    int[] encode(List<String> tokens) {
        int w = width();
        int[] out = new int[tokens.size() * w];
        for (int t = 0; t < tokens.size(); t++) {
            String token = tokens.get(t);
            out[t * w] = words.id(wordKey(token));
            if (chars != null) {
                spell(token, out, t * w + 1);
            }
        }
        return out;
    }

    private void spell(String token, int[] out, int at) {
        int[] cps = token.codePoints().toArray();
        int room = maxWordChars - 2;
        out[at] = chars.id(Vocabulary.Special.BOS);
        int head = cps.length <= room ? cps.length : (room + 1) / 2;
        int tail = cps.length <= room ? 0 : room - head;
        if (cps.length > room) {
            shortened++;
        }
        int k = at + 1;
        for (int i = 0; i < head; i++) {
            out[k++] = chars.id(Character.toString(cps[i]));
        }
        for (int i = cps.length - tail; i < cps.length; i++) {
            out[k++] = chars.id(Character.toString(cps[i]));
        }
        out[k] = chars.id(Vocabulary.Special.EOS);
    }

    /** Words spelled since the last {@link #resetShortened} that were longer than the window and kept only their ends. */
    long shortened() {
        return shortened;
    }

    void resetShortened() {
        shortened = 0;
    }
}
