/**
 * Character-level language model.
 *
 * <ul>
 *   <li>The preset: {@link io.github.rnnkit.presets.charlm.CharLanguageModel} (train, bits per character,
 *       generate, save/load).</li>
 *   <li>Configuration: {@link io.github.rnnkit.presets.charlm.CharLmConfig}, {@link io.github.rnnkit.presets.charlm.Sampling}.</li>
 *   <li>Data: {@link io.github.rnnkit.presets.charlm.CharLmData} (train / validation / test cut of a text).</li>
 * </ul>
 */
package io.github.rnnkit.presets.charlm;
