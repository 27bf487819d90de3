/**
 * Numeric sequences: {@link io.github.rnnkit.presets.timeseries.Forecaster} (multi-step forecasting, direct or
 * recursive, scored by {@link io.github.rnnkit.presets.timeseries.ForecastReport} beside the naive and seasonal-naive
 * {@link io.github.rnnkit.presets.timeseries.Baselines}) and
 * {@link io.github.rnnkit.presets.timeseries.SequenceClassifier} (one label per variable-length sequence).
 */
package io.github.rnnkit.presets.timeseries;
