package io.github.rnnkit.presets.sentiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationReportTest {
    private static final List<String> CLASSES = List.of("neg", "pos");

    private static double[][] binary(double... p1) {
        double[][] p = new double[p1.length][];
        for (int i = 0; i < p1.length; i++) {
            p[i] = new double[]{1 - p1[i], p1[i]};
        }
        return p;
    }

    private static double accuracy(int[] truth, double[][] p, double t) {
        return ClassificationReport.of(CLASSES, truth, p, t).accuracy();
    }

    @Test
    void aModelThatLeansToOneClassIsSeparatedByTheThresholdBetweenTheClasses() {
        int[] truth = {0, 0, 0, 1, 1, 1};
        double[][] p = binary(0.10, 0.15, 0.20, 0.30, 0.35, 0.40);
        assertEquals(0.5, accuracy(truth, p, 0.5), 1e-12);
        double t = ClassificationReport.bestThreshold(truth, p);
        assertEquals(0.25, t, 1e-12);
        assertEquals(1.0, accuracy(truth, p, t), 1e-12);
    }

    @Test
    void equalScoresAreNeverSplitAndTiesGoToTheThresholdNearestOneHalf() {
        int[] truth = {0, 1, 0, 1};
        double[][] p = binary(0.6, 0.6, 0.6, 0.6);                    // every threshold scores 0.5
        double t = ClassificationReport.bestThreshold(truth, p);
        assertEquals(0.5, accuracy(truth, p, t), 1e-12);
        assertTrue(t > 0 && t < 1, "threshold " + t);
        // All right above 0.9 or below 0.1 (both perfect): the one nearer 0.5 wins.
        int[] two = {0, 1};
        double t2 = ClassificationReport.bestThreshold(two, binary(0.05, 0.95));
        assertEquals(0.5, t2, 1e-12);
    }

    @Test
    void noThresholdOnAFineGridScoresMoreThanTheChosenOne() {
        Random r = new Random(7);
        for (int round = 0; round < 20; round++) {
            int n = 1 + r.nextInt(60);
            int[] truth = new int[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                truth[i] = r.nextInt(2);
                s[i] = Math.min(0.999, Math.max(0.001, 0.35 + 0.25 * truth[i] + 0.3 * r.nextGaussian()));
                if (r.nextInt(5) == 0) {
                    s[i] = Math.round(s[i] * 10) / 10.0;                    // some ties
                }
            }
            double[][] p = binary(s);
            double best = accuracy(truth, p, ClassificationReport.bestThreshold(truth, p));
            for (double t = 0.0005; t < 1; t += 0.0005) {
                assertTrue(accuracy(truth, p, t) <= best + 1e-12, "round " + round + ": t=" + t + " beats the chosen");
            }
        }
    }

    @Test
    void moreThanTwoClassesOrMismatchedLengthsAreRefused() {
        IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.bestThreshold(new int[]{2}, new double[][]{{0.2, 0.3, 0.5}}));
        assertTrue(three.getMessage().contains("two classes"), three.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.bestThreshold(new int[]{0, 1}, binary(0.4)));
        assertTrue(lengths.getMessage().contains("1 for 2 labels"), lengths.getMessage());
    }
}
