package io.github.rnnkit.data.series;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticSeriesTest {

    @Test
    void mackeyGlassIsSeededBoundedAndAperiodic() {
        NumericSeries a = SyntheticSeries.mackeyGlass(3000, 17, 1);
        NumericSeries b = SyntheticSeries.mackeyGlass(3000, 17, 1);
        NumericSeries c = SyntheticSeries.mackeyGlass(3000, 17, 2);
        assertTrue(Arrays.deepEquals(a.rows(), b.rows()));
        assertFalse(Arrays.deepEquals(a.rows(), c.rows()));
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double[] r : a.rows()) {
            min = Math.min(min, r[0]);
            max = Math.max(max, r[0]);
        }
        // the tau-17 attractor lies roughly in [0.4, 1.35]
        assertTrue(min > 0.3 && min < 0.55, "min " + min);
        assertTrue(max > 1.2 && max < 1.45, "max " + max);
        // chaotic, not periodic: no lag in 1..200 repeats the series closely
        double[] x = a.values(0);
        for (int lag = 1; lag <= 200; lag++) {
            double sq = 0;
            for (int t = lag; t < x.length; t++) {
                sq += Math.pow(x[t] - x[t - lag], 2);
            }
            assertTrue(Math.sqrt(sq / (x.length - lag)) > 1e-3, "repeats at lag " + lag);
        }
    }

    @Test
    void narmaFollowsItsRecurrence() {
        NumericSeries s = SyntheticSeries.narma(1000, 10, 5);
        double[] u = s.values(0);
        double[] y = s.values(1);
        for (int t = 9; t < 999; t++) {
            double sum = 0;
            for (int i = 0; i < 10; i++) {
                sum += y[t - i];
            }
            assertEquals(0.3 * y[t] + 0.05 * y[t] * sum + 1.5 * u[t - 9] * u[t] + 0.1, y[t + 1], 1e-12);
            assertTrue(u[t] >= 0 && u[t] < 0.5);
        }
        assertTrue(Arrays.deepEquals(s.rows(), SyntheticSeries.narma(1000, 10, 5).rows()));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSeries.narma(10, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSeries.mackeyGlass(10, 0, 5));
    }
}
