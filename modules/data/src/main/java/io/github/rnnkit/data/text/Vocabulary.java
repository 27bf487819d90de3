package io.github.rnnkit.data.text;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.io.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed mapping between tokens (words, characters, tags) and integer ids, fitted on training data only
 * and saved with the model.
 *
 * <p>Ids 0.. are the special tokens that were asked for, in the order PAD, UNK, BOS, EOS; then the
 * tokens by descending frequency, ties broken by the token's natural order (so fitting is deterministic).
 *
 * <pre>{@code
 * Vocabulary v = Vocabulary.builder().minFrequency(2).maxSize(20_000).specials(Special.PAD, Special.UNK)
 *         .fit(tokens);
 * int id = v.id("movie");           // UNK's id for an unseen token
 * }</pre>
 */
public final class Vocabulary {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Vocabulary.class);

    /** Reserved tokens; their text can never collide with a real token. */
    public enum Special {
        PAD("<pad>"), UNK("<unk>"), BOS("<s>"), EOS("</s>");

        private final String token;

        Special(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    /** The vocabulary as stored in a bundle. */
    record Stored(List<Special> specials, List<String> tokens) {
    }

    private final List<Special> specials;
    private final List<String> tokens;         // all tokens, specials first
    private final Map<String, Integer> ids;
    private final int unkId;

    private Vocabulary(List<Special> specials, List<String> tokens) {
        this.specials = List.copyOf(specials);
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary lists token '" + tokens.get(i) + "' twice");
            }
        }
        this.unkId = specials.contains(Special.UNK) ? ids.get(Special.UNK.token()) : -1;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fits and configures a vocabulary. */
    public static final class Builder {
        private int minFrequency = 1;
        private int maxSize = Integer.MAX_VALUE;
        private List<Special> specials = List.of(Special.UNK);

        private Builder() {
        }

        /** Tokens seen fewer times than this are left out (they map to UNK). Default 1. */
        public Builder minFrequency(int v) {
            this.minFrequency = Checks.positive(v, "minFrequency");
            return this;
        }

        /** Largest vocabulary, specials included; the rarest tokens are left out. Default unlimited. */
        public Builder maxSize(int v) {
            this.maxSize = Checks.positive(v, "maxSize");
            return this;
        }

        /** Which special tokens to reserve ids for. Default: UNK only. */
        public Builder specials(Special... v) {
            List<Special> list = new ArrayList<>();
            for (Special s : Special.values()) {
                for (Special w : v) {
                    if (s == w && !list.contains(s)) {
                        list.add(s);
                    }
                }
            }
            this.specials = list;
            return this;
        }

        /** Counts the tokens and builds the vocabulary. */
        public Vocabulary fit(Iterable<String> tokens) {
            Map<String, Long> counts = new HashMap<>();
            for (String t : tokens) {
                counts.merge(t, 1L, Long::sum);
            }
            return fitCounts(counts);
        }

        /** Builds the vocabulary from token counts already made. */
        public Vocabulary fitCounts(Map<String, Long> counts) {
            if (specials.size() > maxSize) {
                throw new IllegalArgumentException("maxSize " + maxSize + " is smaller than the " + specials.size()
                        + " special tokens " + specials);
            }
            List<String> out = new ArrayList<>();
            specials.forEach(s -> out.add(s.token()));
            long spelledLikeSpecial = 0;
            List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            for (Map.Entry<String, Long> e : sorted) {
                if (out.size() >= maxSize) {
                    break;
                }
                boolean special = false;
                for (Special s : Special.values()) {
                    special |= s.token().equals(e.getKey());
                }
                if (special) {
                    spelledLikeSpecial += e.getValue();
                } else if (e.getValue() >= minFrequency) {
                    out.add(e.getKey());
                }
            }
            if (spelledLikeSpecial > 0) {
                log.warn("{} occurrence(s) of tokens spelled like a special token ({}) were not given ids of their own",
                        spelledLikeSpecial, List.of(Special.values()));
            }
            return new Vocabulary(specials, out);
        }
    }

    /** Number of ids, specials included. */
    public int size() {
        return tokens.size();
    }

    /** Whether the token has an id of its own. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /**
     * The id of {@code token}; UNK's id for an unknown token.
     *
     * @throws IllegalArgumentException for an unknown token when the vocabulary has no UNK
     */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        if (unkId < 0) {
            throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary of " + size()
                    + " tokens and the vocabulary has no UNK token");
        }
        return unkId;
    }

    /** The token with id {@code id}. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("id must be in [0, " + tokens.size() + "), got " + id);
        }
        return tokens.get(id);
    }

    /** The id of a special token. */
    public int id(Special special) {
        if (!specials.contains(special)) {
            throw new IllegalArgumentException("this vocabulary has no " + special + " token; it has " + specials);
        }
        return ids.get(special.token());
    }

    public boolean has(Special special) {
        return specials.contains(special);
    }

    public boolean isSpecial(int id) {
        return id >= 0 && id < specials.size();
    }

    public List<Special> specials() {
        return specials;
    }

    /** All tokens in id order. */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /** The vocabulary as JSON bytes, for a bundle artifact. */
    public byte[] toJson() {
        List<String> plain = new ArrayList<>(tokens.subList(specials.size(), tokens.size()));
        return Json.write(new Stored(specials, plain)).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a vocabulary written by {@link #toJson()}. */
    public static Vocabulary fromJson(byte[] json, String source) {
        Stored s = Json.read(new String(json, StandardCharsets.UTF_8), Stored.class, source);
        if (s.specials() == null || s.tokens() == null) {
            throw new IllegalArgumentException(source + " is not a vocabulary: it lacks specials or tokens");
        }
        List<String> all = new ArrayList<>();
        s.specials().forEach(sp -> all.add(sp.token()));
        all.addAll(s.tokens());
        return new Vocabulary(s.specials(), all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.specials.equals(specials) && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + size() + " tokens, specials " + specials + "]";
    }
}
