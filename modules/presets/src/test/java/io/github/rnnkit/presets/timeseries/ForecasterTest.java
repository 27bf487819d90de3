package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecasterTest {
    /** Two superposed sines (periods 17 and 40) plus a little noise: the naive forecast is poor, a model is not. */
    static double[][] series(int n, long seed) {
        Random r = new Random(seed);
        double[][] rows = new double[n][1];
        for (int t = 0; t < n; t++) {
            rows[t][0] = 10 + 3 * Math.sin(2 * Math.PI * t / 17) + 2 * Math.sin(2 * Math.PI * t / 40) + 0.05 * r.nextGaussian();
        }
        return rows;
    }

    private static TrainingConfig training() {
        return TrainingConfig.defaults().withEpochs(12).withBatchSize(32).withLearningRate(5e-3).withSeed(7);
    }

    private static Forecaster trained(Strategy strategy, double[][] rows) {
        ForecasterConfig config = ForecasterConfig.univariate(24, 6, 17)
                .withSpec(RecurrentSpec.of(RecurrentCell.GRU, 24)).withStrategy(strategy);
        Forecaster f = Forecaster.create(config, rows, 400, training(), "sines", "none");
        f.fit(rows, 400, 500, training(), List.of(), null);
        return f;
    }

    @Test
    void directForecastsBeatTheNaiveAndSeasonalBaselines() {
        double[][] rows = series(600, 1);
        ForecastReport r = trained(Strategy.DIRECT, rows).evaluate(rows, 400, 500, 600, 1);
        assertEquals(6, r.horizon());
        assertTrue(r.rmse() < 0.5 * r.naiveRmse() && r.rmse() < 0.5 * r.seasonalRmse(), r.toTable());
        assertTrue(r.nrmse() < 0.3, r.toTable());
    }

    @Test
    void recursiveForecastsBeatTheNaiveBaselineAndSaveAndLoad(@TempDir Path dir) throws Exception {
        double[][] rows = series(600, 2);
        Forecaster f = trained(Strategy.RECURSIVE, rows);
        ForecastReport r = f.evaluate(rows, 400, 500, 600, 1);
        assertTrue(r.rmse() < 0.5 * r.naiveRmse(), r.toTable());
        Path file = dir.resolve("f.zip");
        f.save(file);
        Forecaster loaded = Forecaster.load(file);
        int[] origins = f.origins(rows.length, 500, 600, 7);
        double[][] a = f.forecast(rows, origins);
        double[][] b = loaded.forecast(rows, origins);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        assertEquals(f.config(), loaded.config());
    }

    @Test
    void baselinesAndScaleOnAHandWorkedSeries() {
        double[][] rows = {{1}, {2}, {3}, {4}, {5}, {6}};
        Baselines b = Baselines.of(rows, 0, new int[]{2}, 3, 2);
        assertArrayEquals(new double[]{4, 5, 6}, b.truth()[0]);
        assertArrayEquals(new double[]{3, 3, 3}, b.naive()[0]);
        assertArrayEquals(new double[]{2, 3, 2}, b.seasonal()[0]);       // y(t+h-2*ceil(h/2)): y1, y2, y1 for t=2
        assertEquals(2.0, Baselines.seasonalScale(rows, 0, 6, 2), 1e-12);
        ForecastReport r = ForecastReport.of(new double[][]{{4, 5, 7}}, b.truth(), b.naive(), b.seasonal(), 2.0, 2);
        assertEquals(Math.sqrt(1.0 / 3), r.rmse(), 1e-12);
        assertEquals(1.0 / 3, r.mae(), 1e-12);
        assertEquals(1.0 / 6, r.mase(), 1e-12);
    }

    @Test
    void badSettingsAndDataAreRefusedWithTheValue() {
        var horizon = assertThrows(IllegalArgumentException.class, () -> ForecasterConfig.univariate(10, 0, 1));
        assertTrue(horizon.getMessage().contains("horizon") && horizon.getMessage().contains("0"), horizon.getMessage());
        double[][] shortSeries = series(20, 3);
        var tooLong = assertThrows(IllegalArgumentException.class, () -> Forecaster.create(
                ForecasterConfig.univariate(30, 1, 1), shortSeries, 20, training(), "s", "x"));
        assertTrue(tooLong.getMessage().contains("lookback of 30"), tooLong.getMessage());
        double[][] gap = series(100, 4);
        gap[37][0] = Double.NaN;
        var nan = assertThrows(IllegalArgumentException.class, () -> Forecaster.create(
                ForecasterConfig.univariate(10, 1, 1), gap, 80, training(), "s", "x"));
        assertTrue(nan.getMessage().contains("row 37"), nan.getMessage());
        var column = assertThrows(IllegalArgumentException.class, () -> Forecaster.create(
                ForecasterConfig.univariate(10, 1, 1).withColumns(new int[]{0, 3}, 0), series(100, 5), 80, training(), "s", "x"));
        assertTrue(column.getMessage().contains("input column 3"), column.getMessage());
        var recursive = assertThrows(IllegalArgumentException.class, () -> ForecasterConfig.univariate(10, 2, 1)
                .withColumns(new int[]{0, 1}, 0).withStrategy(Strategy.RECURSIVE));
        assertTrue(recursive.getMessage().contains("RECURSIVE"), recursive.getMessage());
    }
}
