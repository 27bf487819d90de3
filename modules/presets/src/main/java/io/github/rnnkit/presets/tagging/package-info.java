/**
 * Sequence tagging (many-to-many): {@link io.github.rnnkit.presets.tagging.SequenceTagger} (word embeddings plus a
 * character CNN, a bidirectional recurrent stack, a softmax per token), its scores
 * ({@link io.github.rnnkit.presets.tagging.TaggingReport}) and the most-frequent-tag baseline
 * ({@link io.github.rnnkit.presets.tagging.MostFrequentTagger}). Part-of-speech tagging on the Brown corpus is the
 * proof; any token-level labelling (chunks, BIO entities) trains the same way.
 */
package io.github.rnnkit.presets.tagging;
