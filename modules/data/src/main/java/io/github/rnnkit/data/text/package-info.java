/**
 * Text: vocabularies, strict UTF-8 reading and streaming sequence iterators.
 *
 * <ul>
 *   <li>{@link io.github.rnnkit.data.text.Vocabulary}: token ids with PAD/UNK/BOS/EOS.</li>
 *   <li>Reading: {@link io.github.rnnkit.data.text.TextCorpus} (one validating pass),
 *       {@link io.github.rnnkit.data.text.CodePointReader}, {@link io.github.rnnkit.data.text.TextRegion},
 *       {@link io.github.rnnkit.data.text.MalformedTextException}.</li>
 *   <li>Iterators: {@link io.github.rnnkit.data.text.CharStreamIterator} (next-character batches for truncated BPTT).</li>
 * </ul>
 */
package io.github.rnnkit.data.text;
