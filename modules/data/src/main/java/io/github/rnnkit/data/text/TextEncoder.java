package io.github.rnnkit.data.text;

import io.github.rnnkit.core.Checks;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns text into token ids for word-level models: a {@link WordTokenizer} followed by a {@link Vocabulary}
 * lookup. Tokens outside the vocabulary become UNK and are counted ({@link #unknownTokens()}), so a caller
 * can log how much of its data the vocabulary missed.
 *
 * <pre>{@code
 * TextEncoder enc = new TextEncoder(new WordTokenizer(true), vocabulary);
 * int[] ids = enc.encode("A fine film.");      // [id(a), id(fine), id(film), id(.)]
 * }</pre>
 *
 * Thread-safe (the counters are atomic).
 */
public final class TextEncoder {
    private final WordTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    /**
     * @param tokenizer  splits text into tokens
     * @param vocabulary maps tokens to ids; must have UNK
     */
    public TextEncoder(WordTokenizer tokenizer, Vocabulary vocabulary) {
        this.tokenizer = Checks.notNull(tokenizer, "tokenizer");
        this.vocabulary = Checks.notNull(vocabulary, "vocabulary");
        if (!vocabulary.has(Vocabulary.Special.UNK)) {
            throw new IllegalArgumentException("vocabulary must have the UNK token to encode free text; it has "
                    + vocabulary.specials());
        }
    }

    /** The ids of {@code text}'s tokens, in order (empty when the text has no token). */
    public int[] encode(String text) {
        Checks.notNull(text, "text");
        List<String> words = tokenizer.tokenize(text);
        int[] ids = new int[words.size()];
        int missing = 0;
        for (int i = 0; i < ids.length; i++) {
            String w = words.get(i);
            if (!vocabulary.contains(w)) {
                missing++;
            }
            ids[i] = vocabulary.id(w);
        }
        tokens.addAndGet(ids.length);
        unknown.addAndGet(missing);
        return ids;
    }

    /** Tokens encoded so far. */
    public long tokens() {
        return tokens.get();
    }

    /** Of {@link #tokens()}, those that were not in the vocabulary (encoded as UNK). */
    public long unknownTokens() {
        return unknown.get();
    }

    public WordTokenizer tokenizer() {
        return tokenizer;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }
}
