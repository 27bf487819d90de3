/**
 * rnnkit's core: the shape of recurrent stacks and the DL4J layers built from them.
 *
 * <ul>
 *   <li>Specs: {@link io.github.rnnkit.core.RecurrentCell}, {@link io.github.rnnkit.core.BidirectionalMode},
 *       {@link io.github.rnnkit.core.RecurrentSpec}.</li>
 *   <li>Layer factory: {@link io.github.rnnkit.core.layers.RecurrentLayers}.</li>
 *   <li>Argument checks: {@link io.github.rnnkit.core.Checks}.</li>
 *   <li>Native BLAS: {@link io.github.rnnkit.core.OpenBlas} (which OpenBLAS ND4J loads).</li>
 * </ul>
 * Training lives in {@code core.train}, model files in {@code core.bundle}.
 */
package io.github.rnnkit.core;
