package io.github.rnnkit.core.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoder against small Markov models whose best outputs can be enumerated. */
class DecoderTest {
    static final int BOS = 0;
    static final int EOS = 1;

    /**
     * A Markov model over V tokens: the next token's log-probabilities depend on the previous token (per input,
     * table[input][previous][next]). The state is, per row, its input and the number of steps it took (to check
     * that select reorders states); steps counts the calls.
     */
    static class Markov implements StepModel<int[][]> {
        final double[][][] table;
        int steps;

        Markov(double[][][] table) {
            this.table = table;
        }

        int[][] start(int inputs) {
            int[][] s = new int[inputs][];
            for (int i = 0; i < inputs; i++) {
                s[i] = new int[]{i, 0};
            }
            return s;
        }

        @Override
        public int vocabularySize() {
            return table[0][0].length;
        }

        @Override
        public Step<int[][]> step(int[][] state, int[] previous) {
            steps++;
            double[][] lp = new double[previous.length][];
            int[][] next = new int[previous.length][];
            for (int r = 0; r < previous.length; r++) {
                lp[r] = table[state[r][0]][previous[r]].clone();
                next[r] = new int[]{state[r][0], state[r][1] + 1};
            }
            return new Step<>(lp, next);
        }

        @Override
        public int[][] select(int[][] state, int[] rows) {
            int[][] out = new int[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                out[i] = state[rows[i]].clone();
            }
            return out;
        }
    }

    /** Random log-probability tables: V tokens, EOS likely enough that outputs end. */
    static double[][][] randomTable(Random random, int inputs, int v) {
        double[][][] t = new double[inputs][v][v];
        for (int i = 0; i < inputs; i++) {
            for (int p = 0; p < v; p++) {
                double[] w = new double[v];
                double sum = 0;
                for (int n = 0; n < v; n++) {
                    w[n] = n == BOS ? 0 : Math.pow(random.nextDouble(), 2) + (n == EOS ? 0.15 : 0);
                    sum += w[n];
                }
                for (int n = 0; n < v; n++) {
                    t[i][p][n] = Math.log(w[n] / sum);
                }
            }
        }
        return t;
    }

    /** The best (sum of log-probabilities) finished sequence of at most maxLength tokens, by enumeration. */
    static double bruteForceBest(double[][] table, int maxLength) {
        double[] best = {Double.NEGATIVE_INFINITY};
        enumerate(table, BOS, 0, 0.0, maxLength, best);
        return best[0];
    }

    private static void enumerate(double[][] table, int previous, int length, double logp, int maxLength,
                                  double[] best) {
        if (length == maxLength) {
            return;
        }
        for (int v = 0; v < table[previous].length; v++) {
            double lp = logp + table[previous][v];
            if (lp == Double.NEGATIVE_INFINITY || lp <= best[0]) {
                continue;                           // log-probabilities only fall: prune
            }
            if (v == EOS) {
                best[0] = lp;
            } else {
                enumerate(table, v, length + 1, lp, maxLength, best);
            }
        }
    }

    /** A table where greedy is beaten: BOS -> 2 (0.6) then 2 -> anything evenly; BOS -> 3 (0.4) then 3 -> EOS (0.99). */
    static double[][][] greedyTrap() {
        double ln = Math.log(1e-12);
        double[][] t = new double[4][4];
        for (double[] row : t) {
            Arrays.fill(row, ln);
        }
        t[BOS][2] = Math.log(0.6);
        t[BOS][3] = Math.log(0.4);
        t[2][EOS] = Math.log(0.34);
        t[2][2] = Math.log(0.33);
        t[2][3] = Math.log(0.33);
        t[3][EOS] = Math.log(0.99);
        t[3][2] = Math.log(0.01);
        return new double[][][]{t};
    }

    @Test
    void beamFindsWhatGreedyMisses() {
        Markov m = new Markov(greedyTrap());
        Decoder d = new Decoder(BOS, EOS, 6);
        Hypothesis greedy = d.greedy(m, m.start(1), 1).get(0);
        assertArrayEquals(new int[]{2, EOS}, greedy.tokens());
        assertEquals(Math.log(0.6 * 0.34), greedy.logProbability(), 1e-12);
        Hypothesis beam = d.beam(m, m.start(1), 1, 2, 1, 0.0).get(0).get(0);
        assertArrayEquals(new int[]{3, EOS}, beam.tokens());
        assertEquals(Math.log(0.4 * 0.99), beam.logProbability(), 1e-12);
        assertTrue(beam.finished());
    }

