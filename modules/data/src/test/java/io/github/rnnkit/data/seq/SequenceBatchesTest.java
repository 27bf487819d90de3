package io.github.rnnkit.data.seq;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceBatchesTest {
    private static SequenceBatches.Example seq(int label, int... ids) {
        return SequenceBatches.Example.of(ids, label);
    }

    @Test
    void aManyToOneBatchIsPaddedOnTheRightAndMasked() {
        List<SequenceBatches.Example> ex = List.of(seq(1, 5, 6), seq(0, 7, 8, 9, 10, 11), seq(1, 12, 13, 14));
        SequenceBatches b = SequenceBatches.builder(ex, SequenceBatches.Labels.PER_SEQUENCE, 2).batchSize(3)
                .padId(0).bucketPool(1).build();
        MultiDataSet d = b.batch(new int[]{0, 1, 2});
        INDArray x = d.getFeatures(0);
        assertArrayEquals(new long[]{3, 1, 5}, x.shape());
        assertArrayEquals(new float[]{5, 6, 0, 0, 0}, x.slice(0).toFloatVector());
        assertArrayEquals(new float[]{7, 8, 9, 10, 11}, x.slice(1).toFloatVector());
        assertArrayEquals(new float[]{1, 1, 0, 0, 0}, d.getFeaturesMaskArray(0).getRow(0).toFloatVector());
        assertArrayEquals(new float[]{1, 1, 1, 0, 0}, d.getFeaturesMaskArray(0).getRow(2).toFloatVector());
        assertArrayEquals(new float[]{0, 1}, d.getLabels(0).getRow(0).toFloatVector());
        assertArrayEquals(new float[]{1, 0}, d.getLabels(0).getRow(1).toFloatVector());
        assertNull(d.getLabelsMaskArrays(), "one label per sequence needs no labels mask");
    }

    @Test
    void aManyToManyBatchHasOneHotLabelsPerStepMaskedLikeTheFeatures() {
        List<SequenceBatches.Example> ex = List.of(new SequenceBatches.Example(new int[]{4, 5}, new int[]{2, 0}),
                new SequenceBatches.Example(new int[]{6, 7, 8}, new int[]{1, 1, 2}));
        MultiDataSet d = SequenceBatches.builder(ex, SequenceBatches.Labels.PER_STEP, 3).bucketPool(1).build()
                .batch(new int[]{0, 1});
        INDArray y = d.getLabels(0);
        assertArrayEquals(new long[]{2, 3, 3}, y.shape());
        assertEquals(1.0, y.getDouble(0, 2, 0));
        assertEquals(1.0, y.getDouble(0, 0, 1));
        assertEquals(5.0, y.sumNumber().doubleValue(), 0.0, "one 1 per real step, none at padding");
        assertEquals(d.getFeaturesMaskArray(0), d.getLabelsMaskArray(0));
    }

    @Test
    void everyExampleAppearsOncePerEpochAndAnEpochIsReproducible() {
        List<SequenceBatches.Example> ex = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < 103; i++) {
            int[] ids = new int[1 + r.nextInt(30)];
            Arrays.fill(ids, i);                              // the id names the example
            ex.add(seq(i % 2, ids));
        }
        SequenceBatches b = SequenceBatches.builder(ex, SequenceBatches.Labels.PER_SEQUENCE, 2).batchSize(10)
                .bucketPool(3).seed(7).build();
        assertEquals(11, b.batchesPerEpoch());
        List<String> first = epochOrder(b, 0);
        assertEquals(first, epochOrder(b, 0), "the same epoch gives the same batches");
        assertNotEquals(first, epochOrder(b, 1), "another epoch is shuffled differently");
        assertEquals(103, first.stream().mapToInt(s -> s.split(",").length).sum());
        assertEquals(103, first.stream().flatMap(s -> Arrays.stream(s.split(","))).distinct().count());
    }

    private static List<String> epochOrder(SequenceBatches b, int epoch) {
        List<String> out = new ArrayList<>();
        Iterator<MultiDataSet> it = b.epoch(epoch);
        while (it.hasNext()) {
            INDArray x = it.next().getFeatures(0);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < x.size(0); i++) {
                s.append(i == 0 ? "" : ",").append((int) x.getDouble(i, 0, 0));
            }
            out.add(s.toString());
        }
        return out;
    }

    @Test
    void anEpochLeftPartWayDoesNotLeaveItsProducerBehind() throws InterruptedException {
        List<SequenceBatches.Example> ex = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ex.add(seq(0, 1, 2, 3));
        }
        SequenceBatches b = SequenceBatches.builder(ex, SequenceBatches.Labels.PER_SEQUENCE, 2).batchSize(4).build();
        Iterator<MultiDataSet> it = b.epoch(3);
        it.next();                                       // take one batch of 50, then walk away
        it = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (producerAlive("rnnkit-batches-epoch-3") && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        assertFalse(producerAlive("rnnkit-batches-epoch-3"), "the producer of an abandoned epoch still runs");
    }

    private static boolean producerAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void bucketingCutsPadding() {
        List<SequenceBatches.Example> ex = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            ex.add(seq(0, new int[1 + r.nextInt(200)]));
        }
        double plain = padding(SequenceBatches.builder(ex, SequenceBatches.Labels.PER_SEQUENCE, 2).bucketPool(1).build());
        double bucketed = padding(SequenceBatches.builder(ex, SequenceBatches.Labels.PER_SEQUENCE, 2).bucketPool(20)
                .build());
        assertTrue(plain > 0.4, "random lengths in batches of 32 pad a lot: " + plain);
        assertTrue(bucketed < 0.1, "sorted pools pad little: " + bucketed);
    }

    private static double padding(SequenceBatches b) {
        double pad = 0;
        double all = 0;
        for (Iterator<MultiDataSet> it = b.epoch(0); it.hasNext(); ) {
            INDArray mask = it.next().getFeaturesMaskArray(0);
            all += mask.length();
            pad += mask.length() - mask.sumNumber().doubleValue();
        }
        return pad / all;
    }

    @Test
    void longSequencesAreCutAndCounted() {
        SequenceBatches b = SequenceBatches.builder(List.of(seq(0, 1, 2), seq(1, 1, 2, 3, 4, 5, 6)),
                SequenceBatches.Labels.PER_SEQUENCE, 2).maxLength(4).bucketPool(1).build();
        assertEquals(1, b.truncated());
        assertEquals(4, b.batch(new int[]{0, 1}).getFeatures(0).size(2));
    }

    @Test
    void badExamplesAreRefusedNamingTheExample() {
        assertEquals("example 1 has no tokens; every sequence needs at least one",
                assertThrows(IllegalArgumentException.class, () -> SequenceBatches.builder(List.of(seq(0, 1), seq(0)),
                        SequenceBatches.Labels.PER_SEQUENCE, 2).build()).getMessage());
        assertEquals("example 0 has label 2; labels must be in [0, 2)",
                assertThrows(IllegalArgumentException.class, () -> SequenceBatches.builder(List.of(seq(2, 1)),
                        SequenceBatches.Labels.PER_SEQUENCE, 2).build()).getMessage());
        assertEquals("example 0 has 1 labels for 2 tokens; PER_STEP needs 2",
                assertThrows(IllegalArgumentException.class, () -> SequenceBatches.builder(List.of(seq(0, 1, 2)),
                        SequenceBatches.Labels.PER_STEP, 2).build()).getMessage());
        assertEquals("example 0 has token id -1 at position 1; ids must be in [0, 16777216] (batches hold them as exact float32 values)",
                assertThrows(IllegalArgumentException.class, () -> SequenceBatches.builder(List.of(seq(0, 3, -1)),
                        SequenceBatches.Labels.PER_SEQUENCE, 2).build()).getMessage());
        List<SequenceBatches.Example> withNull = new ArrayList<>(List.of(seq(0, 1)));
        withNull.add(null);
        assertEquals("example 1 is null", assertThrows(IllegalArgumentException.class,
                () -> SequenceBatches.builder(withNull, SequenceBatches.Labels.PER_SEQUENCE, 2).build()).getMessage());
        assertEquals("batchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> SequenceBatches.builder(List.of(seq(0, 1)), SequenceBatches.Labels.PER_SEQUENCE, 2).batchSize(0)
                        .build()).getMessage());
    }

    @Test
    void severalIdsPerStepAndIndexLabelsForATagger() {
        // two steps of (word, char, char) and one step; labels as class indices
        var a = new SequenceBatches.Example(new int[]{5, 1, 2, 6, 3, 0}, new int[]{2, 0});
        var b = new SequenceBatches.Example(new int[]{7, 4, 4}, new int[]{1});
        SequenceBatches batches = SequenceBatches.builder(List.of(a, b), SequenceBatches.Labels.PER_STEP_INDEX, 3)
                .idsPerStep(3).bucketPool(1).batchSize(2).build();
        MultiDataSet m = batches.batch(new int[]{0, 1});
        INDArray x = m.getFeatures(0);
        assertArrayEquals(new long[]{2, 3, 2}, x.shape());
        assertEquals(6, x.getInt(0, 0, 1));
        assertEquals(3, x.getInt(0, 1, 1));
        assertEquals(7, x.getInt(1, 0, 0));
        assertEquals(4, x.getInt(1, 2, 0));
        assertEquals(0, x.getInt(1, 0, 1), "padding");
        INDArray y = m.getLabels(0);
        assertArrayEquals(new long[]{2, 1, 2}, y.shape());
        assertEquals(2, y.getInt(0, 0, 0));
        assertEquals(1, y.getInt(1, 0, 0));
        assertEquals(0.0, m.getLabelsMaskArray(0).getDouble(1, 1));
        assertEquals(m.getFeaturesMaskArray(0), m.getLabelsMaskArray(0));
        assertEquals("example 0 has 5 ids, not a multiple of the 3 ids per step", assertThrows(
                IllegalArgumentException.class, () -> SequenceBatches.builder(List.of(new SequenceBatches.Example(
                        new int[]{1, 2, 3, 4, 5}, new int[]{0, 1})), SequenceBatches.Labels.PER_STEP_INDEX, 3)
                        .idsPerStep(3).build()).getMessage());
    }
}
