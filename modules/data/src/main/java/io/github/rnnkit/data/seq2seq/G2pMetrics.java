package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Phoneme and word error rates of grapheme-to-phoneme output against a dictionary's references, where a word may
 * have several correct pronunciations; pure Java, for any symbol sequences.
 *
 * <pre>{@code
 * Map<String, List<List<String>>> refs = split.references(G2pSplit.Part.TEST);
 * Map<String, List<List<String>>> out = ...;          // word -> n-best list, best first
 * G2pMetrics m = G2pMetrics.score(refs, out);
 * m.per(); m.wer(); m.oracleWer();
 * System.out.print(m.confusionTable(10));
 * }</pre>
 *
 * <p>Definitions, following Sequitur's evaluation (Bisani &amp; Ney 2008), which the published CMUdict numbers use.
 * For each word w with references R(w) and best hypothesis h(w) (the first of its n-best list):
 * <ul>
 *   <li>the <b>closest reference</b> r*(w) is the reference with the smallest {@link EditDistance#distance}
 *       to h(w); on a tie, the one whose symbol list comes first in lexicographic order (symbol by symbol with
 *       {@link String#compareTo}, a proper prefix first), which is the order in which Sequitur sorts its
 *       candidates;</li>
 *   <li><b>PER</b> = sum over words of distance(r*(w), h(w)) / sum over words of |r*(w)|: the errors are
 *       counted against, and normalised by the length of, each word's closest reference, not its first or its
 *       longest one;</li>
 *   <li><b>WER</b> = the share of words whose h(w) equals none of R(w) (equivalently, distance to r*(w) &gt;
 *       0);</li>
 *   <li><b>oracle WER</b> = the share of words none of whose n-best hypotheses equals any of R(w); with 1-best
 *       lists it equals WER;</li>
 *   <li>substitutions, deletions, insertions and the {@link #confusions()} come from the
 *       {@link EditDistance#alignment} of r*(w) with h(w), so S + D + I = the PER numerator.</li>
 * </ul>
 * Symbols are compared exactly: compare like with like (strip stress on both sides with
 * {@link CmuDict#stripStress} if needed).
 *
 * @param words             the number of words scored
 * @param wordErrors        words whose best hypothesis matches no reference
 * @param oracleWordErrors  words none of whose n-best hypotheses matches a reference
 * @param maxNBest          the longest n-best list scored (1 for 1-best output)
 * @param phonemeErrors     the PER numerator, substitutions + deletions + insertions
 * @param referencePhonemes the PER denominator, the summed lengths of the closest references
 * @param substitutions     substituted phonemes
 * @param deletions         reference phonemes missing from the hypothesis
 * @param insertions        hypothesis phonemes not in the reference
 * @param confusions        every substitution pair with its count, most frequent first (then by reference
 *                          symbol, then by hypothesis symbol)
 */
public record G2pMetrics(int words, int wordErrors, int oracleWordErrors, int maxNBest, long phonemeErrors,
                         long referencePhonemes, long substitutions, long deletions, long insertions,
                         List<Confusion> confusions) {

    /**
     * How often the reference symbol {@code reference} was replaced by {@code hypothesis}.
     *
     * @param reference  the symbol in the closest reference
     * @param hypothesis the different symbol the output has in its place
     * @param count      how many times, at least 1
     */
    public record Confusion(String reference, String hypothesis, long count) {
        public Confusion {
            Checks.notNull(reference, "reference");
            Checks.notNull(hypothesis, "hypothesis");
            Checks.positive(count, "count");
        }
    }

    private static final Comparator<Confusion> MOST_FREQUENT_FIRST = Comparator
            .comparingLong(Confusion::count).reversed()
            .thenComparing(Confusion::reference)
            .thenComparing(Confusion::hypothesis);

    private static final Comparator<List<String>> LEXICOGRAPHIC = (a, b) -> {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            int c = a.get(k).compareTo(b.get(k));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    public G2pMetrics {
        Checks.positive(words, "words");
        Checks.nonNegative(wordErrors, "wordErrors");
        Checks.nonNegative(oracleWordErrors, "oracleWordErrors");
        Checks.positive(maxNBest, "maxNBest");
        Checks.positive(referencePhonemes, "referencePhonemes");
        confusions = List.copyOf(Checks.notNull(confusions, "confusions"));
        if (wordErrors > words || oracleWordErrors > wordErrors) {
            throw new IllegalArgumentException("need oracleWordErrors <= wordErrors <= words, got " + oracleWordErrors
                    + ", " + wordErrors + ", " + words);
        }
        if (substitutions < 0 || deletions < 0 || insertions < 0
                || phonemeErrors != substitutions + deletions + insertions) {
            throw new IllegalArgumentException("phonemeErrors must be substitutions + deletions + insertions (each >= "
                    + "0), got " + phonemeErrors + " and " + substitutions + " + " + deletions + " + " + insertions);
        }
        if (confusions.stream().mapToLong(Confusion::count).sum() != substitutions) {
            throw new IllegalArgumentException("the confusion counts must add up to substitutions = "
                    + substitutions);
        }
    }

    /**
     * Scores n-best output against references as the class comment defines.
     *
     * @param references word to its correct pronunciations: at least one word; each word at least one
     *                   pronunciation, each of at least one symbol
     * @param nBest      word to its hypotheses, best first: the same words as {@code references}; each list at
     *                   least one hypothesis (a hypothesis may be empty: all deletions)
     * @throws IllegalArgumentException when the two maps do not hold the same words, or a list breaks the rules
     *                                  above; the message names a word
     */
    public static G2pMetrics score(Map<String, List<List<String>>> references,
                                   Map<String, List<List<String>>> nBest) {
        Checks.notNull(references, "references");
        Checks.notNull(nBest, "nBest");
        if (references.isEmpty()) {
            throw new IllegalArgumentException("references must hold at least one word, got none");
        }
        checkSameWords(references, nBest);
        int wordErrors = 0;
        int oracleErrors = 0;
        int maxNBest = 0;
        long errors = 0;
        long length = 0;
        long substitutions = 0;
        long deletions = 0;
        long insertions = 0;
        Map<List<String>, Long> confusionCounts = new HashMap<>();
        for (Map.Entry<String, List<List<String>>> e : references.entrySet()) {
            String word = e.getKey();
            List<List<String>> refs = checkReferences(word, e.getValue());
            List<List<String>> hyps = nBest.get(word);
            if (hyps == null || hyps.isEmpty()) {
                throw new IllegalArgumentException("nBest for '" + word + "' must hold at least one hypothesis, got "
                        + (hyps == null ? "null" : "none"));
            }
            for (List<String> h : hyps) {
                if (h == null || h.stream().anyMatch(Objects::isNull)) {     // List.of(..).contains(null) throws
                    throw new IllegalArgumentException("nBest for '" + word + "' holds a null hypothesis or symbol");
                }
            }
            maxNBest = Math.max(maxNBest, hyps.size());
            List<String> best = hyps.get(0);

            List<String> closest = null;
            int closestDistance = Integer.MAX_VALUE;
            for (List<String> ref : refs) {
                int d = EditDistance.distance(ref, best);
                if (d < closestDistance || (d == closestDistance && LEXICOGRAPHIC.compare(ref, closest) < 0)) {
                    closest = ref;
                    closestDistance = d;
                }
            }
            errors += closestDistance;
            length += closest.size();
            if (closestDistance > 0) {
                wordErrors++;
                if (hyps.stream().noneMatch(refs::contains)) {
                    oracleErrors++;
                }
            }
            for (EditDistance.Step step : EditDistance.alignment(closest, best)) {
                switch (step.operation()) {
                    case MATCH -> { }
                    case SUBSTITUTION -> {
                        substitutions++;
                        confusionCounts.merge(List.of(step.reference(), step.hypothesis()), 1L, Long::sum);
                    }
                    case DELETION -> deletions++;
                    case INSERTION -> insertions++;
                }
            }
        }
        List<Confusion> confusions = new ArrayList<>(confusionCounts.size());
        confusionCounts.forEach((pair, count) -> confusions.add(new Confusion(pair.get(0), pair.get(1), count)));
        confusions.sort(MOST_FREQUENT_FIRST);
        return new G2pMetrics(references.size(), wordErrors, oracleErrors, maxNBest, errors, length, substitutions,
                deletions, insertions, confusions);
    }

    private static void checkSameWords(Map<String, ?> references, Map<String, ?> nBest) {
        List<String> unanswered = references.keySet().stream().filter(w -> !nBest.containsKey(w)).toList();
        if (!unanswered.isEmpty()) {
            throw new IllegalArgumentException("nBest has no output for " + unanswered.size() + " word(s) of "
                    + "references, e.g. '" + unanswered.get(0) + "'; score every reference word");
        }
        List<String> unknown = nBest.keySet().stream().filter(w -> !references.containsKey(w)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("nBest holds " + unknown.size() + " word(s) that references lacks, "
                    + "e.g. '" + unknown.get(0) + "'; score the same words on both sides");
        }
    }

    private static List<List<String>> checkReferences(String word, List<List<String>> refs) {
        if (refs == null || refs.isEmpty()) {
            throw new IllegalArgumentException("references for '" + word + "' must hold at least one pronunciation, "
                    + "got " + (refs == null ? "null" : "none"));
        }
        for (List<String> r : refs) {
            if (r == null || r.isEmpty()) {
                throw new IllegalArgumentException("references for '" + word + "' hold an empty or null "
                        + "pronunciation; each needs at least one symbol");
            }
        }
        return refs;
    }

    /** Phoneme error rate, {@code phonemeErrors / referencePhonemes}, in [0, inf) (insertions can pass 1). */
    public double per() {
        return (double) phonemeErrors / referencePhonemes;
    }

    /** Word error rate, {@code wordErrors / words}, in [0, 1]. */
    public double wer() {
        return (double) wordErrors / words;
    }

    /** n-best oracle word error rate, {@code oracleWordErrors / words}, in [0, 1]. */
    public double oracleWer() {
        return (double) oracleWordErrors / words;
    }

    /** The {@code k} most frequent confusions (fewer when there are fewer), as ordered in {@link #confusions()}. */
    public List<Confusion> topConfusions(int k) {
        Checks.nonNegative(k, "k");
        return confusions.subList(0, Math.min(k, confusions.size()));
    }

    /**
     * The {@code k} most frequent confusions as a plain-text table, one line each after a header:
     * {@code reference, hypothesis, count, share of all substitutions}.
     */
    public String confusionTable(int k) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-10s %-10s %8s %7s%n", "reference",
                "hypothesis", "count", "share"));
        for (Confusion c : topConfusions(k)) {
            out.append(String.format(Locale.ROOT, "%-10s %-10s %8d %6.2f%%%n", c.reference(), c.hypothesis(),
                    c.count(), 100.0 * c.count() / substitutions));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "G2pMetrics[%d words: PER %.2f%% (%d/%d; S %d, D %d, I %d), WER %.2f%% (%d), "
                        + "oracle WER@%d %.2f%% (%d)]", words, 100 * per(), phonemeErrors, referencePhonemes,
                substitutions, deletions, insertions, 100 * wer(), wordErrors, maxNBest, 100 * oracleWer(),
                oracleWordErrors);
    }
}