    @Test
    void beamOfWidthOneIsGreedyExactly() {
        Random random = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            Markov m = new Markov(randomTable(random, 4, 6));
            Decoder d = new Decoder(BOS, EOS, 8);
            List<Hypothesis> greedy = d.greedy(m, m.start(4), 4);
            List<List<Hypothesis>> beam = d.beam(m, m.start(4), 4, 1, 1, 0.0);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(greedy.get(i).tokens(), beam.get(i).get(0).tokens(), "trial " + trial);
                assertEquals(greedy.get(i).logProbability(), beam.get(i).get(0).logProbability());
            }
        }
    }

    @Test
    void beamOfFiveNeverScoresBelowGreedyAndFindsTheExactBestOnSmallTables() {
        Random random = new Random(11);
        int found = 0;
        for (int trial = 0; trial < 100; trial++) {
            double[][][] table = randomTable(random, 1, 5);
            Markov m = new Markov(table);
            Decoder d = new Decoder(BOS, EOS, 6);
            Hypothesis greedy = d.greedy(m, m.start(1), 1).get(0);
            Hypothesis beam = d.beam(m, m.start(1), 1, 5, 1, 0.0).get(0).get(0);
            assertTrue(Decoder.BEST_FIRST.compare(beam, greedy) <= 0, "trial " + trial + ": " + beam + " vs " + greedy);
            double exact = bruteForceBest(table[0], 6);
            assertTrue(beam.finished(), "trial " + trial + ": " + beam);
            assertTrue(beam.logProbability() <= exact + 1e-12, "trial " + trial + ": " + beam + " above the exact best "
                    + exact);
            found += Math.abs(beam.logProbability() - exact) < 1e-12 ? 1 : 0;
        }
        assertTrue(found >= 95, "beam 5 found the exact best finished output in " + found + " of 100 tables");
    }

    @Test
    void nBestListsAreSortedUniqueAndAtMostN() {
        Random random = new Random(5);
        Markov m = new Markov(randomTable(random, 3, 6));
        Decoder d = new Decoder(BOS, EOS, 7);
        for (List<Hypothesis> nbest : d.beam(m, m.start(3), 3, 6, 4, 0.0)) {
            assertTrue(nbest.size() <= 4 && !nbest.isEmpty());
            for (int k = 1; k < nbest.size(); k++) {
                assertTrue(Decoder.BEST_FIRST.compare(nbest.get(k - 1), nbest.get(k)) <= 0);
                assertTrue(!Arrays.equals(nbest.get(k - 1).tokens(), nbest.get(k).tokens()));
            }
        }
    }

    @Test
    void lengthNormalisationPrefersTheLongerOutputWhenItPaysPerToken() {
        // BOS -> EOS with 0.3 (1 token); BOS -> 2 (0.7) -> 2 (0.9) -> EOS (0.4): 3 tokens, total 0.252
        double ln = Math.log(1e-12);
        double[][] t = new double[3][3];
        for (double[] row : t) {
            Arrays.fill(row, ln);
        }
        t[BOS][EOS] = Math.log(0.3);
        t[BOS][2] = Math.log(0.7);
        t[2][2] = Math.log(0.6);
        t[2][EOS] = Math.log(0.4);
        Markov m = new Markov(new double[][][]{t});
        Decoder d = new Decoder(BOS, EOS, 4);
        assertArrayEquals(new int[]{EOS}, d.beam(m, m.start(1), 1, 3, 1, 0.0).get(0).get(0).tokens());
        assertArrayEquals(new int[]{2, EOS}, d.beam(m, m.start(1), 1, 3, 1, 1.0).get(0).get(0).tokens());
        assertEquals(Math.pow(7.0 / 6.0, 0.6), Decoder.lengthPenalty(2, 0.6), 1e-12);
    }

    @Test
    void batchingGivesWhatEachInputGivesAlone() {
        Random random = new Random(8);
        double[][][] table = randomTable(random, 5, 6);
        Markov all = new Markov(table);
        Decoder d = new Decoder(BOS, EOS, 9);
        List<List<Hypothesis>> together = d.beam(all, all.start(5), 5, 4, 3, 0.5);
        List<Hypothesis> sampled = d.sample(all, all.start(5), 5, 1.0, 0, 42);
        for (int i = 0; i < 5; i++) {
            Markov one = new Markov(new double[][][]{table[i]});
            assertEquals(together.get(i), d.beam(one, one.start(1), 1, 4, 3, 0.5).get(0), "input " + i);
            Hypothesis alone = d.sample(one, one.start(1), 1, 1.0, 0, 42).get(0);
            assertEquals(i == 0 ? alone : sampled.get(i), sampled.get(i));
        }
        assertEquals(sampled, d.sample(all, all.start(5), 5, 1.0, 0, 42), "the same seed gives the same samples");
    }

    @Test
    void samplingFollowsTheModelsDistribution() {
        double[][] t = new double[4][4];
        double[] p = {0.0, 0.5, 0.3, 0.2};
        for (double[] row : t) {
            for (int v = 0; v < 4; v++) {
                row[v] = Math.log(p[v]);
            }
        }
        Markov m = new Markov(new double[][][]{t});
        Decoder d = new Decoder(BOS, EOS, 1);
        int n = 20_000;
        int[] counts = new int[4];
        for (int s = 0; s < n; s++) {
            counts[d.sample(m, m.start(1), 1, 1.0, 0, s).get(0).tokens()[0]]++;
        }
        for (int v = 1; v < 4; v++) {
            assertEquals(p[v], counts[v] / (double) n, 0.015, "token " + v);
        }
        int[] topOne = new int[4];
        for (int s = 0; s < 200; s++) {
            topOne[d.sample(m, m.start(1), 1, 1.0, 1, s).get(0).tokens()[0]]++;
        }
        assertEquals(200, topOne[EOS], "top-k 1 always takes the most probable token");
    }

    @Test
    void anOutputOfLengthTCostsTSteps() {
        // a model that emits token 2 until step 9, then EOS: 10 tokens, 10 calls
        StepModel<int[][]> counting = new Markov(new double[][][]{{{0}}}) {
            @Override
            public int vocabularySize() {
                return 3;
            }

            @Override
            public Step<int[][]> step(int[][] state, int[] previous) {
                steps++;
                double[][] lp = new double[previous.length][];
                int[][] next = new int[previous.length][];
                for (int r = 0; r < previous.length; r++) {
                    boolean end = state[r][1] == 9;
                    lp[r] = new double[]{Double.NEGATIVE_INFINITY, end ? 0 : -30, end ? -30 : 0};
                    next[r] = new int[]{state[r][0], state[r][1] + 1};
                }
                return new Step<>(lp, next);
            }
        };
        Markov m = (Markov) counting;
        Decoder d = new Decoder(BOS, EOS, 50);
        Hypothesis h = d.greedy(m, m.start(3), 3).get(0);
        assertEquals(10, h.length());
        assertEquals(10, m.steps, "one step call per output token for the whole batch");
        m.steps = 0;
        d.beam(m, m.start(3), 3, 3, 1, 0.0);
        assertEquals(20, m.steps, "beam: 10 steps, plus the greedy candidate's 10");
    }

    @Test
    void outputsCutAtTheMaximumLengthAreMarkedUnfinished() {
        double[][] t = new double[3][3];
        for (double[] row : t) {
            row[0] = Double.NEGATIVE_INFINITY;
            row[1] = Math.log(0.1);
            row[2] = Math.log(0.9);
        }
        Markov m = new Markov(new double[][][]{t});
        Hypothesis h = new Decoder(BOS, EOS, 3).greedy(m, m.start(1), 1).get(0);
        assertArrayEquals(new int[]{2, 2, 2}, h.tokens());
        assertTrue(!h.finished());
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        Markov m = new Markov(greedyTrap());
        Decoder d = new Decoder(BOS, EOS, 5);
        assertEquals("beam width must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> d.beam(m, m.start(1), 1, 0, 1, 0)).getMessage());
        assertEquals("nbest must be in [1, beam width 2], got 3", assertThrows(IllegalArgumentException.class,
                () -> d.beam(m, m.start(1), 1, 2, 3, 0)).getMessage());
        assertEquals("temperature must be a finite number > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> d.sample(m, m.start(1), 1, 0, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Decoder(BOS, EOS, 0));
        StepModel<int[][]> wrongWidth = new Markov(greedyTrap()) {
            @Override
            public int vocabularySize() {
                return 7;
            }
        };
        var e = assertThrows(IllegalStateException.class, () -> d.greedy(wrongWidth, m.start(1), 1));
        assertEquals("the step model returned 4 log-probabilities in row 0 for a vocabulary of 7", e.getMessage());
    }
}
