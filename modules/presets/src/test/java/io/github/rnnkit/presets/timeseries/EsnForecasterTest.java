package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.esn.EsnConfig;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.series.SyntheticSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EsnForecasterTest {
    private static final double[][] MG = SyntheticSeries.mackeyGlass(2600, 17, 1).rows();

    private static EsnForecasterConfig mgConfig(Strategy strategy, int horizon) {
        EsnConfig esn = EsnConfig.defaults().withReservoirSize(300).withConnectivity(0.03).withSpectralRadius(0.9)
                .withWashout(100).withLeakRate(1.0).withInputScaling(0.5);
        return new EsnForecasterConfig(esn, 100, horizon, strategy, new int[]{0}, 0, 1);
    }

    @Test
    void mackeyGlassRecursiveForecastsBeatTheNaiveForecastByFar() {
        EsnForecaster f = EsnForecaster.create(mgConfig(Strategy.RECURSIVE, 84), MG, 2000, "mackey-glass", "");
        EsnForecaster.FitResult fit = f.fit(MG, 2000, 2300, 1e-10, 1e-8, 1e-6);
        ForecastReport r = f.evaluate(MG, 2000, 2300, 2600, 10);
        System.out.println("MG 84 steps, 300 units, ridge " + fit.ridge() + ":\n" + r.toTable());
        assertTrue(r.nrmseAtLastStep() < 0.1, "84-step NRMSE " + r.nrmseAtLastStep());
        assertTrue(r.rmse() < 0.1 * r.naiveRmse(), r.toTable());
    }

    @Test
    void narmaDirectOneStepLearnsTheSystem() {
        double[][] rows = SyntheticSeries.narma(3000, 10, 3).rows();
        EsnConfig esn = EsnConfig.defaults().withReservoirSize(200).withConnectivity(0.05).withWashout(50)
                .withInputScaling(0.3);
        EsnForecaster f = EsnForecaster.create(new EsnForecasterConfig(esn, 50, 1, Strategy.DIRECT, new int[]{0}, 1, 1),
                rows, 2000, "narma10", "");
        f.fit(rows, 2000, 2500, EsnForecaster.defaultRidges());
        ForecastReport r = f.evaluate(rows, 2000, 2500, 3000, 1);
        System.out.println("NARMA-10, 200 units:\n" + r.toTable());
        // predicting y's mean gives NRMSE 1; a linear model of the inputs gives about 0.4
        assertTrue(r.nrmse() < 0.6, "NRMSE " + r.nrmse());
    }

    @Test
    void sameSeedSameForecastsAndTheBundleRoundTrips(@TempDir Path dir) throws Exception {
        EsnForecaster a = EsnForecaster.create(mgConfig(Strategy.DIRECT, 5), MG, 1000, "mackey-glass", "");
        EsnForecaster b = EsnForecaster.create(mgConfig(Strategy.DIRECT, 5), MG, 1000, "mackey-glass", "");
        a.fit(MG, 1000, 1200, 1e-8, 1e-6);
        b.fit(MG, 1000, 1200, 1e-8, 1e-6);
        int[] origins = a.origins(MG.length, 1200, 1400, 3);
        double[][] fa = a.forecast(MG, origins);
        assertTrue(Arrays.deepEquals(fa, b.forecast(MG, origins)), "bit-identical from a seed");

        Path file = dir.resolve("esn.zip");
        a.save(file);
        SeriesForecaster loaded = SeriesForecaster.load(file);
        assertInstanceOf(EsnForecaster.class, loaded);
        assertTrue(Arrays.deepEquals(fa, loaded.forecast(MG, origins)), "a loaded model forecasts the same");
        assertEquals(a.config(), ((EsnForecaster) loaded).config());

        // a gated forecaster's bundle is refused by the ESN loader, and the other way round
        double[][] small = Arrays.copyOf(MG, 200);
        TrainingConfig training = TrainingConfig.defaults().withEpochs(1).withSeed(1);
        Forecaster gated = Forecaster.create(ForecasterConfig.univariate(10, 2, 1)
                .withSpec(RecurrentSpec.of(RecurrentCell.GRU, 8)), small, 150, training, "mg", "");
        Path gatedFile = dir.resolve("gru.zip");
        gated.save(gatedFile);
        assertInstanceOf(Forecaster.class, SeriesForecaster.load(gatedFile));
        assertThrows(IllegalArgumentException.class, () -> EsnForecaster.load(gatedFile));
        assertThrows(IllegalArgumentException.class, () -> Forecaster.load(file));

        Path corrupt = dir.resolve("corrupt.zip");
        Files.write(corrupt, Arrays.copyOf(Files.readAllBytes(file), 300));
        assertThrows(IllegalArgumentException.class, () -> SeriesForecaster.load(corrupt));
    }

    @Test
    void badSettingsAreRefusedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EsnForecasterConfig(EsnConfig.defaults().withWashout(100), 50, 5, Strategy.DIRECT,
                        new int[]{0}, 0, 1));
        assertTrue(e.getMessage().contains("lookback (50) must be at least the reservoir's washout (100)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mgConfig(Strategy.DIRECT, 0));
        assertTrue(e.getMessage().contains("horizon must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EsnConfig.defaults().withSpectralRadius(0));
        assertTrue(e.getMessage().contains("spectralRadius"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EsnForecaster.create(mgConfig(Strategy.DIRECT, 5), Arrays.copyOf(MG, 90), 90, "mg", ""));
        assertTrue(e.getMessage().contains("need at least 106"), e.getMessage());
        EsnForecaster f = EsnForecaster.create(mgConfig(Strategy.DIRECT, 5), MG, 1000, "mg", "");
        assertThrows(IllegalStateException.class, () -> f.forecast(MG, new int[]{500}));
        f.fit(MG, 1000, 1000);
        e = assertThrows(IllegalArgumentException.class, () -> f.forecast(MG, new int[]{50}));
        assertTrue(e.getMessage().contains("lookback 100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EsnForecasterConfig(EsnConfig.defaults(), 100, 5,
                Strategy.RECURSIVE, new int[]{0, 1}, 0, 1));
        assertTrue(e.getMessage().contains("RECURSIVE"), e.getMessage());
    }
}
