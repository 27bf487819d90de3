package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.presets.sentiment.ClassificationReport;
import io.github.rnnkit.presets.timeseries.SequenceClassifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit train sequence-classifier}: classify whole numeric sequences (DL4J's features/labels files). */
@Command(name = "sequence-classifier", mixinStandardHelpOptions = true,
        description = {"Train a classifier of whole numeric sequences of any length: --data DIR holds features/N.csv",
                "(one row per time step, one column per variable) and labels/N.csv (the sequence's class), numbered",
                "from 0. A seeded shuffle splits them into train / validation / test; prints accuracy, per-class",
                "precision/recall/F1 and the confusion matrix on the test part beside the majority class."})
final class TrainSequenceClassifierCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the folder holding features/ and labels/")
    Path data;

    @Option(names = "--skip-lines", defaultValue = "0", description = "header lines in each features file (default: ${DEFAULT-VALUE})")
    int skipLines;

    @Option(names = "--val-fraction", defaultValue = "0.1", description = "validation part (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "test part (default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--split-seed", defaultValue = "42", description = "seed of the shuffle before splitting (default: ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--cell", defaultValue = "LSTM", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    RecurrentCell cell;

    @Option(names = "--hidden", defaultValue = "32", description = "units per layer (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "recurrent layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--max-length", defaultValue = "1000",
            description = "longer sequences keep their last steps, counted in a warning (default: ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = "--epochs", defaultValue = "30", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "sequences per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.005", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--patience", defaultValue = "5", description = "early-stopping patience on validation accuracy, 0 to disable (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--minutes", description = "stop training after this many minutes (default: no limit)")
    Double minutes;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "sequence-classifier.zip",
            description = "where to save the model bundle (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--metrics-dir", paramLabel = "DIR", description = "metrics.jsonl and training-curve.png (default: next to --out)")
    Path metricsDir;

    @Override
    public Integer call() throws Exception {
        if (minutes != null && !(minutes > 0)) {
            throw new RnnkitCli.UsageException("--minutes must be > 0, got " + minutes);
        }
        TrainingConfig training;
        RecurrentSpec recurrent;
        try {
            training = TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch).withLearningRate(learningRate)
                    .withEarlyStoppingPatience(patience).withSeed(seed)
                    .withMaxDuration(minutes == null ? null : Duration.ofMillis((long) (minutes * 60_000)));
            recurrent = new RecurrentSpec(cell, hidden, layers, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
        if (maxLength < 1) {
            throw new RnnkitCli.UsageException("--max-length must be >= 1, got " + maxLength);
        }
        SequenceSource source = new SequenceSource(data.toAbsolutePath().toString(), 0,
                SequenceSource.lastNumbered(data, 0), skipLines, valFraction, testFraction, splitSeed);
        SequenceSource.Parts parts = source.load();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%d sequences in %s: train %d, validation %d, test %d (seeded shuffle, seed %d)%n",
                source.last() + 1, data, parts.train().size(), parts.val().size(), parts.test().size(), splitSeed);
        SequenceClassifier classifier = SequenceClassifier.create(recurrent, parts.train(), maxLength, training,
                data.getFileName().toString(), "");
        Path metrics = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(out);
        TrainingResult result;
        try (MetricsLog log = new MetricsLog(metrics)) {
            result = classifier.fit(parts.train(), parts.val(), training, List.of(new ProgressBar(System.err), log),
                    null);
        }
        o.printf(Locale.ROOT, "training stopped: %s after %d iterations%n", result.reason(), result.state().iteration());
        classifier.toBundle().withArtifact(SequenceSource.ARTIFACT, source.toJson()).save(out);
        ClassificationReport report = classifier.evaluate(parts.test());
        o.println("test part:");
        o.println(report.toTable());
        o.printf(Locale.ROOT, "accuracy %.4f (majority class %.4f)%nmodel saved to %s%n", report.accuracy(),
                report.majorityBaseline(), out.toAbsolutePath());
        return 0;
    }
}
