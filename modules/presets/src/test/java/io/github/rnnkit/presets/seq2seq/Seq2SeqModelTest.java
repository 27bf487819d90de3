package io.github.rnnkit.presets.seq2seq;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.seq2seq.G2pMetrics;
import io.github.rnnkit.data.seq2seq.Overlong;
import io.github.rnnkit.data.seq2seq.ParallelPair;
import io.github.rnnkit.data.seq2seq.Segmentation;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small model on the synthetic reverse-the-string task (the task itself is synthetic). */
class Seq2SeqModelTest {
    private static final String LETTERS = "abcdefgh";
    private static List<ParallelPair> train;
    private static Map<String, List<List<String>>> held;
    private static Seq2SeqModel model;
    private static double trainSeconds;

    static Seq2SeqConfig small(Attention attention) {
        return Seq2SeqConfig.defaults()
                .withEncoder(new RecurrentSpec(RecurrentCell.LSTM, 32, 1, BidirectionalMode.CONCAT, 0.0,
                        RecurrentImpl.RNNKIT))
                .withDecoder(new RecurrentSpec(RecurrentCell.LSTM, 48, 1, BidirectionalMode.NONE, 0.0,
                        RecurrentImpl.RNNKIT))
                .withEmbeddings(16, 16).withAttention(attention).withDropout(0.0)
                .withSegmentation(Segmentation.CHARACTERS, Segmentation.TOKENS).withMaxLengths(12, 12);
    }

