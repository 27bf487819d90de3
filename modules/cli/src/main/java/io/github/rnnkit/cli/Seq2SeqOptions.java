package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.Optimizer;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.seq2seq.Overlong;
import io.github.rnnkit.presets.seq2seq.Attention;
import io.github.rnnkit.presets.seq2seq.Seq2SeqConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The seq2seq model's and training's options ({@code train seq2seq}). */
final class Seq2SeqOptions {
    @Option(names = "--cell", defaultValue = "LSTM", description = "recurrent cell: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    RecurrentCell cell;

    @Option(names = "--encoder-hidden", defaultValue = "256", description = "encoder units per direction (default: ${DEFAULT-VALUE})")
    int encoderHidden;

    @Option(names = "--encoder-layers", defaultValue = "1", description = "encoder layers (default: ${DEFAULT-VALUE})")
    int encoderLayers;

    @Option(names = "--unidirectional-encoder", description = "read the source left to right only (sources then end with EOS)")
    boolean unidirectional;

    @Option(names = "--decoder-hidden", defaultValue = "256", description = "decoder units (default: ${DEFAULT-VALUE})")
    int decoderHidden;

    @Option(names = "--decoder-layers", defaultValue = "1", description = "decoder layers (default: ${DEFAULT-VALUE})")
    int decoderLayers;

    @Option(names = "--embedding", defaultValue = "64", description = "symbol embedding width, both sides (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--attention", defaultValue = "MULTIPLICATIVE",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Attention attention;

    @Option(names = "--dropout", defaultValue = "0.2", description = "dropout on the encoder, decoder and output inputs (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--max-length", defaultValue = "40", description = "most symbols per source and per output (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--overlong", defaultValue = "REFUSE",
            description = "a longer source or training target: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; TRUNCATE counts and logs)")
    Overlong overlong;

    @Option(names = "--min-count", defaultValue = "1", description = "symbols seen fewer times read as UNK (default: ${DEFAULT-VALUE})")
    int minCount;

    @Option(names = "--epochs", defaultValue = "30", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "pairs per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--optimizer", defaultValue = "ADAM", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Optimizer optimizer;

    @Option(names = "--lr", defaultValue = "0.002", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "0.5",
            description = "multiply the learning rate by this after each epoch without a better dev WER, 1 to keep it (default: ${DEFAULT-VALUE})")
    double lrDecay;

    @Option(names = "--clip", defaultValue = "5", description = "clip gradients by global L2 norm, 0 to disable (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--patience", defaultValue = "3", description = "early-stopping patience in epochs on dev WER, 0 to disable (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, dropout and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--minutes", description = "stop training after this many minutes (default: no limit)")
    Double minutes;

    Seq2SeqConfig config() {
        try {
            Seq2SeqConfig c = Seq2SeqConfig.defaults()
                    .withEncoder(new RecurrentSpec(cell, encoderHidden, encoderLayers,
                            unidirectional ? BidirectionalMode.NONE : BidirectionalMode.CONCAT, 0.0, RecurrentImpl.RNNKIT))
                    .withDecoder(new RecurrentSpec(cell, decoderHidden, decoderLayers, BidirectionalMode.NONE, 0.0,
                            RecurrentImpl.RNNKIT))
                    .withEmbeddings(embedding, embedding).withAttention(attention).withDropout(dropout)
                    .withMaxLengths(maxLength, maxLength).withOverlong(overlong).withMinCount(minCount);
            if (unidirectional) {
                c = c.withSourceEnd(io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.SourceEnd.EOS);
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    TrainingConfig training() {
        if (minutes != null && !(minutes > 0)) {
            throw new RnnkitCli.UsageException("--minutes must be > 0, got " + minutes);
        }
        try {
            return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch).withOptimizer(optimizer)
                    .withLearningRate(learningRate).withClipGlobalNorm(clip).withEarlyStoppingPatience(patience)
                    .withSeed(seed).withMaxDuration(minutes == null ? null : Duration.ofMillis((long) (minutes * 60_000)))
                    .withLrDecay(lrDecay);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }
}
