package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.text.Vocabulary;
import io.github.rnnkit.data.text.Vocabulary.Special;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two vocabularies of a sequence-to-sequence model, one per side, fitted on the training pairs only and saved
 * with the model; and the one place where symbols become ids, so that training and inference encode alike.
 *
 * <p>Ids. Source: PAD = 0, UNK = 1, then, with {@link SourceEnd#EOS}, EOS = 2; then the source symbols. Target:
 * PAD = 0, UNK = 1, BOS = 2, EOS = 3, then the target symbols. Symbols come by descending count in the training
 * pairs, ties by {@link String#compareTo} ({@link Vocabulary}'s order). PAD is 0 on both sides, so a padded batch
 * is zero-filled and masked.
 *
 * <p>Encoding. {@link #encodeSource} gives the ids the encoder reads (EOS last with {@link SourceEnd#EOS});
 * {@link #encodeTarget} gives the ids of the target symbols alone: {@link ParallelBatches} puts BOS before them for
 * the decoder's input and EOS after them for its labels, and a decoder at inference starts from {@link #bosId()}
 * and stops at {@link #eosId()}. A symbol without an id of its own (unseen in training, rarer than
 * {@code minCount}, or spelled like a special token such as {@code <s>}) becomes UNK and is counted in the
 * {@link UnknownSymbols} the caller passes.
 *
 * <pre>{@code
 * Seq2SeqVocabularies v = Seq2SeqVocabularies.fit(split.pairs(G2pSplit.Part.TRAIN), 1, SourceEnd.NONE);
 * UnknownSymbols unknown = new UnknownSymbols();
 * int[] letters = v.encodeSource(List.of("C", "A", "T"), unknown);
 * for (Map.Entry<String, byte[]> a : v.toArtifacts().entrySet()) {   // source- and target-vocabulary.json
 *     bundle = bundle.withArtifact(a.getKey(), a.getValue());
 * }
 * Seq2SeqVocabularies loaded = Seq2SeqVocabularies.fromArtifacts(bundle.artifacts(), file.toString());
 * }</pre>
 */
public final class Seq2SeqVocabularies {
    private static final Logger log = LoggerFactory.getLogger(Seq2SeqVocabularies.class);
    /** The padding id of both sides. */
    public static final int PAD_ID = 0;
    /** The bundle artifact holding the source vocabulary. */
    public static final String SOURCE_ARTIFACT = "source-vocabulary.json";
    /** The bundle artifact holding the target vocabulary. */
    public static final String TARGET_ARTIFACT = "target-vocabulary.json";
    /** The largest vocabulary whose ids a float32 holds exactly (2^24): batches carry ids as floats. */
    static final int MAX_SIZE = 1 << 24;
    private static final List<Special> TARGET_SPECIALS = List.of(Special.PAD, Special.UNK, Special.BOS, Special.EOS);

    /** One side of a pair. */
    public enum Side {
        SOURCE, TARGET
    }

    /** How a source sequence ends. */
    public enum SourceEnd {
        /** With its last symbol; enough for a bidirectional encoder, which sees both ends. */
        NONE,
        /** With an EOS id after its last symbol, which tells a left-to-right encoder where the input stops. */
        EOS;

        List<Special> specials() {
            return this == EOS ? List.of(Special.PAD, Special.UNK, Special.EOS) : List.of(Special.PAD, Special.UNK);
        }
    }

    private final Vocabulary source;
    private final Vocabulary target;
    private final SourceEnd sourceEnd;

    private Seq2SeqVocabularies(Vocabulary source, Vocabulary target, SourceEnd sourceEnd) {
        this.source = source;
        this.target = target;
        this.sourceEnd = sourceEnd;
    }

    /**
     * Fits both vocabularies on the training pairs.
     *
     * @param train     the training pairs, at least one; never the dev or test pairs
     * @param minCount  a symbol seen fewer times than this (on its side) gets no id and reads as UNK; 1 keeps every
     *                  symbol
     * @param sourceEnd whether source sequences end with EOS
     */
    public static Seq2SeqVocabularies fit(Collection<ParallelPair> train, int minCount, SourceEnd sourceEnd) {
        Checks.notNull(train, "train");
        Checks.positive(minCount, "minCount");
        Checks.notNull(sourceEnd, "sourceEnd");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("train must hold at least one pair, got none");
        }
        Map<String, Long> sourceCounts = new HashMap<>();
        Map<String, Long> targetCounts = new HashMap<>();
        for (ParallelPair p : train) {
            Checks.notNull(p, "train element");
            p.source().forEach(s -> sourceCounts.merge(s, 1L, Long::sum));
            p.target().forEach(s -> targetCounts.merge(s, 1L, Long::sum));
        }
        Vocabulary source = Vocabulary.builder().minFrequency(minCount)
                .specials(sourceEnd.specials().toArray(Special[]::new)).fitCounts(sourceCounts);
        Vocabulary target = Vocabulary.builder().minFrequency(minCount)
                .specials(TARGET_SPECIALS.toArray(Special[]::new)).fitCounts(targetCounts);
        Seq2SeqVocabularies fitted = of(source, target);
        log.info("Fitted seq2seq vocabularies on {} pairs (minCount {}): source {} symbols of {} seen, target {} of {} "
                        + "seen; sources end with {}", train.size(), minCount, fitted.symbols(Side.SOURCE),
                sourceCounts.size(), fitted.symbols(Side.TARGET), targetCounts.size(), sourceEnd);
        return fitted;
    }

    /**
     * The vocabularies as given, checked: the source one has specials PAD, UNK and optionally EOS, the target one
     * PAD, UNK, BOS and EOS, and neither more than 2^24 ids.
     *
     * @throws IllegalArgumentException when a vocabulary has other specials or is too large
     */
    public static Seq2SeqVocabularies of(Vocabulary source, Vocabulary target) {
        Checks.notNull(source, "source");
        Checks.notNull(target, "target");
        SourceEnd end = null;
        for (SourceEnd e : SourceEnd.values()) {
            if (source.specials().equals(e.specials())) {
                end = e;
            }
        }
        if (end == null) {
            throw new IllegalArgumentException("source vocabulary must have specials " + SourceEnd.NONE.specials()
                    + " or " + SourceEnd.EOS.specials() + ", got " + source.specials());
        }
        if (!target.specials().equals(TARGET_SPECIALS)) {
            throw new IllegalArgumentException("target vocabulary must have specials " + TARGET_SPECIALS + ", got "
                    + target.specials());
        }
        for (Vocabulary v : List.of(source, target)) {
            if (v.size() > MAX_SIZE) {
                throw new IllegalArgumentException("a vocabulary holds " + v.size() + " ids; at most " + MAX_SIZE
                        + " (batches hold ids as exact float32 values)");
            }
        }
        return new Seq2SeqVocabularies(source, target, end);
    }

    /**
     * Reads the vocabularies from a bundle's artifacts ({@link #SOURCE_ARTIFACT} and {@link #TARGET_ARTIFACT}),
     * as {@link #toArtifacts()} wrote them.
     *
     * @param artifacts the bundle's artifacts by name
     * @param where     the bundle, for messages
     * @throws IllegalArgumentException when an artifact is missing or is not a vocabulary {@link #of} accepts
     */
    public static Seq2SeqVocabularies fromArtifacts(Map<String, byte[]> artifacts, String where) {
        Checks.notNull(artifacts, "artifacts");
        Vocabulary source = Vocabulary.fromJson(artifact(artifacts, SOURCE_ARTIFACT, where),
                SOURCE_ARTIFACT + " in " + where);
        Vocabulary target = Vocabulary.fromJson(artifact(artifacts, TARGET_ARTIFACT, where),
                TARGET_ARTIFACT + " in " + where);
        return of(source, target);
    }

    private static byte[] artifact(Map<String, byte[]> artifacts, String name, String where) {
        byte[] bytes = artifacts.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException(where + " has no artifact '" + name + "'; a seq2seq model stores "
                    + SOURCE_ARTIFACT + " and " + TARGET_ARTIFACT + ", found " + artifacts.keySet());
        }
        return bytes;
    }

    /** Both vocabularies as JSON ({@link Vocabulary#toJson()}), by artifact name, source first. */
    public Map<String, byte[]> toArtifacts() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(SOURCE_ARTIFACT, source.toJson());
        out.put(TARGET_ARTIFACT, target.toJson());
        return Collections.unmodifiableMap(out);
    }

    /** The source side's vocabulary: the encoder's input ids. */
    public Vocabulary source() {
        return source;
    }

    /** The target side's vocabulary: the decoder's input ids and the output classes. */
    public Vocabulary target() {
        return target;
    }

    /** The vocabulary of {@code side}. */
    public Vocabulary vocabulary(Side side) {
        return Checks.notNull(side, "side") == Side.SOURCE ? source : target;
    }

    /** Whether source sequences end with EOS. */
    public SourceEnd sourceEnd() {
        return sourceEnd;
    }

    /** The target id the decoder starts from. */
    public int bosId() {
        return target.id(Special.BOS);
    }

    /** The target id that ends an output. */
    public int eosId() {
        return target.id(Special.EOS);
    }

    /** How many symbols of {@code side} have an id of their own (the vocabulary without its specials). */
    public int symbols(Side side) {
        Vocabulary v = vocabulary(side);
        return v.size() - v.specials().size();
    }

    /**
     * The encoder's input ids of {@code symbols}: one per symbol, then EOS with {@link SourceEnd#EOS}. Symbols
     * without an id become UNK and are counted in {@code unknown}.
     */
    public int[] encodeSource(List<String> symbols, UnknownSymbols unknown) {
        Checks.notNull(symbols, "symbols");
        int[] ids = new int[symbols.size() + (sourceEnd == SourceEnd.EOS ? 1 : 0)];
        encode(symbols, source, Side.SOURCE, unknown, ids);
        if (sourceEnd == SourceEnd.EOS) {
            ids[symbols.size()] = source.id(Special.EOS);
        }
        return ids;
    }

    /**
     * The target ids of {@code symbols}, one per symbol, without BOS or EOS. Symbols without an id become UNK and
     * are counted in {@code unknown}.
     */
    public int[] encodeTarget(List<String> symbols, UnknownSymbols unknown) {
        Checks.notNull(symbols, "symbols");
        int[] ids = new int[symbols.size()];
        encode(symbols, target, Side.TARGET, unknown, ids);
        return ids;
    }

    private static void encode(List<String> symbols, Vocabulary v, Side side, UnknownSymbols unknown, int[] ids) {
        Checks.notNull(unknown, "unknown");
        int unk = v.id(Special.UNK);
        List<String> unknownHere = new ArrayList<>(0);
        for (int i = 0; i < symbols.size(); i++) {
            String s = Checks.notNull(symbols.get(i), "symbols element");
            int id = v.id(s);
            if (id == unk || v.isSpecial(id)) {         // a symbol spelled "<s>" is data, not BOS
                unknownHere.add(s);
                id = unk;
            }
            ids[i] = id;
        }
        unknown.add(side, unknownHere);
    }

    /**
     * The target symbols of a decoder's output ids: up to the first EOS (excluded), PAD and BOS skipped, UNK kept
     * as its token {@code <unk>}.
     *
     * @throws IllegalArgumentException for an id outside [0, target().size())
     */
    public List<String> decodeTarget(int[] ids) {
        Checks.notNull(ids, "ids");
        int eos = eosId();
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id == eos) {
                break;
            }
            if (id != PAD_ID && id != bosId()) {
                out.add(target.token(id));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Seq2SeqVocabularies v && v.source.equals(source) && v.target.equals(target);
    }

    @Override
    public int hashCode() {
        return 31 * source.hashCode() + target.hashCode();
    }

    @Override
    public String toString() {
        return "Seq2SeqVocabularies[source " + source.size() + " ids (sources end with " + sourceEnd + "), target "
                + target.size() + " ids]";
    }
}
