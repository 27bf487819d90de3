/**
 * Numeric sequences: {@link io.github.rnnkit.data.series.NumericSeries} read from CSV columns
 * ({@link io.github.rnnkit.data.series.SeriesCsv}), the statsmodels datasets
 * ({@link io.github.rnnkit.data.series.StatsmodelsSeries}), the Mackey-Glass and NARMA benchmarks
 * ({@link io.github.rnnkit.data.series.SyntheticSeries}), and labelled sequence files in DL4J's convention
 * ({@link io.github.rnnkit.data.series.SequenceFiles}).
 */
package io.github.rnnkit.data.series;