    static List<ParallelPair> reversePairs(int n, long seed) {
        Random r = new Random(seed);
        List<ParallelPair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(5);
            List<String> s = new ArrayList<>();
            for (int j = 0; j < len; j++) {
                s.add(String.valueOf(LETTERS.charAt(r.nextInt(LETTERS.length()))));
            }
            List<String> t = new ArrayList<>(s);
            java.util.Collections.reverse(t);
            out.add(new ParallelPair(s, t, "synthetic:" + (i + 1)));
        }
        return out;
    }

    static Map<String, List<List<String>>> references(List<ParallelPair> pairs) {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        for (ParallelPair p : pairs) {
            out.putIfAbsent(String.join("", p.source()), List.of(p.target()));
        }
        return out;
    }

    @BeforeAll
    static void train() {
        train = reversePairs(2000, 1);
        held = references(reversePairs(200, 2));
        TrainingConfig training = TrainingConfig.defaults().withEpochs(6).withBatchSize(32).withLearningRate(5e-3)
                .withSeed(7);
        model = Seq2SeqModel.create(small(Attention.MULTIPLICATIVE), train, training);
        long t0 = System.nanoTime();
        model.fit(train, Map.of(), training, List.of(), null);
        trainSeconds = (System.nanoTime() - t0) / 1e9;
    }

    @Test
    void learnsToReverseStringsItNeverSaw() {
        G2pMetrics m = model.evaluate(held, DecodeOptions.greedy());
        // chance of an exact 3-7 symbol reversal is ~0; the baseline "copy the input" is right only on palindromes.
        // Training on two OpenBLAS threads is not bit-identical from run to run (issue 14): the held-out WER was
        // under 0.2 in most runs and 0.228 in one CI rehearsal, so the bar leaves room for that spread.
        assertTrue(m.wer() < 0.35, "held-out WER " + m.wer() + " after " + trainSeconds + " s of training");
        assertTrue(m.per() < 0.08, "held-out PER " + m.per());
    }

    @Test
    void stepwiseDecodingScoresEqualTheTeacherForcedGraph() {
        List<String> inputs = new ArrayList<>(held.keySet()).subList(0, 20);
        List<List<Translation>> out = model.translate(inputs, DecodeOptions.greedy());
        List<ParallelPair> pairs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            assertTrue(out.get(i).get(0).finished());
            pairs.add(new ParallelPair(Segmentation.CHARACTERS.split(inputs.get(i)), out.get(i).get(0).symbols(),
                    "input " + i));
        }
        double[] forced = model.logProbability(pairs);
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(forced[i], out.get(i).get(0).logProbability(), 1e-3, "input " + inputs.get(i));
        }
    }

    @Test
    void beamOfWidthOneEqualsGreedy() {
        List<String> inputs = new ArrayList<>(held.keySet());
        List<List<Translation>> greedy = model.translate(inputs, DecodeOptions.greedy());
        List<List<Translation>> beam = model.translate(inputs, DecodeOptions.beam(1, 1).withLengthAlpha(0));
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(greedy.get(i).get(0).symbols(), beam.get(i).get(0).symbols(), inputs.get(i));
        }
    }

    @Test
    void beamOfFiveNeverScoresBelowGreedyAndGivesDistinctNBestLists() {
        Seq2SeqModel weak = weakModel();
        List<String> inputs = new ArrayList<>(held.keySet()).subList(0, 60);
        List<List<Translation>> greedy = weak.translate(inputs, DecodeOptions.greedy());
        List<List<Translation>> beam = weak.translate(inputs, DecodeOptions.beam(5, 5).withLengthAlpha(0));
        int better = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Translation g = greedy.get(i).get(0);
            List<Translation> b = beam.get(i);
            assertTrue(b.get(0).logProbability() >= g.logProbability() - 1e-9, inputs.get(i));
            better += b.get(0).logProbability() > g.logProbability() + 1e-6 ? 1 : 0;
            assertEquals(b.size(), b.stream().map(Translation::symbols).distinct().count());
            // every n-best output's log-probability is what the teacher-forced graph gives it: the beam's state
            // reordering (select) kept each hypothesis with its own decoder state
            for (Translation t : b) {
                if (t.finished()) {
                    double forced = weak.logProbability(List.of(new ParallelPair(
                            Segmentation.CHARACTERS.split(inputs.get(i)), t.symbols(), inputs.get(i))))[0];
                    assertEquals(forced, t.logProbability(), 1e-3, inputs.get(i) + " -> " + t.symbols());
                }
            }
            for (int k = 1; k < b.size(); k++) {
                assertTrue(b.get(k - 1).score() >= b.get(k).score() || !b.get(k).finished());
            }
        }
        assertTrue(better > 0, "on a half-trained model beam search finds a more probable output for some input");
    }

    private static Seq2SeqModel weakModel() {
        TrainingConfig training = TrainingConfig.defaults().withEpochs(1).withBatchSize(32).withLearningRate(5e-3)
                .withSeed(3);
        Seq2SeqModel m = Seq2SeqModel.create(small(Attention.MULTIPLICATIVE), train, training);
        m.fit(train.subList(0, 600), Map.of(), training, List.of(), null);
        return m;
    }

    @Test
    void attentionRowsSumToOneAndLookAtTheMirroredLetter() throws Exception {
        // a held-out input of 6 or 7 letters that the model reverses correctly (it gets most of them right)
        String word = null;
        for (String w : held.keySet()) {
            if (w.length() >= 6 && model.translate(List.of(w), DecodeOptions.greedy()).get(0).get(0).symbols()
                    .equals(held.get(w).get(0))) {
                word = w;
                break;
            }
        }
        assertTrue(word != null, "no long held-out input reversed correctly");
        int n = word.length();
        AttentionMap map = model.attention(word);
        assertEquals(Segmentation.CHARACTERS.split(word), map.source());
        List<String> expected = new ArrayList<>(held.get(word).get(0));
        expected.add("</s>");
        assertEquals(expected, map.output());
        int mirrored = 0;
        for (int i = 0; i < map.weights().length; i++) {
            double[] row = map.weights()[i];
            assertEquals(n, row.length);
            assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-5);
            int best = 0;
            for (int j = 1; j < row.length; j++) {
                best = row[j] > row[best] ? j : best;
            }
            mirrored += i < n && best == n - 1 - i ? 1 : 0;
        }
        assertTrue(mirrored >= n / 2, "the strongest weight sits on the letter being written for most steps: "
                + mirrored + " of " + n);
    }

    @Test
    void bundleRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rev.zip");
        model.save(file);
        Seq2SeqModel back = Seq2SeqModel.load(file);
        List<String> inputs = new ArrayList<>(held.keySet()).subList(0, 30);
        assertEquals(model.translate(inputs, DecodeOptions.beam(3, 3)), back.translate(inputs, DecodeOptions.beam(3, 3)));
        assertEquals(model.vocabularies(), back.vocabularies());
        assertEquals(model.config(), back.config());
    }

    @Test
    void samplingIsSeededAndRespectsTemperature() {
        List<String> inputs = List.of("abcd", "hgfe");
        List<List<Translation>> a = model.translate(inputs, DecodeOptions.sample(4, 1.0, 0, 11));
        List<List<Translation>> b = model.translate(inputs, DecodeOptions.sample(4, 1.0, 0, 11));
        assertEquals(a, b);
        assertEquals(4, a.get(0).size());
        // near-zero temperature: every sample is the greedy output
        List<List<Translation>> cold = model.translate(inputs, DecodeOptions.sample(3, 1e-4, 0, 5));
        List<List<Translation>> greedy = model.translate(inputs, DecodeOptions.greedy());
        for (int i = 0; i < inputs.size(); i++) {
            for (Translation t : cold.get(i)) {
                assertEquals(greedy.get(i).get(0).symbols(), t.symbols());
            }
        }
    }

    @Test
    void unseenSymbolsReadAsUnkAndAreCounted() {
        model.translate(List.of("abz", "zzq"), DecodeOptions.greedy());
        assertEquals(4, model.lastUnknownSymbols().occurrences(Seq2SeqVocabularies.Side.SOURCE));
        assertEquals(2, model.lastUnknownSymbols().sequences(Seq2SeqVocabularies.Side.SOURCE));
        model.translate(List.of("abc"), DecodeOptions.greedy());
        assertTrue(model.lastUnknownSymbols().isEmpty());
    }

    @Test
    void overlongInputsAreRefusedNamingTheLimitOrCutAndCounted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.translate(List.of("abc", "abcdefghabcdefgh"), DecodeOptions.greedy()));
        assertTrue(e.getMessage().contains("input 2") && e.getMessage().contains("maxSourceLength = 12"),
                e.getMessage());
        Seq2SeqModel cutting = rebuilt(model.config().withOverlong(Overlong.TRUNCATE));
        cutting.translate(List.of("abc", "abcdefghabcdefgh"), DecodeOptions.greedy());
        assertEquals(1, cutting.lastTruncatedInputs());
    }

    private static Seq2SeqModel rebuilt(Seq2SeqConfig config) {
        return Seq2SeqModel.create(config, train.subList(0, 50), TrainingConfig.defaults());
    }

    @Test
    void badDecodeOptionsAndInputsAreRefusedWithTheValue() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> DecodeOptions.beam(0, 1));
        assertTrue(w.getMessage().contains("beam width must be >= 1, got 0"), w.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DecodeOptions.beam(-3, 1));
        assertThrows(IllegalArgumentException.class, () -> DecodeOptions.beam(2, 3));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> model.translate(List.of("ab", ""), DecodeOptions.greedy()));
        assertTrue(empty.getMessage().contains("input 2 is empty"), empty.getMessage());
    }

    @Test
    void withoutAttentionTheModelStillTrainsAndRefusesAnAttentionMap() {
        TrainingConfig training = TrainingConfig.defaults().withEpochs(1).withBatchSize(32).withLearningRate(5e-3)
                .withSeed(7);
        Seq2SeqModel plain = Seq2SeqModel.create(small(Attention.NONE), train, training);
        double before = mean(plain.logProbability(train.subList(0, 100)));
        plain.fit(train.subList(0, 800), Map.of(), training, List.of(), null);
        double after = mean(plain.logProbability(train.subList(0, 100)));
        assertTrue(after > before + 1, "teacher-forced log-likelihood rises: " + before + " -> " + after);
        assertThrows(IllegalStateException.class, () -> plain.attention("abc"));
        assertFalse(plain.network().getVertices().length == 0);
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    @Test
    void aCorruptBundleIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.zip");
        Files.write(file, new byte[]{1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Seq2SeqModel.load(file));
        assertTrue(e.getMessage().contains("broken.zip"), e.getMessage());
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(file));
    }

    @Test
    void additiveAttentionLearnsAndItsStepwiseScoresEqualTheGraph() {
        TrainingConfig training = TrainingConfig.defaults().withEpochs(3).withBatchSize(32).withLearningRate(5e-3)
                .withSeed(7);
        Seq2SeqModel additive = Seq2SeqModel.create(small(Attention.ADDITIVE), train, training);
        additive.fit(train, Map.of(), training, List.of(), null);
        G2pMetrics m = additive.evaluate(held, DecodeOptions.greedy());
        assertTrue(m.per() < 0.2, "held-out PER " + m.per());
        for (String input : new ArrayList<>(held.keySet()).subList(0, 10)) {
            List<String> target = Segmentation.CHARACTERS.split(new StringBuilder(input).reverse().toString());
            double forced = additive.logProbability(List.of(new ParallelPair(Segmentation.CHARACTERS.split(input),
                    target, input)))[0];
            double stepwise = java.util.Arrays.stream(additive.stepLogProbabilities(input, target)).sum();
            assertEquals(forced, stepwise, 1e-3, input);
        }
        AttentionMap map = additive.attention("abcd");
        for (double[] row : map.weights()) {
            assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-5);
        }
    }

    @Test
    void theStepwiseDecoderAndTheRerunTheGraphDecoderChooseTheSameSymbols() {
        List<String> inputs = new ArrayList<>(held.keySet()).subList(0, 10);
        int[][] stepwise = model.greedyFixedLength(inputs, 12, false);
        int[][] rerun = model.greedyFixedLength(inputs, 12, true);
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(stepwise[i], rerun[i], inputs.get(i));
        }
        List<List<Translation>> greedy = model.translate(inputs, DecodeOptions.greedy());
        for (int i = 0; i < inputs.size(); i++) {       // up to EOS the fixed-length output is the greedy one
            List<String> symbols = greedy.get(i).get(0).symbols();
            for (int t = 0; t < symbols.size(); t++) {
                assertEquals(symbols.get(t), model.vocabularies().target().token(stepwise[i][t]));
            }
            assertEquals(model.vocabularies().eosId(), stepwise[i][symbols.size()]);
        }
    }
}
