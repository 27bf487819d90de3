/** Plots written as PNG without extra dependencies: {@link io.github.rnnkit.core.plot.LinePlot}. */
package io.github.rnnkit.core.plot;
