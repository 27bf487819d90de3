package io.github.rnnkit.core.train;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.Iterator;
import java.util.function.IntFunction;

/**
 * Training batches, epoch by epoch. The same epoch number must give the same batches in the same order
 * every time it is asked for: that is what lets an interrupted run resume to the same result.
 */
public interface BatchSource {

    /** The batches of epoch {@code epoch} (0-based). */
    Iterator<MultiDataSet> epoch(int epoch);

    /** How many batches one epoch holds, or -1 when unknown in advance. */
    long batchesPerEpoch();

    /**
     * A source over DL4J iterators, one made per epoch.
     *
     * @param perEpoch        makes the iterator of an epoch; it must be deterministic in the epoch number
     * @param batchesPerEpoch batches per epoch, or -1 when unknown
     */
    static BatchSource ofDataSets(IntFunction<? extends DataSetIterator> perEpoch, long batchesPerEpoch) {
        return new BatchSource() {
            @Override
            public Iterator<MultiDataSet> epoch(int epoch) {
                DataSetIterator it = perEpoch.apply(epoch);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public MultiDataSet next() {
                        return it.next().toMultiDataSet();
                    }
                };
            }

            @Override
            public long batchesPerEpoch() {
                return batchesPerEpoch;
            }
        };
    }
}
