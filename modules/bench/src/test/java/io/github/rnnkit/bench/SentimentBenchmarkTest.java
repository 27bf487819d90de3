package io.github.rnnkit.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SentimentBenchmarkTest {

    @Test
    void theBlendIsTheWeightedMeanRowByRow() {
        double[][] a = {{0.2, 0.8}, {0.6, 0.4}};
        double[][] b = {{0.6, 0.4}, {0.0, 1.0}};
        double[][] m = SentimentBenchmark.blend(a, b, 0.25);
        assertArrayEquals(new double[]{0.5, 0.5}, m[0], 1e-12);
        assertArrayEquals(new double[]{0.15, 0.85}, m[1], 1e-12);
    }

    @Test
    void theBlendWeightFollowsTheModelThatIsRightOnTheDevPart() {
        int[] truth = {0, 1, 0, 1, 1, 0};
        double[][] right = {{0.7, 0.3}, {0.35, 0.65}, {0.9, 0.1}, {0.2, 0.8}, {0.44, 0.56}, {0.6, 0.4}};
        double[][] wrong = {{0.1, 0.9}, {0.9, 0.1}, {0.2, 0.8}, {0.8, 0.2}, {0.7, 0.3}, {0.3, 0.7}};
        // Only blends that lean to the right model enough score all six; the one nearest 0.5 among them wins.
        double w = SentimentBenchmark.blendWeight(truth, right, wrong, 0.5);
        assertEquals(0.8, w, 1e-12);
        assertEquals(0.2, SentimentBenchmark.blendWeight(truth, wrong, right, 0.5), 1e-12);
    }
}
