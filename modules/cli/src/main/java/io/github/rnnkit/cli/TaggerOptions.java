package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.Optimizer;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.presets.tagging.TaggerConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The tagger's model and training options, shared by {@code train tagger} and {@code bench tagging}. */
final class TaggerOptions {
    @Option(names = "--cell", defaultValue = "LSTM", description = "recurrent cell: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    RecurrentCell cell;

    @Option(names = "--hidden", defaultValue = "128", description = "units per layer and direction (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "recurrent layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--word-size", defaultValue = "100", description = "word embedding width (default: ${DEFAULT-VALUE})")
    int wordSize;

    @Option(names = "--char-size", defaultValue = "30",
            description = "character embedding width; 0 turns the character CNN off (default: ${DEFAULT-VALUE})")
    int charSize;

    @Option(names = "--char-filters", defaultValue = "50", description = "character CNN filters (default: ${DEFAULT-VALUE})")
    int charFilters;

    @Option(names = "--char-window", defaultValue = "3", description = "character CNN window (default: ${DEFAULT-VALUE})")
    int charWindow;

    @Option(names = "--dropout", defaultValue = "0.3", description = "dropout on the word vectors (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--layer-dropout", defaultValue = "0.0", description = "dropout between recurrent layers (default: ${DEFAULT-VALUE})")
    double layerDropout;

    @Option(names = "--word-dropout", defaultValue = "0.1",
            description = "probability of reading a training word as UNK (default: ${DEFAULT-VALUE})")
    double wordDropout;

    @Option(names = "--keep-case", description = "key the word table by words as written (default: lower-cased; the character CNN always sees case)")
    boolean keepCase;

    @Option(names = "--min-count", defaultValue = "1", description = "words seen fewer times map to UNK (default: ${DEFAULT-VALUE})")
    int minCount;

    @Option(names = "--max-length", defaultValue = "250",
            description = "tokens per sentence; longer ones are split into pieces, counted (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--epochs", defaultValue = "8", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "sentences per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--optimizer", defaultValue = "ADAM", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Optimizer optimizer;

    @Option(names = "--lr", defaultValue = "0.002", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--clip", defaultValue = "5", description = "clip gradients by global L2 norm, 0 to disable (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--patience", defaultValue = "2", description = "early-stopping patience in epochs, 0 to disable (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, dropout and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--word-vectors", paramLabel = "FILE",
            description = "start the word table from pretrained vectors (GloVe / word2vec text format; --word-size must match)")
    java.nio.file.Path wordVectors;

    @Option(names = "--minutes", description = "stop training after this many minutes (default: no limit)")
    Double minutes;

    /** The tagger config; a bad value is a usage error naming the option. */
    TaggerConfig config() {
        if (!(layerDropout >= 0 && layerDropout < 1)) {
            throw new RnnkitCli.UsageException("--layer-dropout must be in [0, 1), got " + layerDropout);
        }
        try {
            TaggerConfig c = TaggerConfig.defaults()
                    .withSpec(new RecurrentSpec(cell, hidden, layers, BidirectionalMode.CONCAT, layerDropout,
                            RecurrentImpl.RNNKIT))
                    .withWordSize(wordSize).withDropout(dropout, wordDropout).withMinWordCount(minCount)
                    .withMaxLength(maxLength).withLowerCaseWords(!keepCase);
            return charSize == 0 ? c.withoutCharacters() : c.withCharacters(charSize, charFilters, charWindow);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    /** The training config. */
    TrainingConfig training() {
        if (minutes != null && !(minutes > 0)) {
            throw new RnnkitCli.UsageException("--minutes must be > 0, got " + minutes);
        }
        try {
            return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch).withOptimizer(optimizer)
                    .withLearningRate(learningRate).withClipGlobalNorm(clip).withEarlyStoppingPatience(patience)
                    .withSeed(seed).withMaxDuration(minutes == null ? null : Duration.ofMillis((long) (minutes * 60_000)));
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }
}
