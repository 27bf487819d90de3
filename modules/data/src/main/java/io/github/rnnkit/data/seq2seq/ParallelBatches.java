package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.Side;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Padded, masked minibatches of parallel pairs for training an encoder-decoder with teacher forcing, epoch by epoch
 * for the {@link io.github.rnnkit.core.train.Trainer}.
 *
 * <p>Each batch is a {@link MultiDataSet} with two inputs and one output (DL4J's NCW layout, ids as floats for
 * {@code EmbeddingSequenceLayer}); for a pair with source x1..xm and target y1..yn:
 * <pre>
 * input  {@value #SOURCE_INPUT}  source ids    [B, 1, Ts]  x1 .. xm (EOS)   mask [B, Ts]
 * input  {@value #DECODER_INPUT}  decoder input [B, 1, Tt]  BOS y1 .. yn     mask [B, Tt]
 * output 0  labels        [B, 1, Tt]  y1 .. yn EOS     labels mask = the decoder-input mask
 * </pre>
 * At step t the decoder reads the true previous symbol (BOS at t = 0) and is scored on the next one: the labels are
 * the decoder input shifted left by one, with EOS last. Labels are class indices, for rnnkit's
 * {@code SequenceSoftmax} (sparse cross-entropy). Ts is the batch's longest source (EOS included when the
 * vocabularies end sources with it), Tt its longest target plus one; shorter sequences are padded on the right
 * with PAD ({@link Seq2SeqVocabularies#PAD_ID}, 0) and their padding steps are 0 in the masks, so padding is never
 * read as input nor scored.
 *
 * <p>Order, as {@link io.github.rnnkit.data.seq.SequenceBatches}: each epoch shuffles the pairs with a seed derived
 * from {@code seed} and the epoch (the same epoch always gives the same batches, so a run resumes to the same
 * result); with {@link Bucketing} other than {@code NONE} it then sorts each pool of {@code bucketPool} batches'
 * worth of pairs by length before cutting batches, and shuffles the batch order: batches hold pairs of similar
 * length (little padding) in random order.
 *
 * <p>Lengths: a side longer than {@code maxSourceLength} / {@code maxTargetLength} symbols (EOS and BOS not
 * counted) is refused or cut to its first symbols, by {@link Overlong}; cuts are counted and logged at WARN once,
 * when the batches are built. Symbols without an id in the vocabularies read as UNK and are counted in
 * {@link #unknownSymbols()} (logged at WARN): none for the pairs the vocabularies were fitted on with
 * {@code minCount} 1.
 *
 * <pre>{@code
 * List<ParallelPair> train = split.pairs(G2pSplit.Part.TRAIN);
 * Seq2SeqVocabularies vocabularies = Seq2SeqVocabularies.fit(train, 1, Seq2SeqVocabularies.SourceEnd.NONE);
 * ParallelBatches batches = ParallelBatches.builder(train, vocabularies).batchSize(64).maxSourceLength(40)
 *         .maxTargetLength(40).overlong(Overlong.REFUSE).seed(42).build();
 * }</pre>
 */
public final class ParallelBatches implements BatchSource {
    private static final Logger log = LoggerFactory.getLogger(ParallelBatches.class);
    /** The index of the source ids among a batch's inputs. */
    public static final int SOURCE_INPUT = 0;
    /** The index of the decoder input ids among a batch's inputs. */
    public static final int DECODER_INPUT = 1;

    /** Which length brings pairs into the same batch. */
    public enum Bucketing {
        /** None: batches are cut from the shuffled pairs as they come. */
        NONE,
        /** The source length: little source padding (the encoder's work). */
        SOURCE_LENGTH,
        /** The longer of the source and decoder lengths: little padding on the side that costs most. */
        LONGER_SIDE
    }

    /** One pair as ids: the encoder's input (EOS included when used) and the bare target symbols. */
    private record Example(int[] source, int[] target, String origin) {
        int decoderSteps() {
            return target.length + 1;
        }
    }

    private final List<Example> examples;
    private final Seq2SeqVocabularies vocabularies;
    private final int batchSize;
    private final Bucketing bucketing;
    private final int bucketPool;
    private final long seed;
    private final long truncatedSources;
    private final long truncatedTargets;
    private final UnknownSymbols unknown = new UnknownSymbols();

    private ParallelBatches(Builder b) {
        this.vocabularies = b.vocabularies;
        this.batchSize = b.batchSize;
        this.bucketing = b.bucketing;
        this.bucketPool = b.bucketPool;
        this.seed = b.seed;
        List<Example> encoded = new ArrayList<>(b.pairs.size());
        long cutSources = 0;
        long cutTargets = 0;
        String firstCut = null;
        for (int i = 0; i < b.pairs.size(); i++) {
            ParallelPair p = b.pairs.get(i);
            if (p == null) {
                throw new IllegalArgumentException("pairs element " + i + " is null");
            }
            List<String> source = b.overlong.apply(p.source(), b.maxSourceLength, "maxSourceLength", p.origin());
            List<String> target = b.overlong.apply(p.target(), b.maxTargetLength, "maxTargetLength", p.origin());
            boolean cutSource = source.size() < p.source().size();
            boolean cutTarget = target.size() < p.target().size();
            cutSources += cutSource ? 1 : 0;
            cutTargets += cutTarget ? 1 : 0;
            if ((cutSource || cutTarget) && firstCut == null) {
                firstCut = p.origin();
            }
            encoded.add(new Example(vocabularies.encodeSource(source, unknown), vocabularies.encodeTarget(target,
                    unknown), p.origin()));
        }
        this.examples = List.copyOf(encoded);
        this.truncatedSources = cutSources;
        this.truncatedTargets = cutTargets;
        if (firstCut != null) {
            log.warn("Truncated {} source(s) longer than maxSourceLength {} and {} target(s) longer than "
                            + "maxTargetLength {} of {} pairs to their first symbols (the first from {})", cutSources,
                    b.maxSourceLength, cutTargets, b.maxTargetLength, examples.size(), firstCut);
        }
        if (!unknown.isEmpty()) {
            log.warn("Symbols without an id in the vocabularies, read as UNK, in {} pairs: {}", examples.size(),
                    unknown);
        }
        log.info("{} pairs in {} batches of {} (bucketing {}, pool {}, seed {}); longest source {} and decoder {} "
                        + "steps", examples.size(), batchesPerEpoch(), batchSize, bucketing, bucketPool, seed,
                examples.stream().mapToInt(e -> e.source().length).max().orElse(0),
                examples.stream().mapToInt(Example::decoderSteps).max().orElse(0));
    }

    /**
     * Starts a builder.
     *
     * @param pairs        the pairs, at least one; read once, when {@link Builder#build()} runs
     * @param vocabularies the vocabularies that turn them into ids (fitted on the training pairs)
     */
    public static Builder builder(List<ParallelPair> pairs, Seq2SeqVocabularies vocabularies) {
        return new Builder(pairs, vocabularies);
    }

    /** How many pairs the batches hold. */
    public int size() {
        return examples.size();
    }

    /** The vocabularies the pairs were encoded with. */
    public Seq2SeqVocabularies vocabularies() {
        return vocabularies;
    }

    /** How many sources were longer than {@code maxSourceLength} and were cut ({@link Overlong#TRUNCATE}). */
    public long truncatedSources() {
        return truncatedSources;
    }

    /** How many targets were longer than {@code maxTargetLength} and were cut ({@link Overlong#TRUNCATE}). */
    public long truncatedTargets() {
        return truncatedTargets;
    }

    /** The symbols of the pairs that had no id in the vocabularies and read as UNK. */
    public UnknownSymbols unknownSymbols() {
        return unknown;
    }

    @Override
    public long batchesPerEpoch() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    /** The pair indices of each batch of {@code epoch}, in order. */
    List<int[]> plan(int epoch) {
        List<Integer> order = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        // The same seed formula as SequenceBatches: one Random per (seed, epoch), used for both shuffles.
        Random random = new Random(seed * 1_000_003L + epoch);
        Collections.shuffle(order, random);
        boolean bucketed = bucketing != Bucketing.NONE && bucketPool > 1;
        if (bucketed) {
            int pool = bucketPool * batchSize;
            for (int from = 0; from < order.size(); from += pool) {
                // A stable sort: pairs of equal length keep their shuffled order.
                order.subList(from, Math.min(order.size(), from + pool))
                        .sort((a, b) -> Integer.compare(bucketLength(a), bucketLength(b)));
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(order.subList(from, Math.min(order.size(), from + batchSize)).stream()
                    .mapToInt(Integer::intValue).toArray());
        }
        if (bucketed) {
            Collections.shuffle(batches, random);
        }
        return batches;
    }

    private int bucketLength(int pair) {
        Example e = examples.get(pair);
        return bucketing == Bucketing.SOURCE_LENGTH ? e.source().length
                : Math.max(e.source().length, e.decoderSteps());
    }

    /**
     * The batch of these pairs, in this order (exposed for tests and for scoring a fixed list).
     *
     * @param members pair indices, at least one, each in [0, {@link #size()})
     */
    public MultiDataSet batch(int[] members) {
        Checks.notNull(members, "members");
        if (members.length == 0) {
            throw new IllegalArgumentException("members must name at least one pair, got none");
        }
        int b = members.length;
        int ts = 0;
        int tt = 0;
        for (int m : members) {
            if (m < 0 || m >= examples.size()) {
                throw new IllegalArgumentException("members holds " + m + "; pair indices are in [0, "
                        + examples.size() + ")");
            }
            ts = Math.max(ts, examples.get(m).source().length);
            tt = Math.max(tt, examples.get(m).decoderSteps());
        }
        // Row r, step t of an id array [B, 1, T] or a mask [B, T] ('c' order) is element r * T + t. Arrays start
        // zero-filled: PAD (id 0) and mask 0 wherever a sequence has ended.
        float[] source = new float[b * ts];
        float[] sourceMask = new float[b * ts];
        float[] decoderIn = new float[b * tt];
        float[] labels = new float[b * tt];
        float[] decoderMask = new float[b * tt];
        int bos = vocabularies.bosId();
        int eos = vocabularies.eosId();
        for (int r = 0; r < b; r++) {
            Example e = examples.get(members[r]);
            for (int t = 0; t < e.source().length; t++) {
                source[r * ts + t] = e.source()[t];
                sourceMask[r * ts + t] = 1f;
            }
            int n = e.target().length;
            for (int t = 0; t <= n; t++) {
                decoderIn[r * tt + t] = t == 0 ? bos : e.target()[t - 1];     // the true previous symbol
                labels[r * tt + t] = t == n ? eos : e.target()[t];            // the symbol to predict
                decoderMask[r * tt + t] = 1f;
            }
        }
        INDArray decoderMaskArray = Nd4j.create(decoderMask, new long[]{b, tt}, 'c');
        INDArray[] inputs = {Nd4j.create(source, new long[]{b, 1, ts}, 'c'),
                Nd4j.create(decoderIn, new long[]{b, 1, tt}, 'c')};
        INDArray[] inputMasks = {Nd4j.create(sourceMask, new long[]{b, ts}, 'c'), decoderMaskArray};
        return new org.nd4j.linalg.dataset.MultiDataSet(inputs,
                new INDArray[]{Nd4j.create(labels, new long[]{b, 1, tt}, 'c')}, inputMasks,
                new INDArray[]{decoderMaskArray});
    }

    /**
     * The batches of {@code epoch}, each built when the iterator reaches it (on the caller's thread: a batch of
     * short pairs costs little next to a training step).
     *
     * @param epoch the epoch, 0-based
     */
    @Override
    public Iterator<MultiDataSet> epoch(int epoch) {
        Checks.nonNegative(epoch, "epoch");
        Iterator<int[]> plan = plan(epoch).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return plan.hasNext();
            }

            @Override
            public MultiDataSet next() {
                return batch(plan.next());
            }
        };
    }

    /** Builds {@link ParallelBatches}; each setting is checked when it is set. */
    public static final class Builder {
        private final List<ParallelPair> pairs;
        private final Seq2SeqVocabularies vocabularies;
        private int batchSize = 32;
        private int maxSourceLength = 200;
        private int maxTargetLength = 200;
        private Overlong overlong = Overlong.REFUSE;
        private Bucketing bucketing = Bucketing.LONGER_SIDE;
        private int bucketPool = 50;
        private long seed = 42;

        private Builder(List<ParallelPair> pairs, Seq2SeqVocabularies vocabularies) {
            this.pairs = Checks.notNull(pairs, "pairs");
            this.vocabularies = Checks.notNull(vocabularies, "vocabularies");
        }

        /** Pairs per batch (default 32); the last batch of an epoch may hold fewer. */
        public Builder batchSize(int v) {
            this.batchSize = Checks.positive(v, "batchSize");
            return this;
        }

        /** The most source symbols a pair may have, EOS not counted (default 200); see {@link #overlong}. */
        public Builder maxSourceLength(int v) {
            this.maxSourceLength = Checks.positive(v, "maxSourceLength");
            return this;
        }

        /** The most target symbols a pair may have, BOS and EOS not counted (default 200); see {@link #overlong}. */
        public Builder maxTargetLength(int v) {
            this.maxTargetLength = Checks.positive(v, "maxTargetLength");
            return this;
        }

        /** What happens to a side longer than its maximum (default {@link Overlong#REFUSE}). */
        public Builder overlong(Overlong v) {
            this.overlong = Checks.notNull(v, "overlong");
            return this;
        }

        /** Which length groups pairs into batches (default {@link Bucketing#LONGER_SIDE}). */
        public Builder bucketing(Bucketing v) {
            this.bucketing = Checks.notNull(v, "bucketing");
            return this;
        }

        /** Batches' worth of pairs sorted by length together (default 50); 1 sorts nothing. */
        public Builder bucketPool(int v) {
            this.bucketPool = Checks.positive(v, "bucketPool");
            return this;
        }

        /** The seed of the per-epoch shuffles (default 42). */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /**
         * Encodes the pairs and builds the batches.
         *
         * @throws IllegalArgumentException when there are no pairs, or a pair is longer than a maximum with
         *                                  {@link Overlong#REFUSE} (the message names its origin, length and the
         *                                  limit)
         */
        public ParallelBatches build() {
            if (pairs.isEmpty()) {
                throw new IllegalArgumentException("pairs must hold at least one pair, got none");
            }
            return new ParallelBatches(this);
        }
    }
}
