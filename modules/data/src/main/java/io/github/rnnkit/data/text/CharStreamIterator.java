package io.github.rnnkit.data.text;

import io.github.rnnkit.core.Checks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Next-character training batches streamed from a text file, for truncated BPTT.
 *
 * <p>Each batch holds {@code batchSize} windows of {@code sequenceLength + 1} characters read from random
 * offsets of the region (drawn from the seed and the epoch, so an epoch's batches are always the same).
 * Inputs are the first {@code sequenceLength} characters one-hot encoded, labels the same window shifted by
 * one. A window that starts near the region's end is shorter: its remaining steps are padding with mask 0.
 * Characters outside the vocabulary map to its UNK id.
 *
 * <p>Shapes (NCW): features and labels {@code [batchSize, vocabulary.size(), sequenceLength]}, features
 * and labels masks {@code [batchSize, sequenceLength]}.
 *
 * <p>Only one window is read at a time (positional reads of a few KiB), so memory is bounded by
 * batch x window x vocabulary, not by the corpus's size.
 */
public final class CharStreamIterator implements DataSetIterator {
    private final TextRegion region;
    private final Vocabulary vocabulary;
    private final int sequenceLength;
    private final int batchSize;
    private final long batchesPerEpoch;
    private final long seed;
    private int epoch;
    private SplittableRandom random;
    private long produced;
    private DataSetPreProcessor preProcessor;

    /**
     * @param region          the text to draw windows from; it must hold at least 2 characters
     * @param vocabulary      maps characters to ids (UNK for unseen ones)
     * @param sequenceLength  time steps per window, at least 1
     * @param batchSize       windows per batch, at least 1
     * @param batchesPerEpoch batches per epoch; {@code <= 0} picks enough to cover the region about once
     * @param seed            seed of the window offsets
     */
    public CharStreamIterator(TextRegion region, Vocabulary vocabulary, int sequenceLength, int batchSize,
                              long batchesPerEpoch, long seed) {
        this.region = Checks.notNull(region, "region");
        this.vocabulary = Checks.notNull(vocabulary, "vocabulary");
        this.sequenceLength = Checks.positive(sequenceLength, "sequenceLength");
        this.batchSize = Checks.positive(batchSize, "batchSize");
        if (region.chars() < 2) {
            throw new IllegalArgumentException("text region of " + region.file() + " has " + region.chars()
                    + " characters; at least 2 are needed to predict one from the other");
        }
        this.batchesPerEpoch = batchesPerEpoch > 0 ? batchesPerEpoch
                : Math.max(1, (region.chars() + (long) batchSize * sequenceLength - 1)
                / ((long) batchSize * sequenceLength));
        this.seed = seed;
        setEpoch(0);
    }

    /** Restarts at the first batch of {@code epoch}. */
    public CharStreamIterator setEpoch(int epoch) {
        this.epoch = Checks.nonNegative(epoch, "epoch");
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        this.produced = 0;
        return this;
    }

    /** A fresh iterator over the same data positioned at {@code epoch}. */
    public CharStreamIterator forEpoch(int epoch) {
        return new CharStreamIterator(region, vocabulary, sequenceLength, batchSize, batchesPerEpoch, seed)
                .setEpoch(epoch);
    }

    public long batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int sequenceLength() {
        return sequenceLength;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public boolean hasNext() {
        return produced < batchesPerEpoch;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + batchesPerEpoch + " batches");
        }
        int v = vocabulary.size();
        int t = sequenceLength;
        float[] features = new float[num * v * t];
        float[] labels = new float[num * v * t];
        float[] mask = new float[num * t];
        int[] window = new int[t + 1];
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
            for (int b = 0; b < num; b++) {
                long offset = region.startByte() + random.nextLong(Math.max(1, region.bytes() - 1));
                offset = CodePointReader.alignToCodePoint(channel, offset, region.endByte());
                int n = readWindow(channel, offset, window);
                for (int s = 0; s + 1 < n; s++) {
                    // NCW, C order: index (b, c, s) = b*v*t + c*t + s
                    features[b * v * t + window[s] * t + s] = 1f;
                    labels[b * v * t + window[s + 1] * t + s] = 1f;
                    mask[b * t + s] = 1f;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + region.file(), e);
        }
        produced++;
        INDArray f = Nd4j.create(features, new long[]{num, v, t}, 'c');
        INDArray l = Nd4j.create(labels, new long[]{num, v, t}, 'c');
        INDArray m = Nd4j.create(mask, new long[]{num, t}, 'c');
        DataSet ds = new DataSet(f, l, m, m.dup());
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Reads up to {@code window.length} character ids starting at byte {@code offset}; returns how many. */
    private int readWindow(FileChannel channel, long offset, int[] window) throws IOException {
        int bytes = window.length * 4;
        try (CodePointReader r = new CodePointReader(region.file(), channel, offset, region.endByte(), bytes)) {
            int n = 0;
            for (int cp = r.next(); cp >= 0 && n < window.length; cp = r.next()) {
                window[n++] = vocabulary.id(Character.toString(cp));
            }
            return n;
        }
    }

    @Override
    public int inputColumns() {
        return vocabulary.size();
    }

    @Override
    public int totalOutcomes() {
        return vocabulary.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        setEpoch(epoch);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return vocabulary.tokens();
    }
}
