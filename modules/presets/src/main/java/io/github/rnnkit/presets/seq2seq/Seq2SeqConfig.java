package io.github.rnnkit.presets.seq2seq;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.data.seq2seq.Overlong;
import io.github.rnnkit.data.seq2seq.Segmentation;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies;

/**
 * An encoder-decoder's shape and symbol handling (training settings live in
 * {@link io.github.rnnkit.core.train.TrainingConfig}).
 *
 * @param encoder            the encoder stack over the source embeddings (bidirectional or not)
 * @param decoder            the decoder stack, left to right (its bidirectional mode must be NONE)
 * @param sourceEmbedding    width of a source symbol's embedding, at least 1
 * @param targetEmbedding    width of a target symbol's embedding, at least 1
 * @param attention          how the decoder looks at the encoder outputs
 * @param dropout            probability of dropping each input activation of the encoder, the decoder and the layer
 *                           that merges the decoder state with the context, in [0, 1)
 * @param minCount           symbols seen fewer times than this in training read as UNK, at least 1
 * @param sourceEnd          whether sources end with EOS (useful for a left-to-right encoder)
 * @param sourceSegmentation how a source string splits into symbols (characters or whitespace tokens)
 * @param targetSegmentation how a target string splits into symbols
 * @param maxSourceLength    most source symbols, at least 1
 * @param maxTargetLength    most target symbols (EOS not counted); decoding stops after this many plus EOS
 * @param overlong           what happens to a longer source or training target: refused or truncated (counted)
 */
public record Seq2SeqConfig(RecurrentSpec encoder, RecurrentSpec decoder, int sourceEmbedding, int targetEmbedding,
                            Attention attention, double dropout, int minCount, Seq2SeqVocabularies.SourceEnd sourceEnd,
                            Segmentation sourceSegmentation, Segmentation targetSegmentation, int maxSourceLength,
                            int maxTargetLength, Overlong overlong) {

    public Seq2SeqConfig {
        Checks.notNull(encoder, "encoder");
        Checks.notNull(decoder, "decoder");
        if (decoder.readsBothDirections()) {
            throw new IllegalArgumentException("the decoder writes left to right: its bidirectional mode must be "
                    + "NONE, got " + decoder.bidirectional());
        }
        Checks.positive(sourceEmbedding, "sourceEmbedding");
        Checks.positive(targetEmbedding, "targetEmbedding");
        Checks.notNull(attention, "attention");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        Checks.positive(minCount, "minCount");
        Checks.notNull(sourceEnd, "sourceEnd");
        Checks.notNull(sourceSegmentation, "sourceSegmentation");
        Checks.notNull(targetSegmentation, "targetSegmentation");
        Checks.positive(maxSourceLength, "maxSourceLength");
        Checks.positive(maxTargetLength, "maxTargetLength");
        Checks.notNull(overlong, "overlong");
    }

    /**
     * Grapheme-to-phoneme defaults: a bidirectional LSTM encoder of 2 x 256 units over 64-wide letter
     * embeddings, an LSTM decoder of 256 units over 64-wide phoneme embeddings, multiplicative attention,
     * dropout 0.2; characters in, whitespace-separated symbols out; at most 40 symbols a side, longer ones refused.
     */
    public static Seq2SeqConfig defaults() {
        return new Seq2SeqConfig(
                new RecurrentSpec(RecurrentCell.LSTM, 256, 1, BidirectionalMode.CONCAT, 0.0, RecurrentImpl.RNNKIT),
                new RecurrentSpec(RecurrentCell.LSTM, 256, 1, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT),
                64, 64, Attention.MULTIPLICATIVE, 0.2, 1, Seq2SeqVocabularies.SourceEnd.NONE, Segmentation.CHARACTERS,
                Segmentation.TOKENS, 40, 40, Overlong.REFUSE);
    }

    /** Width of the encoder's output per source step (the attention values). */
    public int encoderOutputSize() {
        return encoder.outputSize();
    }

    public Seq2SeqConfig withEncoder(RecurrentSpec v) {
        return new Seq2SeqConfig(v, decoder, sourceEmbedding, targetEmbedding, attention, dropout, minCount,
                sourceEnd, sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withDecoder(RecurrentSpec v) {
        return new Seq2SeqConfig(encoder, v, sourceEmbedding, targetEmbedding, attention, dropout, minCount,
                sourceEnd, sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withEmbeddings(int source, int target) {
        return new Seq2SeqConfig(encoder, decoder, source, target, attention, dropout, minCount, sourceEnd,
                sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withAttention(Attention v) {
        return new Seq2SeqConfig(encoder, decoder, sourceEmbedding, targetEmbedding, v, dropout, minCount, sourceEnd,
                sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withDropout(double v) {
        return new Seq2SeqConfig(encoder, decoder, sourceEmbedding, targetEmbedding, attention, v, minCount,
                sourceEnd, sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withMinCount(int v) {
        return new Seq2SeqConfig(encoder, decoder, sourceEmbedding, targetEmbedding, attention, dropout, v,
                sourceEnd, sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withSourceEnd(Seq2SeqVocabularies.SourceEnd v) {
        return new Seq2SeqConfig(encoder, decoder, sourceEmbedding, targetEmbedding, attention, dropout, minCount, v,
                sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withSegmentation(Segmentation source, Segmentation target) {
        return new Seq2SeqConfig(encoder, decoder, sourceEmbedding, targetEmbedding, attention, dropout, minCount,
                sourceEnd, source, target, maxSourceLength, maxTargetLength, overlong);
    }

    public Seq2SeqConfig withMaxLengths(int source, int target) {
        return new Seq2SeqConfig(encoder, decoder, sourceEmbedding, targetEmbedding, attention, dropout, minCount,
                sourceEnd, sourceSegmentation, targetSegmentation, source, target, overlong);
    }

    public Seq2SeqConfig withOverlong(Overlong v) {
        return new Seq2SeqConfig(encoder, decoder, sourceEmbedding, targetEmbedding, attention, dropout, minCount,
                sourceEnd, sourceSegmentation, targetSegmentation, maxSourceLength, maxTargetLength, v);
    }
}
