/**
 * Encoder-decoder (seq2seq) preset with attention: {@link io.github.rnnkit.presets.seq2seq.Seq2SeqModel} trains on
 * any parallel data (characters or tokens on either side) with teacher forcing and decodes step by step with
 * carried state (greedy, sampling, beam search); grapheme-to-phoneme conversion on CMUdict is its benchmark.
 */
package io.github.rnnkit.presets.seq2seq;
