package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Levenshtein distance between two symbol sequences, and one alignment that attains it: the fewest
 * substitutions, deletions and insertions (each costing 1) that turn the reference into the hypothesis.
 *
 * <p>With reference {@code r} of length n and hypothesis {@code h} of length m, the table
 * <pre>
 *   D[i][0] = i,   D[0][j] = j,
 *   D[i][j] = min( D[i-1][j-1] + (r[i] == h[j] ? 0 : 1),    match or substitution
 *                  D[i-1][j]   + 1,                          deletion of r[i]
 *                  D[i][j-1]   + 1 )                         insertion of h[j]
 * </pre>
 * gives the distance {@code D[n][m]} in O(n m) time. {@link #alignment} keeps the table and walks back from
 * {@code (n, m)}; where several alignments are optimal it takes, at each cell, a match or substitution first,
 * then a deletion, then an insertion, so the result is deterministic.
 *
 * <pre>{@code
 * EditDistance.distance(List.of("K", "AE", "T"), List.of("K", "AH", "T", "S"))   // 2: AE->AH, insert S
 * }</pre>
 */
public final class EditDistance {
    /** What one step of an alignment does. */
    public enum Operation {
        /** The reference symbol and the hypothesis symbol are equal. */
        MATCH,
        /** The reference symbol is replaced by a different hypothesis symbol. */
        SUBSTITUTION,
        /** The reference symbol has no counterpart in the hypothesis. */
        DELETION,
        /** The hypothesis symbol has no counterpart in the reference. */
        INSERTION
    }

    /**
     * One step of an alignment.
     *
     * @param operation  what the step does
     * @param reference  the reference symbol; null for an {@link Operation#INSERTION}
     * @param hypothesis the hypothesis symbol; null for a {@link Operation#DELETION}
     */
    public record Step(Operation operation, String reference, String hypothesis) {
        public Step {
            Checks.notNull(operation, "operation");
            if ((reference == null) != (operation == Operation.INSERTION)
                    || (hypothesis == null) != (operation == Operation.DELETION)) {
                throw new IllegalArgumentException("a " + operation + " step has reference " + reference
                        + " and hypothesis " + hypothesis + "; only an insertion lacks a reference and only a "
                        + "deletion lacks a hypothesis");
            }
            if ((operation == Operation.MATCH) != (reference != null && reference.equals(hypothesis))) {
                throw new IllegalArgumentException("a " + operation + " step has reference " + reference
                        + " and hypothesis " + hypothesis + "; a match needs equal symbols, a substitution "
                        + "different ones");
            }
        }

        /** Whether this step costs 1 (anything but a match). */
        public boolean isError() {
            return operation != Operation.MATCH;
        }
    }

    private EditDistance() {
    }

    /**
     * The Levenshtein distance between {@code reference} and {@code hypothesis}, comparing symbols with
     * {@link Object#equals}; symmetric in its arguments. Uses O(m) memory.
     */
    public static int distance(List<?> reference, List<?> hypothesis) {
        Checks.notNull(reference, "reference");
        Checks.notNull(hypothesis, "hypothesis");
        int m = hypothesis.size();
        int[] previous = new int[m + 1];    // row i-1 of D
        int[] current = new int[m + 1];     // row i of D
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= reference.size(); i++) {
            current[0] = i;
            Object r = reference.get(i - 1);
            for (int j = 1; j <= m; j++) {
                int diagonal = previous[j - 1] + (Objects.equals(r, hypothesis.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(diagonal, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[m];
    }

    /**
     * An alignment of {@code reference} with {@code hypothesis} that has {@link #distance} errors, in order
     * from the first symbols to the last; see the class comment for which one when several are optimal.
     *
     * @param reference  the expected symbols, none null
     * @param hypothesis the produced symbols, none null
     */
    public static List<Step> alignment(List<String> reference, List<String> hypothesis) {
        Checks.notNull(reference, "reference");
        Checks.notNull(hypothesis, "hypothesis");
        int n = reference.size();
        int m = hypothesis.size();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            String r = Checks.notNull(reference.get(i - 1), "reference element");
            for (int j = 1; j <= m; j++) {
                int diagonal = d[i - 1][j - 1] + (r.equals(hypothesis.get(j - 1)) ? 0 : 1);
                d[i][j] = Math.min(diagonal, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        List<Step> steps = new ArrayList<>(Math.max(n, m));
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0) {
                String r = reference.get(i - 1);
                String h = Checks.notNull(hypothesis.get(j - 1), "hypothesis element");
                boolean same = r.equals(h);
                if (d[i][j] == d[i - 1][j - 1] + (same ? 0 : 1)) {     // through the diagonal
                    steps.add(new Step(same ? Operation.MATCH : Operation.SUBSTITUTION, r, h));
                    i--;
                    j--;
                    continue;
                }
            }
            if (i > 0 && d[i][j] == d[i - 1][j] + 1) {                  // up: r[i] deleted
                steps.add(new Step(Operation.DELETION, reference.get(i - 1), null));
                i--;
            } else {                                                     // left: h[j] inserted
                steps.add(new Step(Operation.INSERTION, null, Checks.notNull(hypothesis.get(j - 1),
                        "hypothesis element")));
                j--;
            }
        }
        Collections.reverse(steps);
        return Collections.unmodifiableList(steps);
    }
}
