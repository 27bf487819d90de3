package io.github.rnnkit.core.decode;

import io.github.rnnkit.core.Checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Step-wise decoding of a {@link StepModel}, batched over many inputs: greedy, sampling and beam search. Every
 * strategy carries the model's state from step to step, so an output of T tokens costs T calls of
 * {@link StepModel#step} (each over the rows still decoding), never a re-run of the whole prefix.
 *
 * <pre>{@code
 * Decoder decoder = new Decoder(bosId, eosId, 40);
 * List<Hypothesis> best = decoder.greedy(model, model.start(sources), sources.size());
 * List<List<Hypothesis>> nBest = decoder.beam(model, model.start(sources), sources.size(), 5, 5, 0.6);
 * }</pre>
 *
 * <p>Beam search keeps, per input, the {@code width} prefixes of highest total log-probability; a candidate
 * ending in EOS leaves the beam as a finished output (the beam then shrinks), and the search of an input ends
 * when no prefix is left or after {@code maxLength} tokens (the prefixes left are returned as cut outputs).
 * Outputs are ranked finished first (an output cut at {@code maxLength} only wins when nothing finished), then
 * by score = log-probability / lp(length), with GNMT's length penalty lp(n) = ((5 + n) / 6)^alpha (Wu et al.
 * 2016; alpha 0: the raw log-probability). An input's search also ends once its best finished output scores at
 * least what its best live prefix could still reach. The greedy output is always among the candidates, so the
 * best beam output never ranks below the greedy one.
 */
public final class Decoder {
    private final int bos;
    private final int eos;
    private final int maxLength;

    /**
     * @param bos       the token fed at the first step
     * @param eos       the token that ends an output
     * @param maxLength most tokens an output may have (EOS included), at least 1
     */
    public Decoder(int bos, int eos, int maxLength) {
        if (bos < 0 || eos < 0) {
            throw new IllegalArgumentException("bos and eos must be token ids >= 0, got " + bos + " and " + eos);
        }
        this.bos = bos;
        this.eos = eos;
        this.maxLength = Checks.positive(maxLength, "maxLength");
    }

    /** GNMT's length penalty ((5 + length) / 6)^alpha. */
    public static double lengthPenalty(int length, double alpha) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    /** The most probable token at each step (ties: the lowest id), one output per input. */
    public <S> List<Hypothesis> greedy(StepModel<S> model, S initial, int inputs) {
        return oneRowEach(model, initial, inputs, (input, logp) -> argmax(logp));
    }

