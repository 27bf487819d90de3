package io.github.rnnkit.data.captioning;

import io.github.rnnkit.core.Checks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus-level BLEU (Papineni et al. 2002) against several references per hypothesis: for each n, the clipped
 * n-gram matches summed over the corpus divided by the hypotheses' n-gram count (p_n); the brevity penalty
 * {@code BP = min(1, exp(1 - r / c))} with c the total hypothesis length and r the sum over hypotheses of the
 * reference length closest to each (the shorter on a tie); {@code BLEU-N = BP * exp(sum_{n<=N} log(p_n) / N)},
 * 0 when some p_n is 0. No smoothing, as in the paper and in {@code multi-bleu.perl}.
 */
public final class Bleu {
    private Bleu() {
    }

    /**
     * BLEU-1 .. BLEU-{@code maxN} of {@code hypotheses} against {@code references}.
     *
     * @param hypotheses one token list per output
     * @param references per output, one or more token lists
     * @return {@code maxN} values in [0, 1], index 0 = BLEU-1
     */
    public static double[] corpus(List<List<String>> hypotheses, List<List<List<String>>> references, int maxN) {
        Checks.notNull(hypotheses, "hypotheses");
        Checks.notNull(references, "references");
        Checks.positive(maxN, "maxN");
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size()
                    + " reference sets; they must pair one to one");
        }
        long[] matches = new long[maxN];
        long[] totals = new long[maxN];
        long hypLength = 0;
        long refLength = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> hyp = hypotheses.get(i);
            List<List<String>> refs = references.get(i);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("output " + i + " has no reference");
            }
            hypLength += hyp.size();
            int closest = refs.get(0).size();
            for (List<String> r : refs) {
                int d = Math.abs(r.size() - hyp.size());
                int best = Math.abs(closest - hyp.size());
                if (d < best || d == best && r.size() < closest) {
                    closest = r.size();
                }
            }
            refLength += closest;
            for (int n = 1; n <= maxN; n++) {
                Map<List<String>, Integer> counts = ngrams(hyp, n);
                Map<List<String>, Integer> maxRef = new HashMap<>();
                for (List<String> r : refs) {
                    ngrams(r, n).forEach((g, c) -> maxRef.merge(g, c, Math::max));
                }
                for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
                    matches[n - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
                    totals[n - 1] += e.getValue();
                }
            }
        }
        double bp = hypLength == 0 ? 0 : hypLength >= refLength ? 1 : Math.exp(1 - (double) refLength / hypLength);
        double[] out = new double[maxN];
        double logSum = 0;
        for (int n = 1; n <= maxN; n++) {
            if (matches[n - 1] == 0 || Double.isInfinite(logSum)) {
                logSum = Double.NEGATIVE_INFINITY;
            } else {
                logSum += Math.log((double) matches[n - 1] / totals[n - 1]);
            }
            out[n - 1] = Double.isInfinite(logSum) ? 0 : bp * Math.exp(logSum / n);
        }
        return out;
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            out.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return out;
    }
}
