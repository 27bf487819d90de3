/**
 * Minibatches of variable-length token sequences for the sequence presets.
 *
 * <ul>
 *   <li>{@link io.github.rnnkit.data.seq.SequenceBatches}: padding, masks, truncation, length bucketing,
 *       seeded shuffling and prefetch, for one label per sequence or one per step.</li>
 * </ul>
 */
package io.github.rnnkit.data.seq;
