package io.github.rnnkit.data.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StratifiedSplitTest {
    /** {@code a} examples labelled "a", then {@code b} labelled "b", each with a distinct origin. */
    private static List<LabelledText> data(int a, int b) {
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < a; i++) {
            out.add(new LabelledText("text a" + i, "a", "a:" + i));
        }
        for (int i = 0; i < b; i++) {
            out.add(new LabelledText("text b" + i, "b", "b:" + i));
        }
        return out;
    }

    private static long count(List<LabelledText> part, String label) {
        return part.stream().filter(t -> t.label().equals(label)).count();
    }

    private static Set<String> origins(List<LabelledText> part) {
        Set<String> out = new HashSet<>();
        part.forEach(t -> out.add(t.origin()));
        return out;
    }

    @Test
    void everyLabelKeepsItsShareInEveryPart() {
        StratifiedSplit.Split s = StratifiedSplit.split(data(100, 40), 0.2, 0.1, 7);
        // a: round(100*0.2)=20 test, round(100*0.1)=10 dev, 70 train; b: round(8.0)=8, round(4.0)=4, 28
        assertEquals(List.of(70L, 10L, 20L), List.of(count(s.train(), "a"), count(s.dev(), "a"), count(s.test(), "a")));
        assertEquals(List.of(28L, 4L, 8L), List.of(count(s.train(), "b"), count(s.dev(), "b"), count(s.test(), "b")));
        Set<String> all = new HashSet<>(origins(s.train()));
        all.addAll(origins(s.dev()));
        all.addAll(origins(s.test()));
        assertEquals(140, all.size(), "the parts are disjoint and cover the data");
    }

    @Test
    void roundingIsHalfUpPerLabel() {
        // fractions exact in binary: a has 10: round(2.5)=3 test, round(1.25)=1 dev, 6 train;
        // b has 6: round(1.5)=2 test, round(0.75)=1 dev, 3 train
        StratifiedSplit.Split s = StratifiedSplit.split(data(10, 6), 0.25, 0.125, 1);
        assertEquals(List.of(6L, 1L, 3L), List.of(count(s.train(), "a"), count(s.dev(), "a"), count(s.test(), "a")));
        assertEquals(List.of(3L, 1L, 2L), List.of(count(s.train(), "b"), count(s.dev(), "b"), count(s.test(), "b")));
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        List<LabelledText> data = data(100, 40);
        StratifiedSplit.Split first = StratifiedSplit.split(data, 0.2, 0.1, 42);
        assertEquals(first, StratifiedSplit.split(new ArrayList<>(data), 0.2, 0.1, 42));
        StratifiedSplit.Split other = StratifiedSplit.split(data, 0.2, 0.1, 43);
        assertNotEquals(origins(first.test()), origins(other.test()));
        assertNotEquals(origins(first.train()), origins(other.train()));
    }

    @Test
    void theInputListIsNotReordered() {
        List<LabelledText> data = data(10, 10);
        List<LabelledText> copy = List.copyOf(data);
        StratifiedSplit.split(data, 0.2, 0.2, 3);
        assertEquals(copy, data);
    }

    @Test
    void zeroFractionsPutEverythingInTraining() {
        StratifiedSplit.Split s = StratifiedSplit.split(data(3, 2), 0.0, 0.0, 5);
        assertEquals(5, s.train().size());
        assertTrue(s.dev().isEmpty() && s.test().isEmpty());
    }

    @Test
    void aLabelThatWouldLoseAllTrainingExamplesIsNamed() {
        List<LabelledText> data = data(10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StratifiedSplit.split(data, 0.5, 0.0, 1));
        assertTrue(e.getMessage().contains("label 'b' has 1 example:"), e.getMessage());
    }

    @Test
    void fractionsOutsideTheirRangeAreRefused() {
        List<LabelledText> data = data(10, 10);
        assertEquals("testFraction must be in [0, 1), got -0.1", assertThrows(IllegalArgumentException.class,
                () -> StratifiedSplit.split(data, -0.1, 0.1, 1)).getMessage());
        assertEquals("devFraction must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> StratifiedSplit.split(data, 0.1, 1.0, 1)).getMessage());
        assertEquals("devFraction must be in [0, 1), got NaN", assertThrows(IllegalArgumentException.class,
                () -> StratifiedSplit.split(data, 0.1, Double.NaN, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.split(data, 0.6, 0.4, 1))
                .getMessage().startsWith("testFraction + devFraction must be < 1"));
        assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.split(List.of(), 0.1, 0.1, 1));
    }
}
