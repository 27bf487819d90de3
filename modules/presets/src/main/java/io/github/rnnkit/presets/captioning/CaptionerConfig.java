package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.presets.seq2seq.Attention;

/**
 * A captioner's decoder shape and caption handling (training settings live in
 * {@link io.github.rnnkit.core.train.TrainingConfig}; the image side in {@link ImageEncoder}).
 *
 * @param decoder        the decoder stack, left to right (bidirectional mode NONE)
 * @param embedding      width of a word's embedding, at least 1
 * @param imageSize      width of the image vector the decoder reads at every step (a dense ReLU projection of
 *                       the whole feature map), at least 1
 * @param attention      NONE (the image vector only) or attention over the feature map's positions as well
 * @param dropout        probability of dropping each input activation of the image projection, the decoder's
 *                       first layer and the layer before the softmax, in [0, 1)
 * @param minCount       words seen fewer times than this in the training captions read as UNK, at least 1
 * @param maxLength      most words of a caption (EOS not counted): longer training captions are cut (counted and
 *                       logged), decoding stops after this many plus EOS
 * @param canonicalShare for images with a canonical caption (generated scenes): the probability of training on
 *                       it in an epoch instead of one of the other references, in [0, 1]; human captions are
 *                       drawn uniformly
 */
public record CaptionerConfig(RecurrentSpec decoder, int embedding, int imageSize, Attention attention,
                              double dropout, int minCount, int maxLength, double canonicalShare) {
    public CaptionerConfig {
        Checks.notNull(decoder, "decoder");
        if (decoder.readsBothDirections()) {
            throw new IllegalArgumentException("the decoder writes left to right: its bidirectional mode must be "
                    + "NONE, got " + decoder.bidirectional());
        }
        Checks.positive(embedding, "embedding");
        Checks.positive(imageSize, "imageSize");
        Checks.notNull(attention, "attention");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        Checks.positive(minCount, "minCount");
        Checks.positive(maxLength, "maxLength");
        if (!(canonicalShare >= 0 && canonicalShare <= 1)) {
            throw new IllegalArgumentException("canonicalShare must be in [0, 1], got " + canonicalShare);
        }
    }

    /**
     * Defaults for the scene task: an LSTM decoder of 256 units over 64-wide word embeddings, a 256-wide image
     * vector, multiplicative attention over the 7x7 feature map, dropout 0.1, captions of at most 20 words,
     * canonical caption half of the time.
     */
    public static CaptionerConfig defaults() {
        return new CaptionerConfig(
                new RecurrentSpec(RecurrentCell.LSTM, 256, 1, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT),
                64, 256, Attention.MULTIPLICATIVE, 0.1, 1, 20, 0.5);
    }

    public CaptionerConfig withDecoder(RecurrentSpec v) {
        return new CaptionerConfig(v, embedding, imageSize, attention, dropout, minCount, maxLength, canonicalShare);
    }

    public CaptionerConfig withEmbedding(int v) {
        return new CaptionerConfig(decoder, v, imageSize, attention, dropout, minCount, maxLength, canonicalShare);
    }

    public CaptionerConfig withImageSize(int v) {
        return new CaptionerConfig(decoder, embedding, v, attention, dropout, minCount, maxLength, canonicalShare);
    }

    public CaptionerConfig withAttention(Attention v) {
        return new CaptionerConfig(decoder, embedding, imageSize, v, dropout, minCount, maxLength, canonicalShare);
    }

    public CaptionerConfig withDropout(double v) {
        return new CaptionerConfig(decoder, embedding, imageSize, attention, v, minCount, maxLength, canonicalShare);
    }

    public CaptionerConfig withMinCount(int v) {
        return new CaptionerConfig(decoder, embedding, imageSize, attention, dropout, v, maxLength, canonicalShare);
    }

    public CaptionerConfig withMaxLength(int v) {
        return new CaptionerConfig(decoder, embedding, imageSize, attention, dropout, minCount, v, canonicalShare);
    }

    public CaptionerConfig withCanonicalShare(double v) {
        return new CaptionerConfig(decoder, embedding, imageSize, attention, dropout, minCount, maxLength, v);
    }
}
