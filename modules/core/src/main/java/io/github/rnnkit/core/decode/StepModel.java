package io.github.rnnkit.core.decode;

/**
 * One decoder step over a batch of rows (hypotheses): what {@link Decoder} needs from a recurrent decoder to
 * generate step by step with carried state, so that an output of length T costs T steps, never a re-run from
 * the start. A seq2seq decoder's state holds its recurrent state and the encoder outputs it attends over; a
 * captioner's starts from the image features.
 *
 * @param <S> the model's batch state: whatever it carries from step to step for each row
 */
public interface StepModel<S> {

    /** Number of output symbols V. */
    int vocabularySize();

    /**
     * Advances every row by one step.
     *
     * @param state    the rows' states (row r of the state belongs to {@code previous[r]})
     * @param previous the token each row emitted last (BOS at the first step)
     * @return per row the log-probabilities of the next token ([R][V], each row summing to 1 in probability)
     *         and the rows' new states
     */
    Step<S> step(S state, int[] previous);

    /**
     * The states of {@code rows} of {@code state}, in that order; a row may appear several times (beam search
     * keeps, reorders and duplicates hypotheses).
     */
    S select(S state, int[] rows);

    /** The outcome of one step. */
    record Step<S>(double[][] logProbabilities, S state) {
    }
}
