/**
 * Sequence-to-sequence data and scoring: parallel text, the CMU Pronouncing Dictionary, the standard
 * grapheme-to-phoneme split, vocabularies and teacher-forcing batches, and G2P error rates.
 *
 * <ul>
 *   <li>Pairs: {@link io.github.rnnkit.data.seq2seq.ParallelText} (reads {@code source TAB target} files into
 *       {@link io.github.rnnkit.data.seq2seq.ParallelPair}s), {@link io.github.rnnkit.data.seq2seq.Segmentation}
 *       (characters or whitespace tokens, per side).</li>
 *   <li>Pronouncing dictionaries: {@link io.github.rnnkit.data.seq2seq.CmuDict} (CMUdict 0.7b, alternates grouped,
 *       stress kept or stripped, odd lines counted), {@link io.github.rnnkit.data.seq2seq.LexiconEntry} (a word and
 *       all its pronunciations).</li>
 *   <li>Splitting: {@link io.github.rnnkit.data.seq2seq.G2pSplit} (the 12,000 standard test words, train on the
 *       rest by word, a seeded dev part).</li>
 *   <li>Ids and batches: {@link io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies} (one vocabulary per side,
 *       fitted on training pairs; symbols to ids for training and inference alike),
 *       {@link io.github.rnnkit.data.seq2seq.UnknownSymbols} (symbols read as UNK, counted),
 *       {@link io.github.rnnkit.data.seq2seq.ParallelBatches} (padded, masked, length-bucketed encoder-decoder batches
 *       with teacher forcing), {@link io.github.rnnkit.data.seq2seq.Overlong} (refuse or truncate a sequence over its
 *       maximum).</li>
 *   <li>Scoring: {@link io.github.rnnkit.data.seq2seq.G2pMetrics} (PER against the closest reference, WER, n-best
 *       oracle WER, substitution confusions), {@link io.github.rnnkit.data.seq2seq.EditDistance} (Levenshtein
 *       distance and alignment).</li>
 * </ul>
 *
 * Text files are read as UTF-8, strictly except CMUdict (see its class comment); bad lines are refused with
 * {@code file:line} in the message, and lines that are skipped are counted and logged.
 */
package io.github.rnnkit.data.seq2seq;
