/**
 * Plots drawn with Java2D (headless), written as PNG or returned as images without extra dependencies:
 * {@link io.github.rnnkit.core.plot.LinePlot}, {@link io.github.rnnkit.core.plot.HeatmapPlot}, and
 * {@link io.github.rnnkit.core.plot.Png} to show a PNG file inline in a notebook.
 */
package io.github.rnnkit.core.plot;
