package io.github.rnnkit.bench;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(new Stats(3, 1, 9, 3), Stats.of(new double[]{9, 1, 3}));
        assertEquals(new Stats(2.5, 1, 4, 4), Stats.of(new double[]{4, 1, 3, 2}));
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new double[0]));
    }

    @Test
    void realWordRateCountsWordsOfThreeOrMoreLetters() {
        Set<String> words = Set.of("the", "cat", "sat");
        assertEquals(2.0 / 3, CharLmBenchmark.realWordRate("The cat xyz a of", words), 1e-12);
        assertTrue(Double.isNaN(CharLmBenchmark.realWordRate("a b ", words)));
    }

    @Test
    void referenceShapesParseAndCountFlops() {
        StepBenchmark.Shape s = StepBenchmark.Shape.parse("64x256x50x32");
        assertEquals(new StepBenchmark.Shape(64, 256, 50, 32), s);
        // 1600 tokens x (3 x 2 x 4 x 256 x 320 + 3 x 2 x 256 x 64)
        assertEquals(1600.0 * (6.0 * 4 * 256 * 320 + 6.0 * 256 * 64),
                s.flops(io.github.rnnkit.core.RecurrentCell.LSTM, StepBenchmark.Workload.STEP));
        assertEquals(1600.0 * 6.0 * 4 * 256 * 320, s.flops(io.github.rnnkit.core.RecurrentCell.LSTM,
                StepBenchmark.Workload.LAYER), "the bare layer has no output projection");
        assertThrows(IllegalArgumentException.class, () -> StepBenchmark.Shape.parse("64x256"));
    }
}
