package io.github.rnnkit.data.seq;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.train.BatchSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Next-token windows over one long stream of token ids, for word-level language models trained with truncated
 * BPTT (the word-level counterpart of {@link io.github.rnnkit.data.text.CharStreamIterator}).
 *
 * <p>Every batch holds {@code batchSize} windows of {@code windowLength} steps, each starting at a random
 * offset of the stream (seeded per epoch: the same epoch always gives the same batches). Shapes (NCW):
 * features [B, 1, W] token ids (for {@code EmbeddingSequenceLayer}); labels [B, 1, W], the id of the
 * <em>next</em> token at each step, as class indices for a sparse cross-entropy
 * ({@code LossFunction.SPARSE_MCXENT}): one-hot labels over a word vocabulary would cost B x V x W floats per
 * batch. No masks: every step of a window is real. Truncated BPTT then cuts each window into segments,
 * carrying the recurrent state from one to the next.
 *
 * <pre>{@code
 * int[] stream = ...;   // all training texts' ids, each text followed by EOS
 * TokenStreamBatches lm = new TokenStreamBatches(stream, 140, 32, 0, 42);
 * }</pre>
 */
public final class TokenStreamBatches implements BatchSource {
    private final int[] stream;
    private final int windowLength;
    private final int batchSize;
    private final long batchesPerEpoch;
    private final long seed;

    /**
     * @param stream          the token ids, at least {@code windowLength + 1} of them; used as given (not copied)
     * @param windowLength    steps per window, at least 1
     * @param batchSize       windows per batch, at least 1
     * @param batchesPerEpoch batches per epoch; 0 makes an epoch cover the stream about once
     * @param seed            seed of the window offsets
     */
    public TokenStreamBatches(int[] stream, int windowLength, int batchSize, long batchesPerEpoch, long seed) {
        Checks.notNull(stream, "stream");
        Checks.positive(windowLength, "windowLength");
        Checks.positive(batchSize, "batchSize");
        if (batchesPerEpoch < 0) {
            throw new IllegalArgumentException("batchesPerEpoch must be >= 0 (0: one pass over the stream), got "
                    + batchesPerEpoch);
        }
        if (stream.length < windowLength + 1) {
            throw new IllegalArgumentException("stream has " + stream.length + " tokens; a window of windowLength "
                    + windowLength + " needs at least " + (windowLength + 1));
        }
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] < 0) {
                throw new IllegalArgumentException("stream[" + i + "] is " + stream[i] + "; token ids must be >= 0");
            }
        }
        this.stream = stream;
        this.windowLength = windowLength;
        this.batchSize = batchSize;
        this.batchesPerEpoch = batchesPerEpoch > 0 ? batchesPerEpoch
                : Math.max(1, (stream.length - 1) / ((long) windowLength * batchSize));
        this.seed = seed;
    }

    @Override
    public long batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Tokens in the stream. */
    public int tokens() {
        return stream.length;
    }

    /** The batch whose windows start at {@code offsets} (exposed for tests). */
    public MultiDataSet batch(int[] offsets) {
        int b = offsets.length;
        float[] x = new float[b * windowLength];
        float[] y = new float[b * windowLength];
        for (int r = 0; r < b; r++) {
            int o = offsets[r];
            if (o < 0 || o + windowLength >= stream.length) {
                throw new IllegalArgumentException("offset " + o + " must be in [0, " + (stream.length - windowLength - 1)
                        + "]");
            }
            for (int t = 0; t < windowLength; t++) {
                x[r * windowLength + t] = stream[o + t];
                y[r * windowLength + t] = stream[o + t + 1];
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.create(x, new long[]{b, 1, windowLength}, 'c'),
                Nd4j.create(y, new long[]{b, 1, windowLength}, 'c'));
    }

    @Override
    public Iterator<MultiDataSet> epoch(int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
        int maxOffset = stream.length - windowLength - 1;
        return new Iterator<>() {
            long served;

            @Override
            public boolean hasNext() {
                return served < batchesPerEpoch;
            }

            @Override
            public MultiDataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                served++;
                int[] offsets = new int[batchSize];
                for (int i = 0; i < batchSize; i++) {
                    offsets[i] = random.nextInt(maxOffset + 1);
                }
                return batch(offsets);
            }
        };
    }
}
