package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;

import java.util.Arrays;

/**
 * A forecaster's shape.
 *
 * @param spec           the recurrent stack (cell, size, depth; bidirectional stacks are refused: a forecaster
 *                       must not read the future)
 * @param lookback       input steps per window, at least 1
 * @param horizon        steps forecast ahead, at least 1
 * @param strategy       {@link Strategy#DIRECT} or {@link Strategy#RECURSIVE}
 * @param inputColumns   the series' columns the model reads at each step (0-based)
 * @param targetColumn   the column forecast
 * @param season         season length for the seasonal-naive baseline and MASE (1: none, the naive forecast)
 */
public record ForecasterConfig(RecurrentSpec spec, int lookback, int horizon, Strategy strategy, int[] inputColumns,
                               int targetColumn, int season) {

    public ForecasterConfig {
        Checks.notNull(spec, "spec");
        if (spec.bidirectional() != BidirectionalMode.NONE) {
            throw new IllegalArgumentException("a forecaster's recurrent stack must read left to right; got bidirectional "
                    + spec.bidirectional());
        }
        inputColumns = checkShape(lookback, horizon, strategy, inputColumns, targetColumn, season);
    }

    /**
     * The forecasting settings every forecaster shares (lookback, horizon, season, columns, strategy), checked; returns
     * a copy of {@code inputColumns}.
     */
    static int[] checkShape(int lookback, int horizon, Strategy strategy, int[] inputColumns, int targetColumn,
                            int season) {
        Checks.notNull(strategy, "strategy");
        Checks.notNull(inputColumns, "inputColumns");
        if (lookback < 1) {
            throw new IllegalArgumentException("lookback must be at least 1 step, got " + lookback);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1 step, got " + horizon);
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be at least 1 (1 for none), got " + season);
        }
        if (inputColumns.length == 0) {
            throw new IllegalArgumentException("inputColumns is empty: the model must read at least one column");
        }
        for (int c : inputColumns) {
            if (c < 0) {
                throw new IllegalArgumentException("inputColumns holds " + c + "; columns are 0-based");
            }
        }
        if (Arrays.stream(inputColumns).distinct().count() != inputColumns.length) {
            throw new IllegalArgumentException("inputColumns repeats a column: " + Arrays.toString(inputColumns));
        }
        if (targetColumn < 0) {
            throw new IllegalArgumentException("targetColumn must be >= 0, got " + targetColumn);
        }
        if (strategy == Strategy.RECURSIVE && !(inputColumns.length == 1 && inputColumns[0] == targetColumn)) {
            throw new IllegalArgumentException("the RECURSIVE strategy feeds each forecast back as the next input, so "
                    + "the model must read only the target column " + targetColumn + "; got input columns "
                    + Arrays.toString(inputColumns) + " (use DIRECT with extra input columns)");
        }
        return inputColumns.clone();
    }

    /** A 1-layer LSTM of 64 units, univariate on column 0, direct forecasts. */
    public static ForecasterConfig univariate(int lookback, int horizon, int season) {
        return new ForecasterConfig(new RecurrentSpec(RecurrentCell.LSTM, 64, 1, BidirectionalMode.NONE, 0.0,
                RecurrentImpl.RNNKIT), lookback, horizon, Strategy.DIRECT, new int[]{0}, 0, season);
    }

    public ForecasterConfig withSpec(RecurrentSpec v) {
        return new ForecasterConfig(v, lookback, horizon, strategy, inputColumns, targetColumn, season);
    }

    public ForecasterConfig withStrategy(Strategy v) {
        return new ForecasterConfig(spec, lookback, horizon, v, inputColumns, targetColumn, season);
    }

    public ForecasterConfig withColumns(int[] inputs, int target) {
        return new ForecasterConfig(spec, lookback, horizon, strategy, inputs, target, season);
    }

    @Override
    public int[] inputColumns() {
        return inputColumns.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecasterConfig c && spec.equals(c.spec) && lookback == c.lookback && horizon == c.horizon
                && strategy == c.strategy && Arrays.equals(inputColumns, c.inputColumns) && targetColumn == c.targetColumn
                && season == c.season;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * spec.hashCode() + Arrays.hashCode(inputColumns)) + lookback * 7 + horizon;
    }

    @Override
    public String toString() {
        return "ForecasterConfig[spec=" + spec + ", lookback=" + lookback + ", horizon=" + horizon + ", strategy="
                + strategy + ", inputColumns=" + Arrays.toString(inputColumns) + ", targetColumn=" + targetColumn
                + ", season=" + season + "]";
    }
}