    /**
     * Each token drawn from the model's distribution at {@code temperature}, optionally restricted to the
     * {@code topK} most probable tokens; input i draws from its own generator seeded from {@code seed} and i,
     * so an input's sample does not depend on the other inputs of the batch.
     *
     * @param temperature above 0; below 1 sharpens the distribution, above 1 flattens it
     * @param topK        0 for all tokens, else at least 1
     */
    public <S> List<Hypothesis> sample(StepModel<S> model, S initial, int inputs, double temperature, int topK,
                                       long seed) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        Checks.nonNegative(topK, "topK");
        Random[] random = new Random[inputs];
        for (int i = 0; i < inputs; i++) {
            random[i] = new Random(seed * 1_000_003L + i);
        }
        return oneRowEach(model, initial, inputs, (input, logp) -> draw(logp, temperature, topK, random[input]));
    }

    private interface Chooser {
        int choose(int input, double[] logProbabilities);
    }

    private <S> List<Hypothesis> oneRowEach(StepModel<S> model, S initial, int inputs, Chooser chooser) {
        Checks.notNull(model, "model");
        Checks.positive(inputs, "inputs");
        int[] live = new int[inputs];                  // the input of each row
        int[] previous = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            live[i] = i;
            previous[i] = bos;
        }
        List<List<Integer>> tokens = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            tokens.add(new ArrayList<>());
        }
        double[] logp = new double[inputs];
        boolean[] finished = new boolean[inputs];
        S state = initial;
        for (int t = 0; t < maxLength && live.length > 0; t++) {
            StepModel.Step<S> step = model.step(state, previous);
            double[][] lp = check(step, live.length, model.vocabularySize());
            int[] keep = new int[live.length];
            int kept = 0;
            for (int r = 0; r < live.length; r++) {
                int input = live[r];
                int token = chooser.choose(input, lp[r]);
                tokens.get(input).add(token);
                logp[input] += lp[r][token];
                if (token == eos) {
                    finished[input] = true;
                } else {
                    keep[kept++] = r;
                }
            }
            int[] nextLive = new int[kept];
            int[] nextPrevious = new int[kept];
            for (int k = 0; k < kept; k++) {
                nextLive[k] = live[keep[k]];
                List<Integer> out = tokens.get(nextLive[k]);
                nextPrevious[k] = out.get(out.size() - 1);
            }
            state = kept == live.length ? step.state() : model.select(step.state(), Arrays.copyOf(keep, kept));
            live = nextLive;
            previous = nextPrevious;
        }
        List<Hypothesis> out = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            int[] t = tokens.get(i).stream().mapToInt(Integer::intValue).toArray();
            out.add(new Hypothesis(t, logp[i], logp[i], finished[i]));
        }
        return out;
    }

    /** One prefix in a beam. */
    private record Prefix(int[] tokens, double logProbability, int row) {
    }

    /** A candidate extension: prefix p of the input's beam followed by token v. */
    private record Candidate(int prefix, int token, double logProbability) {
    }

    /**
     * Beam search, batched over inputs.
     *
     * @param width beam width K, at least 1 (1 gives the greedy output)
     * @param nbest outputs returned per input, in [1, width], best first, no two alike
     * @param alpha length-normalisation exponent, >= 0 (0: rank by log-probability)
     * @return per input, up to {@code nbest} outputs, best score first
     */
    public <S> List<List<Hypothesis>> beam(StepModel<S> model, S initial, int inputs, int width, int nbest,
                                           double alpha) {
        Checks.notNull(model, "model");
        Checks.positive(inputs, "inputs");
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be >= 1, got " + width);
        }
        if (nbest < 1 || nbest > width) {
            throw new IllegalArgumentException("nbest must be in [1, beam width " + width + "], got " + nbest);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
        List<List<Prefix>> beams = new ArrayList<>();
        List<List<Hypothesis>> done = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            beams.add(List.of(new Prefix(new int[0], 0.0, i)));
            done.add(new ArrayList<>());
        }
        S state = initial;
        int vocabulary = model.vocabularySize();
        for (int t = 0; t < maxLength; t++) {
            List<Integer> rows = new ArrayList<>();
            List<Integer> previous = new ArrayList<>();
            for (List<Prefix> beam : beams) {
                for (Prefix p : beam) {
                    rows.add(p.row());
                    previous.add(p.tokens().length == 0 ? bos : p.tokens()[p.tokens().length - 1]);
                }
            }
            if (rows.isEmpty()) {
                break;
            }
            S current = model.select(state, rows.stream().mapToInt(Integer::intValue).toArray());
            StepModel.Step<S> step = model.step(current, previous.stream().mapToInt(Integer::intValue).toArray());
            double[][] lp = check(step, rows.size(), vocabulary);
            int at = 0;                                          // the step's row of the input's first prefix
            for (int i = 0; i < inputs; i++) {
                List<Prefix> beam = beams.get(i);
                List<Candidate> best = topCandidates(beam, lp, at, width);
                List<Prefix> next = new ArrayList<>(width);
                for (Candidate c : best) {
                    Prefix p = beam.get(c.prefix());
                    int[] tokens = Arrays.copyOf(p.tokens(), p.tokens().length + 1);
                    tokens[tokens.length - 1] = c.token();
                    if (c.token() == eos) {
                        done.get(i).add(new Hypothesis(tokens, c.logProbability(),
                                c.logProbability() / lengthPenalty(tokens.length, alpha), true));
                    } else {
                        next.add(new Prefix(tokens, c.logProbability(), at + c.prefix()));
                    }
                }
                at += beam.size();
                if (!next.isEmpty() && settled(done.get(i), next, alpha)) {
                    next = List.of();                            // no live prefix can beat a finished output
                }
                beams.set(i, next);
            }
            state = step.state();
        }
        List<Hypothesis> greedy = greedy(model, initial, inputs);
        List<List<Hypothesis>> out = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            List<Hypothesis> all = new ArrayList<>(done.get(i));
            for (Prefix p : beams.get(i)) {                       // cut at maxLength
                all.add(new Hypothesis(p.tokens(), p.logProbability(),
                        p.logProbability() / lengthPenalty(p.tokens().length, alpha), false));
            }
            Hypothesis g = greedy.get(i);
            all.add(new Hypothesis(g.tokens(), g.logProbability(), g.logProbability() / lengthPenalty(g.length(), alpha),
                    g.finished()));
            all.sort(BEST_FIRST);
            List<Hypothesis> unique = new ArrayList<>(nbest);
            Set<String> seen = new HashSet<>();
            for (Hypothesis h : all) {
                if (unique.size() < nbest && seen.add(Arrays.toString(h.tokens()))) {
                    unique.add(h);
                }
            }
            out.add(unique);
        }
        return out;
    }

    /**
     * Whether the best finished output already scores at least what any live prefix could reach: its
     * log-probability only falls as it grows, and the length penalty is at most lp(maxLength).
     */
    private boolean settled(List<Hypothesis> finished, List<Prefix> live, double alpha) {
        double bestFinished = Double.NEGATIVE_INFINITY;
        for (Hypothesis h : finished) {
            bestFinished = Math.max(bestFinished, h.score());
        }
        double bestLive = Double.NEGATIVE_INFINITY;
        for (Prefix p : live) {
            bestLive = Math.max(bestLive, p.logProbability());
        }
        double bound = alpha == 0 ? bestLive : bestLive / lengthPenalty(maxLength, alpha);
        return bestFinished >= bound;
    }

    /** Finished outputs before cut ones, then by score, then by log-probability, best first. */
    public static final Comparator<Hypothesis> BEST_FIRST = Comparator.comparing(Hypothesis::finished).reversed()
            .thenComparing(Comparator.comparingDouble(Hypothesis::score).reversed())
            .thenComparing(Comparator.comparingDouble(Hypothesis::logProbability).reversed());

    /**
     * The {@code width} best one-token extensions of a beam's prefixes by total log-probability (ties: the
     * earlier prefix, then the lower token), best first.
     */
    private static List<Candidate> topCandidates(List<Prefix> beam, double[][] lp, int firstRow, int width) {
        List<Candidate> all = new ArrayList<>();
        for (int p = 0; p < beam.size(); p++) {
            double base = beam.get(p).logProbability();
            double[] row = lp[firstRow + p];
            for (int v = 0; v < row.length; v++) {
                if (row[v] != Double.NEGATIVE_INFINITY) {
                    all.add(new Candidate(p, v, base + row[v]));
                }
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::logProbability).reversed()
                .thenComparingInt(Candidate::prefix).thenComparingInt(Candidate::token));
        return all.subList(0, Math.min(width, all.size()));
    }

    private static double[][] check(StepModel.Step<?> step, int rows, int vocabulary) {
        double[][] lp = step.logProbabilities();
        if (lp == null || lp.length != rows) {
            throw new IllegalStateException("the step model returned " + (lp == null ? "no" : lp.length)
                    + " rows of log-probabilities for " + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            if (lp[r].length != vocabulary) {
                throw new IllegalStateException("the step model returned " + lp[r].length + " log-probabilities in "
                        + "row " + r + " for a vocabulary of " + vocabulary);
            }
        }
        return lp;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int draw(double[] logp, double temperature, int topK, Random random) {
        int n = logp.length;
        double cutoff = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < n) {
            double[] sorted = logp.clone();
            Arrays.sort(sorted);
            cutoff = sorted[n - topK];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logp) {
            max = Math.max(max, v);
        }
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = logp[i] >= cutoff ? Math.exp((logp[i] - max) / temperature) : 0;
            sum += w[i];
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            u -= w[i];
            if (u < 0) {
                return i;
            }
        }
        return argmax(logp);
    }
}
