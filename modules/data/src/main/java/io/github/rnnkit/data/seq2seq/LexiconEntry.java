package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word and every pronunciation a pronouncing dictionary gives it, alternates included; for example CMUdict's
 * {@code READ  R EH1 D} and {@code READ(1)  R IY1 D} are one entry with two pronunciations.
 *
 * @param word           the word as the dictionary spells it, without an alternate marker such as {@code (1)}
 * @param pronunciations the pronunciations in dictionary order (the main one first, then the alternates), each a
 *                       non-empty list of phonemes; at least one, no two equal
 * @param origin         where the word's first line was read, {@code file:line}
 */
public record LexiconEntry(String word, List<List<String>> pronunciations, String origin) {
    public LexiconEntry {
        Checks.notNull(word, "word");
        if (word.isBlank()) {
            throw new IllegalArgumentException("word must not be blank, got '" + word + "' (from " + origin + ")");
        }
        Checks.notNull(pronunciations, "pronunciations");
        Checks.notNull(origin, "origin");
        if (pronunciations.isEmpty()) {
            throw new IllegalArgumentException("pronunciations of '" + word + "' must hold at least one, got none");
        }
        List<List<String>> copy = new ArrayList<>(pronunciations.size());
        for (List<String> p : pronunciations) {
            List<String> phonemes = List.copyOf(Checks.notNull(p, "pronunciations element"));
            if (phonemes.isEmpty()) {
                throw new IllegalArgumentException("pronunciations of '" + word + "' holds an empty one; each needs "
                        + "at least one phoneme");
            }
            if (copy.contains(phonemes)) {
                throw new IllegalArgumentException("pronunciations of '" + word + "' holds " + phonemes
                        + " twice; each once");
            }
            copy.add(phonemes);
        }
        pronunciations = Collections.unmodifiableList(copy);
    }

    /** The word's letters, one symbol per character ({@link Segmentation#CHARACTERS}): the G2P model's input. */
    public List<String> letters() {
        return Segmentation.CHARACTERS.split(word);
    }

    /**
     * One training pair per pronunciation: the word's {@link #letters()} to that pronunciation, each with this
     * entry's {@link #origin()}.
     */
    public List<ParallelPair> pairs() {
        List<String> letters = letters();
        List<ParallelPair> out = new ArrayList<>(pronunciations.size());
        for (List<String> p : pronunciations) {
            out.add(new ParallelPair(letters, p, origin));
        }
        return out;
    }

    /**
     * The entries as a map from word to pronunciations, in the entries' order: the shape
     * {@link G2pMetrics#score} takes its references in.
     *
     * @throws IllegalArgumentException when two entries have the same word
     */
    public static Map<String, List<List<String>>> byWord(Collection<LexiconEntry> entries) {
        Checks.notNull(entries, "entries");
        Map<String, List<List<String>>> out = new LinkedHashMap<>(entries.size() * 2);
        for (LexiconEntry e : entries) {
            if (out.putIfAbsent(Checks.notNull(e, "entries element").word(), e.pronunciations()) != null) {
                throw new IllegalArgumentException("entries holds word '" + e.word() + "' twice (again from "
                        + e.origin() + "); each word once");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
