package io.github.rnnkit.data.seq;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.train.BatchSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Padded, masked minibatches of variable-length token-id sequences for the many-to-one presets (one label per
 * sequence: text classification) and the many-to-many ones (one label per step: tagging), epoch by epoch for
 * the {@link io.github.rnnkit.core.train.Trainer}.
 *
 * <p>Shapes (DL4J's NCW): features [B, W, T] of ids (W ids per step, 1 by default: a token id for
 * {@code EmbeddingSequenceLayer}; a tagger's word id and character ids for {@code WordCharEmbedding}), features
 * mask [B, T] (1 for a real step, 0 for padding, padding on the right with {@code padId}); labels [B, C] one-hot
 * ({@link Labels#PER_SEQUENCE}, no labels mask), [B, C, T] one-hot ({@link Labels#PER_STEP}) or [B, 1, T] class
 * indices ({@link Labels#PER_STEP_INDEX}, for {@code SequenceSoftmax}), the last two with the features mask as
 * labels mask. T is the longest sequence of the batch.
 *
 * <p>Each epoch shuffles the examples with a seed derived from {@code seed} and the epoch (the same epoch
 * always gives the same batches), then, with bucketing, sorts each pool of {@code bucketPool} batches' worth
 * of examples by length before cutting batches, and shuffles the batch order: batches hold sequences of
 * similar length (little padding) in random order. Sequences longer than {@code maxLength} steps are cut to
 * their first {@code maxLength} steps; how many were cut is logged once, when the batches are made. Batches are built
 * one ahead on a background thread.
 *
 * <pre>{@code
 * SequenceBatches batches = SequenceBatches.builder(examples, SequenceBatches.Labels.PER_SEQUENCE, 2)
 *         .batchSize(64).maxLength(400).padId(vocabulary.id(Vocabulary.Special.PAD)).seed(42).build();
 * }</pre>
 */
public final class SequenceBatches implements BatchSource {
    private static final Logger log = LoggerFactory.getLogger(SequenceBatches.class);
    /** The largest id a float32 holds exactly (2^24). */
    static final int MAX_ID = 1 << 24;

    /** Where the labels sit. */
    public enum Labels {
        /** One label per sequence (many-to-one): labels [B, C]. */
        PER_SEQUENCE,
        /** One label per step (many-to-many): labels [B, C, T], masked like the features. */
        PER_STEP,
        /** One label per step as class indices: labels [B, 1, T], masked like the features. */
        PER_STEP_INDEX;

        boolean perStep() {
            return this != PER_SEQUENCE;
        }
    }

    /**
     * One training example. The arrays are used as given, not copied: do not change them once the batches are
     * built.
     *
     * @param ids    token ids, at least one step's worth; with W ids per step, step t's ids are
     *               {@code ids[t W .. t W + W - 1]}
     * @param labels one class index ({@link Labels#PER_SEQUENCE}) or one per step
     */
    public record Example(int[] ids, int[] labels) {
        public Example {
            Checks.notNull(ids, "ids");
            Checks.notNull(labels, "labels");
        }

        /** A many-to-one example. */
        public static Example of(int[] ids, int label) {
            return new Example(ids, new int[]{label});
        }
    }

    private final List<Example> examples;
    private final Labels labels;
    private final int classes;
    private final int batchSize;
    private final int maxLength;
    private final int padId;
    private final int idsPerStep;
    private final int bucketPool;
    private final long seed;
    private final long truncated;

    private SequenceBatches(Builder b) {
        for (int i = 0; i < b.examples.size(); i++) {
            if (b.examples.get(i) == null) {
                throw new IllegalArgumentException("example " + i + " is null");
            }
        }
        this.examples = List.copyOf(b.examples);
        this.labels = b.labels;
        this.classes = b.classes;
        this.batchSize = b.batchSize;
        this.maxLength = b.maxLength;
        this.padId = b.padId;
        this.idsPerStep = b.idsPerStep;
        this.bucketPool = b.bucketPool;
        this.seed = b.seed;
        long cut = 0;
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (e.ids().length == 0) {
                throw new IllegalArgumentException("example " + i + " has no tokens; every sequence needs at least one");
            }
            if (e.ids().length % idsPerStep != 0) {
                throw new IllegalArgumentException("example " + i + " has " + e.ids().length + " ids, not a multiple of "
                        + "the " + idsPerStep + " ids per step");
            }
            int steps = e.ids().length / idsPerStep;
            int expected = labels == Labels.PER_SEQUENCE ? 1 : steps;
            if (e.labels().length != expected) {
                throw new IllegalArgumentException("example " + i + " has " + e.labels().length + " labels for "
                        + steps + " tokens; " + labels + " needs " + expected);
            }
            for (int label : e.labels()) {
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException("example " + i + " has label " + label + "; labels must be in [0, "
                            + classes + ")");
                }
            }
            for (int t = 0; t < e.ids().length; t++) {
                if (e.ids()[t] < 0 || e.ids()[t] > MAX_ID) {
                    throw new IllegalArgumentException("example " + i + " has token id " + e.ids()[t] + " at position "
                            + t + "; ids must be in [0, " + MAX_ID + "] (batches hold them as exact float32 values)");
                }
            }
            if (steps > maxLength) {
                cut++;
            }
        }
        this.truncated = cut;
        if (cut > 0) {
            log.warn("{} of {} sequences are longer than maxLength {} and are cut to their first {} tokens", cut,
                    examples.size(), maxLength, maxLength);
        }
    }

    /**
     * Starts a builder.
     *
     * @param examples the examples, at least one
     * @param labels   where the labels sit
     * @param classes  number of classes, at least 2
     */
    public static Builder builder(List<Example> examples, Labels labels, int classes) {
        return new Builder(examples, labels, classes);
    }

    /** How many sequences were longer than {@code maxLength} and are cut. */
    public long truncated() {
        return truncated;
    }

    public int size() {
        return examples.size();
    }

    @Override
    public long batchesPerEpoch() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    /** The example indices of each batch of {@code epoch}, in order. */
    List<int[]> plan(int epoch) {
        List<Integer> order = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        Collections.shuffle(order, random);
        if (bucketPool > 1) {
            int pool = bucketPool * batchSize;
            for (int from = 0; from < order.size(); from += pool) {
                List<Integer> part = order.subList(from, Math.min(order.size(), from + pool));
                part.sort((a, b) -> Integer.compare(length(a), length(b)));
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(order.subList(from, Math.min(order.size(), from + batchSize)).stream().mapToInt(Integer::intValue)
                    .toArray());
        }
        if (bucketPool > 1) {
            Collections.shuffle(batches, random);
        }
        return batches;
    }

    private int length(int example) {
        return Math.min(maxLength, examples.get(example).ids().length / idsPerStep);
    }

    /** The batch of these examples (exposed for tests and for prediction over a fixed list). */
    public MultiDataSet batch(int[] members) {
        int b = members.length;
        int steps = 0;
        for (int m : members) {
            steps = Math.max(steps, length(m));
        }
        int w = idsPerStep;
        float[] ids = new float[b * w * steps];
        float[] mask = new float[b * steps];
        Arrays.fill(ids, padId);
        boolean perStep = labels.perStep();
        boolean indices = labels == Labels.PER_STEP_INDEX;
        int labelRows = indices ? 1 : classes;
        float[] y = new float[perStep ? b * labelRows * steps : b * classes];
        for (int r = 0; r < b; r++) {
            Example e = examples.get(members[r]);
            int len = length(members[r]);
            for (int t = 0; t < len; t++) {
                for (int k = 0; k < w; k++) {
                    ids[(r * w + k) * steps + t] = e.ids()[t * w + k];             // [B, W, T], 'c' order
                }
                mask[r * steps + t] = 1f;
                if (indices) {
                    y[r * steps + t] = e.labels()[t];                              // [B, 1, T]
                } else if (perStep) {
                    y[(r * classes + e.labels()[t]) * steps + t] = 1f;             // [B, C, T], 'c' order
                }
            }
            if (!perStep) {
                y[r * classes + e.labels()[0]] = 1f;
            }
        }
        INDArray features = Nd4j.create(ids, new long[]{b, w, steps}, 'c');
        INDArray featuresMask = Nd4j.create(mask, new long[]{b, steps}, 'c');
        INDArray labelsArray = perStep ? Nd4j.create(y, new long[]{b, labelRows, steps}, 'c')
                : Nd4j.create(y, new long[]{b, classes}, 'c');
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{features}, new INDArray[]{labelsArray},
                new INDArray[]{featuresMask}, perStep ? new INDArray[]{featuresMask} : null);
    }

    /**
     * The batches of {@code epoch}, built one ahead on a daemon thread. A caller that stops part way (a time
     * budget, early stopping) need not close anything: once the returned iterator is unreachable the thread
     * notices within a fraction of a second and ends.
     */
    @Override
    public Iterator<MultiDataSet> epoch(int epoch) {
        List<int[]> plan = plan(epoch);
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        Prefetched iterator = new Prefetched(queue);
        java.lang.ref.WeakReference<Prefetched> consumer = new java.lang.ref.WeakReference<>(iterator);
        Thread producer = new Thread(() -> {
            try {
                for (int[] members : plan) {
                    if (!hand(queue, batch(members), consumer)) {
                        return;
                    }
                }
                hand(queue, Prefetched.END, consumer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                queue.clear();
                queue.offer(e);
            }
        }, "rnnkit-batches-epoch-" + epoch);
        producer.setDaemon(true);
        producer.start();
        return iterator;
    }

    /** Puts {@code item} on the queue; false (give up) once the consuming iterator has been collected. */
    private static boolean hand(BlockingQueue<Object> queue, Object item,
                                java.lang.ref.WeakReference<Prefetched> consumer) throws InterruptedException {
        while (!queue.offer(item, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (consumer.get() == null) {
                return false;
            }
        }
        return true;
    }

    /** The consuming side of {@link #epoch}; the producer holds it only weakly. */
    private static final class Prefetched implements Iterator<MultiDataSet> {
        static final Object END = new Object();
        private final BlockingQueue<Object> queue;
        private Object next;

        Prefetched(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a batch", e);
                }
            }
            if (next instanceof RuntimeException e) {
                throw new IllegalStateException("building a batch failed: " + e.getMessage(), e);
            }
            return next != END;
        }

        @Override
        public MultiDataSet next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            MultiDataSet out = (MultiDataSet) next;
            next = null;
            return out;
        }
    }

    /** Builds {@link SequenceBatches}; every setting is validated when {@link #build()} runs. */
    public static final class Builder {
        private final List<Example> examples;
        private final Labels labels;
        private final int classes;
        private int batchSize = 32;
        private int maxLength = 400;
        private int padId = 0;
        private int idsPerStep = 1;
        private int bucketPool = 50;
        private long seed = 42;

        private Builder(List<Example> examples, Labels labels, int classes) {
            this.examples = examples;
            this.labels = labels;
            this.classes = classes;
        }

        /** Sequences per batch (default 32). */
        public Builder batchSize(int v) {
            this.batchSize = v;
            return this;
        }

        /** Longer sequences keep their first {@code v} tokens (default 400). */
        public Builder maxLength(int v) {
            this.maxLength = v;
            return this;
        }

        /** The id written at padded steps (default 0; they are masked either way). */
        public Builder padId(int v) {
            this.padId = v;
            return this;
        }

        /** Ids per step W (default 1): features are [B, W, T]. */
        public Builder idsPerStep(int v) {
            this.idsPerStep = v;
            return this;
        }

        /** Batches' worth of examples sorted by length together; 1 turns bucketing off (default 50). */
        public Builder bucketPool(int v) {
            this.bucketPool = v;
            return this;
        }

        /** The seed of the per-epoch shuffles (default 42). */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public SequenceBatches build() {
            Checks.notNull(examples, "examples");
            Checks.notNull(labels, "labels");
            if (examples.isEmpty()) {
                throw new IllegalArgumentException("examples must not be empty");
            }
            if (classes < 2) {
                throw new IllegalArgumentException("classes must be >= 2, got " + classes);
            }
            Checks.positive(batchSize, "batchSize");
            Checks.positive(maxLength, "maxLength");
            Checks.positive(bucketPool, "bucketPool");
            Checks.positive(idsPerStep, "idsPerStep");
            if (padId < 0) {
                throw new IllegalArgumentException("padId must be >= 0, got " + padId);
            }
            return new SequenceBatches(this);
        }
    }
}
