package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.esn.EsnConfig;

import java.util.Arrays;

/**
 * An echo-state forecaster's shape: the reservoir and the same forecasting settings as {@link ForecasterConfig}.
 *
 * @param esn          the reservoir (its washout is the steps a forecast spends forgetting the zero start state)
 * @param lookback     rows read before each forecast; at least the reservoir's washout, so that the state at the
 *                     origin no longer depends on the zero start
 * @param horizon      steps forecast ahead, at least 1
 * @param strategy     {@link Strategy#DIRECT}: a readout with one output per step ahead; {@link Strategy#RECURSIVE}:
 *                     a one-step readout whose outputs are fed back as inputs (univariate only)
 * @param inputColumns the columns fed to the reservoir (0-based)
 * @param targetColumn the column forecast
 * @param season       season length for the seasonal-naive baseline and MASE (1: none)
 */
public record EsnForecasterConfig(EsnConfig esn, int lookback, int horizon, Strategy strategy, int[] inputColumns,
                                  int targetColumn, int season) {

    public EsnForecasterConfig {
        Checks.notNull(esn, "esn");
        inputColumns = ForecasterConfig.checkShape(lookback, horizon, strategy, inputColumns, targetColumn, season);
        if (lookback < esn.washout()) {
            throw new IllegalArgumentException("lookback (" + lookback + ") must be at least the reservoir's washout ("
                    + esn.washout() + "): each forecast drives the reservoir from zero over the lookback, and the "
                    + "readout was fitted on states that had forgotten their start");
        }
    }

    /** A 500-unit reservoir ({@link EsnConfig#defaults()} with washout = lookback), univariate on column 0. */
    public static EsnForecasterConfig univariate(int lookback, int horizon, Strategy strategy, int season) {
        return new EsnForecasterConfig(EsnConfig.defaults().withWashout(lookback), lookback, horizon, strategy,
                new int[]{0}, 0, season);
    }

    public EsnForecasterConfig withEsn(EsnConfig v) {
        return new EsnForecasterConfig(v, lookback, horizon, strategy, inputColumns, targetColumn, season);
    }

    public EsnForecasterConfig withColumns(int[] inputs, int target) {
        return new EsnForecasterConfig(esn, lookback, horizon, strategy, inputs, target, season);
    }

    @Override
    public int[] inputColumns() {
        return inputColumns.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EsnForecasterConfig c && esn.equals(c.esn) && lookback == c.lookback
                && horizon == c.horizon && strategy == c.strategy && Arrays.equals(inputColumns, c.inputColumns)
                && targetColumn == c.targetColumn && season == c.season;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * esn.hashCode() + Arrays.hashCode(inputColumns)) + lookback * 7 + horizon;
    }

    @Override
    public String toString() {
        return "EsnForecasterConfig[esn=" + esn + ", lookback=" + lookback + ", horizon=" + horizon + ", strategy="
                + strategy + ", inputColumns=" + Arrays.toString(inputColumns) + ", targetColumn=" + targetColumn
                + ", season=" + season + "]";
    }
}
