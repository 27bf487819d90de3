package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.seq2seq.CmuDict.Stress;
import io.github.rnnkit.data.seq2seq.ParallelBatches.Bucketing;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.Side;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.SourceEnd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.github.rnnkit.data.seq2seq.Seq2SeqVocabulariesTest.pair;
import static io.github.rnnkit.data.seq2seq.Seq2SeqVocabulariesTest.toyPairs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelBatchesTest {
    /** An id array [B, 1, T] or a mask [B, T] as rows. */
    private static float[][] rows(INDArray a) {
        return a.reshape(a.size(0), a.size(a.rank() - 1)).toFloatMatrix();
    }

    private static int[] ints(float[] row) {
        return IntStream.range(0, row.length).map(i -> (int) row[i]).toArray();
    }

    @Test
    void aBatchHoldsTheSourceTheDecoderInputAndTheShiftedLabelsWithMasks() {
        // Ids by hand (see toyPairs): source a=2 b=3 c=4; target BOS=2 EOS=3 X=4 Y=5; PAD=0.
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE);
        ParallelBatches batches = ParallelBatches.builder(toyPairs(), v).build();
        MultiDataSet d = batches.batch(new int[]{0, 1});    // ab -> X Y X, abca -> Y
        assertEquals(2, d.numFeatureArrays());
        assertEquals(1, d.numLabelsArrays());

        INDArray source = d.getFeatures(ParallelBatches.SOURCE_INPUT);
        INDArray decoder = d.getFeatures(ParallelBatches.DECODER_INPUT);
        assertArrayEquals(new long[]{2, 1, 4}, source.shape());
        assertArrayEquals(new long[]{2, 1, 4}, decoder.shape(), "longest target 3, plus BOS");
        assertArrayEquals(new long[]{2, 1, 4}, d.getLabels(0).shape());
        assertArrayEquals(new long[]{2, 4}, d.getFeaturesMaskArray(ParallelBatches.SOURCE_INPUT).shape());

        assertArrayEquals(new float[][]{{2, 3, 0, 0}, {2, 3, 4, 2}}, rows(source));
        assertArrayEquals(new float[][]{{1, 1, 0, 0}, {1, 1, 1, 1}},
                rows(d.getFeaturesMaskArray(ParallelBatches.SOURCE_INPUT)));
        assertArrayEquals(new float[][]{{2, 4, 5, 4}, {2, 5, 0, 0}}, rows(decoder));
        assertArrayEquals(new float[][]{{1, 1, 1, 1}, {1, 1, 0, 0}},
                rows(d.getFeaturesMaskArray(ParallelBatches.DECODER_INPUT)));
        assertArrayEquals(new float[][]{{4, 5, 4, 3}, {5, 3, 0, 0}}, rows(d.getLabels(0)));
        assertEquals(d.getFeaturesMaskArray(ParallelBatches.DECODER_INPUT), d.getLabelsMaskArray(0));
    }

    @Test
    void theDecoderInputIsTheLabelsShiftedRightByOneBehindBos() {
        List<ParallelPair> pairs = randomPairs(40, new Random(3));
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(pairs, 1, SourceEnd.NONE);
        MultiDataSet d = ParallelBatches.builder(pairs, v).build().batch(IntStream.range(0, 40).toArray());
        float[][] in = rows(d.getFeatures(ParallelBatches.DECODER_INPUT));
        float[][] labels = rows(d.getLabels(0));
        float[][] mask = rows(d.getLabelsMaskArray(0));
        for (int r = 0; r < in.length; r++) {
            assertEquals(v.bosId(), in[r][0]);
            int steps = pairs.get(r).target().size() + 1;
            for (int t = 0; t < in[r].length; t++) {
                assertEquals(t < steps ? 1f : 0f, mask[r][t], "row " + r + " step " + t);
                if (t > 0 && t < steps) {
                    assertEquals(labels[r][t - 1], in[r][t], "row " + r + " step " + t);
                }
            }
            assertEquals(v.eosId(), labels[r][steps - 1], "row " + r + " ends with EOS");
            assertEquals(pairs.get(r).target(), v.decodeTarget(ints(labels[r])));
        }
    }

    @Test
    void withSourceEosEachSourceEndsWithEosBeforeItsPadding() {
        // Source a=3 b=4 c=5 behind PAD UNK EOS(2).
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.EOS);
        MultiDataSet d = ParallelBatches.builder(toyPairs(), v).build().batch(new int[]{0, 1});
        assertArrayEquals(new float[][]{{3, 4, 2, 0, 0}, {3, 4, 5, 3, 2}},
                rows(d.getFeatures(ParallelBatches.SOURCE_INPUT)));
        assertArrayEquals(new float[][]{{1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}},
                rows(d.getFeaturesMaskArray(ParallelBatches.SOURCE_INPUT)));
    }

    /** Letters a-f to X/Y/Z, the target one symbol longer or shorter than the source, as G2P pairs tend to be. */
    private static List<ParallelPair> randomPairs(int n, Random random) {
        List<ParallelPair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = 1 + random.nextInt(30);
            StringBuilder source = new StringBuilder();
            List<String> target = new ArrayList<>();
            for (int k = 0; k < length; k++) {
                source.append((char) ('a' + random.nextInt(6)));
            }
            int targetLength = Math.max(1, length + random.nextInt(3) - 1);
            for (int k = 0; k < targetLength; k++) {
                target.add(List.of("X", "Y", "Z").get(random.nextInt(3)));
            }
            out.add(new ParallelPair(Segmentation.CHARACTERS.split(source.toString()), target, "random:" + (i + 1)));
        }
        return out;
    }

    /** Padding steps of one epoch: {source, decoder}. */
    private static long[] padding(ParallelBatches batches) {
        long[] out = new long[2];
        for (Iterator<MultiDataSet> it = batches.epoch(0); it.hasNext(); ) {
            MultiDataSet d = it.next();
            for (int input = 0; input < 2; input++) {
                INDArray mask = d.getFeaturesMaskArray(input);
                out[input] += mask.length() - (long) mask.sumNumber().doubleValue();
            }
        }
        return out;
    }

    @Test
    void bucketingReducesPadding() {
        List<ParallelPair> pairs = randomPairs(240, new Random(5));
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(pairs, 1, SourceEnd.NONE);
        long[] none = padding(ParallelBatches.builder(pairs, v).batchSize(8).bucketing(Bucketing.NONE).build());
        long[] bySource = padding(ParallelBatches.builder(pairs, v).batchSize(8).bucketing(Bucketing.SOURCE_LENGTH)
                .build());
        long[] byLonger = padding(ParallelBatches.builder(pairs, v).batchSize(8).bucketing(Bucketing.LONGER_SIDE)
                .build());
        assertTrue(none[0] > 1000, "lengths 1..30 in batches of 8 pad a lot: " + none[0]);
        assertTrue(bySource[0] * 4 < none[0], "source padding " + bySource[0] + " vs " + none[0]);
        assertTrue((byLonger[0] + byLonger[1]) * 4 < none[0] + none[1],
                "all padding " + Arrays.toString(byLonger) + " vs " + Arrays.toString(none));
    }

    private static List<List<INDArray>> arrays(Iterator<MultiDataSet> epoch) {
        List<List<INDArray>> out = new ArrayList<>();
        epoch.forEachRemaining(d -> out.add(List.of(d.getFeatures(0), d.getFeatures(1), d.getLabels(0),
                d.getFeaturesMaskArray(0), d.getFeaturesMaskArray(1))));
        return out;
    }

    @Test
    void anEpochIsTheSameEveryTimeAndHoldsEveryPairOnce() {
        List<ParallelPair> pairs = randomPairs(100, new Random(7));
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(pairs, 1, SourceEnd.NONE);
        ParallelBatches first = ParallelBatches.builder(pairs, v).batchSize(8).bucketPool(4).seed(11).build();
        ParallelBatches resumed = ParallelBatches.builder(pairs, v).batchSize(8).bucketPool(4).seed(11).build();
        assertEquals(13, first.batchesPerEpoch());
        assertEquals(arrays(first.epoch(3)), arrays(resumed.epoch(3)), "a new instance, as after a restart");
        assertEquals(arrays(first.epoch(3)), arrays(first.epoch(3)));
        assertNotEquals(arrays(first.epoch(3)), arrays(first.epoch(4)));
        assertNotEquals(arrays(first.epoch(3)),
                arrays(ParallelBatches.builder(pairs, v).batchSize(8).bucketPool(4).seed(12).build().epoch(3)));

        List<int[]> plan = first.plan(3);
        assertEquals(13, plan.size());
        int[] all = plan.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all);
    }

    @Test
    void aTooLongSourceOrTargetIsRefusedNamingItsOriginLengthAndLimit() {
        List<ParallelPair> pairs = List.of(pair("ab", "X", "toy.tsv:6"), pair("abcabcabcabc", "X X X X X",
                "toy.tsv:7"));
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(pairs, 1, SourceEnd.NONE);
        IllegalArgumentException source = assertThrows(IllegalArgumentException.class,
                () -> ParallelBatches.builder(pairs, v).maxSourceLength(10).build());
        assertTrue(source.getMessage().startsWith("toy.tsv:7: 12 symbols, more than maxSourceLength = 10"),
                source.getMessage());
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                () -> ParallelBatches.builder(pairs, v).maxTargetLength(4).overlong(Overlong.REFUSE).build());
        assertTrue(target.getMessage().startsWith("toy.tsv:7: 5 symbols, more than maxTargetLength = 4"),
                target.getMessage());
        assertEquals(2, ParallelBatches.builder(pairs, v).maxSourceLength(12).maxTargetLength(5).build().size(),
                "a pair exactly at the limits is kept");
    }

    @Test
    void aTooLongSourceOrTargetIsCutWithTruncateAndCounted() {
        // With source EOS: a=3 b=4 c=5 (a and b 3 times each, a < b); target X=4 Y=5, BOS 2, EOS 3.
        List<ParallelPair> pairs = List.of(pair("abcab", "X Y X Y", "toy.tsv:1"), pair("ab", "X", "toy.tsv:2"));
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(pairs, 1, SourceEnd.EOS);
        ParallelBatches batches = ParallelBatches.builder(pairs, v).maxSourceLength(3).maxTargetLength(2)
                .overlong(Overlong.TRUNCATE).build();
        assertEquals(1, batches.truncatedSources());
        assertEquals(1, batches.truncatedTargets());
        MultiDataSet d = batches.batch(new int[]{0});
        assertArrayEquals(new float[][]{{3, 4, 5, 2}}, rows(d.getFeatures(ParallelBatches.SOURCE_INPUT)),
                "the first 3 letters, then EOS");
        assertArrayEquals(new float[][]{{2, 4, 5}}, rows(d.getFeatures(ParallelBatches.DECODER_INPUT)));
        assertArrayEquals(new float[][]{{4, 5, 3}}, rows(d.getLabels(0)), "the first 2 phonemes, then EOS");
    }

    @Test
    void symbolsUnseenInTrainingReadAsUnkAndAreCounted() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE);
        List<ParallelPair> dev = List.of(pair("abq", "X W", "dev.tsv:1"), pair("zz", "Y", "dev.tsv:2"),
                pair("ca", "Y X", "dev.tsv:3"));
        ParallelBatches batches = ParallelBatches.builder(dev, v).build();
        UnknownSymbols unknown = batches.unknownSymbols();
        assertEquals(3, unknown.occurrences(Side.SOURCE));
        assertEquals(2, unknown.sequences(Side.SOURCE));
        assertEquals(1, unknown.occurrences(Side.TARGET));
        MultiDataSet d = batches.batch(new int[]{0, 1});
        assertArrayEquals(new float[][]{{2, 3, 1}, {1, 1, 0}}, rows(d.getFeatures(ParallelBatches.SOURCE_INPUT)));
        assertArrayEquals(new float[][]{{4, 1, 3}, {5, 3, 0}}, rows(d.getLabels(0)));
        assertTrue(ParallelBatches.builder(toyPairs(), v).build().unknownSymbols().isEmpty(),
                "the training pairs themselves have no unknown symbol");
    }

    @Test
    void badSettingsAndMembersAreRefusedByName() {
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(toyPairs(), 1, SourceEnd.NONE);
        assertEquals("batchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> ParallelBatches.builder(toyPairs(), v).batchSize(0)).getMessage());
        assertEquals("maxTargetLength must be >= 1, got -1", assertThrows(IllegalArgumentException.class,
                () -> ParallelBatches.builder(toyPairs(), v).maxTargetLength(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParallelBatches.builder(List.of(), v).build());
        List<ParallelPair> withNull = new ArrayList<>(toyPairs());
        withNull.add(null);
        assertEquals("pairs element 2 is null", assertThrows(IllegalArgumentException.class,
                () -> ParallelBatches.builder(withNull, v).build()).getMessage());
        ParallelBatches batches = ParallelBatches.builder(toyPairs(), v).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> batches.batch(new int[]{0, 2})).getMessage()
                .contains("members holds 2; pair indices are in [0, 2)"));
        assertThrows(IllegalArgumentException.class, () -> batches.epoch(-1));
    }

    /** The pinned npm CMUdict (as CmuDictTest uses it), every pronunciation a pair, stress stripped. */
    @Test
    void realCmuDictPairsBecomeLettersToPhonemeBatches() {
        CmuDict dict = RealCmuDict.get(Stress.STRIP);
        List<ParallelPair> pairs = new ArrayList<>();
        dict.entries().forEach(e -> pairs.addAll(e.pairs()));
        Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(pairs, 1, SourceEnd.NONE);
        assertEquals(CmuDict.PHONEMES.size(), v.symbols(Side.TARGET), "the 39 phonemes, nothing else");
        assertEquals(43, v.target().size());

        ParallelBatches batches = ParallelBatches.builder(pairs, v).batchSize(64).maxSourceLength(40)
                .maxTargetLength(40).build();
        assertEquals(133_463, batches.size());
        assertEquals(2086, batches.batchesPerEpoch(), "ceil(133463 / 64)");
        assertEquals(0, batches.truncatedSources() + batches.truncatedTargets());
        assertTrue(batches.unknownSymbols().isEmpty());

        List<String> letters = List.of("R", "E", "A", "D");
        int[] read = IntStream.range(0, pairs.size()).filter(i -> pairs.get(i).source().equals(letters)).toArray();
        assertEquals(2, read.length, "READ has two pronunciations");
        MultiDataSet d = batches.batch(read);
        float[][] source = rows(d.getFeatures(ParallelBatches.SOURCE_INPUT));
        assertArrayEquals(source[0], source[1]);
        assertEquals(letters, Arrays.stream(ints(source[0])).mapToObj(v.source()::token).toList());
        float[][] labels = rows(d.getLabels(0));
        assertEquals(List.of("R", "EH", "D"), v.decodeTarget(ints(labels[0])));
        assertEquals(List.of("R", "IY", "D"), v.decodeTarget(ints(labels[1])));
        assertEquals(v.eosId(), labels[0][3]);
        assertEquals(v.bosId(), rows(d.getFeatures(ParallelBatches.DECODER_INPUT))[1][0]);
        assertSame(d.getLabelsMaskArray(0), d.getFeaturesMaskArray(ParallelBatches.DECODER_INPUT));
    }
}
