/**
 * Step-wise decoding shared by the generating presets (seq2seq, captioning): a {@link
 * io.github.rnnkit.core.decode.StepModel} advances a batch of hypotheses by one token with carried state, and
 * {@link io.github.rnnkit.core.decode.Decoder} runs greedy decoding, sampling and beam search over it.
 */
package io.github.rnnkit.core.decode;
