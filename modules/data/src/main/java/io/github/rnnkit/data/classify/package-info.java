/**
 * Text classification data: readers that turn common layouts into {@link io.github.rnnkit.data.classify.LabelledText}s,
 * and a stratified split of them.
 *
 * <ul>
 *   <li>Value: {@link io.github.rnnkit.data.classify.LabelledText} (text, label, origin).</li>
 *   <li>Readers: {@link io.github.rnnkit.data.classify.DelimitedTexts} (CSV/TSV with a text and a label column),
 *       {@link io.github.rnnkit.data.classify.ClassFolders} ({@code root/<label>/<file>}),
 *       {@link io.github.rnnkit.data.classify.SpamAssassin} (the pinned SpamAssassin mail corpus).</li>
 *   <li>Splitting: {@link io.github.rnnkit.data.classify.StratifiedSplit} (seeded train/dev/test per label).</li>
 * </ul>
 *
 * All readers read UTF-8 strictly, refuse malformed input with the file (and line) named, and count and log
 * what they skip.
 */
package io.github.rnnkit.data.classify;
