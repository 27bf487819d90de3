package io.github.rnnkit.cli;

import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.spark.SparkEngine;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.presets.sentiment.ClassificationReport;
import io.github.rnnkit.presets.sentiment.TextClassifier;
import io.github.rnnkit.presets.sentiment.TextClassifierConfig;
import io.github.rnnkit.presets.sentiment.TextSplits;
import io.github.rnnkit.presets.sentiment.WordLanguageModel;
import io.github.rnnkit.presets.sentiment.WordLmConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit train sentiment}: train a recurrent text classifier, report it on the test part, save it. */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = {"Train a recurrent text classifier (sentiment, spam, or your own labels): embeddings ->",
                "(bidirectional) LSTM/GRU -> pooling -> softmax. Optionally pretrain the encoder as a word language",
                "model on the training texts first (--pretrain-lm) or start from one (--from-lm). Prints accuracy,",
                "per-class precision/recall/F1, the confusion matrix and ROC AUC on the test part beside the",
                "majority baseline, then saves the model bundle."})
final class TrainSentimentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TextDataOptions data = new TextDataOptions();

    @Mixin
    ClassifierOptions model = new ClassifierOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "sentiment.zip",
            description = "where to save the classifier (default: ${DEFAULT-VALUE}); a pretrained LM goes beside it as <name>-lm.zip")
    Path out;

    @Option(names = "--metrics-dir", paramLabel = "DIR", description = "metrics.jsonl and training-curve.png (default: next to --out)")
    Path metricsDir;

    @Override
    public Integer call() throws Exception {
        boolean withLm = model.withLm();
        TextClassifierConfig config = model.config();
        TrainingConfig training = model.training();
        PrintWriter o = spec.commandLine().getOut();
        TextSplits splits = data.load();
        o.printf(Locale.ROOT, "data: %s, %s: %d train, %d dev, %d test%n", splits.name(), splits.split(),
                splits.train().size(), splits.dev().size(), splits.test().size());
        Path metricsFolder = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(out);
        SparkEngine engine = spark.start(SparkOptions.runDir(out));
        TextClassifier classifier;
        try {
            classifier = initial(model, config, training, splits, out, metricsFolder, o, engine);
            List<TrainerListener> listeners = new ArrayList<>();
            listeners.add(new ProgressBar(System.err));
            try (MetricsLog metrics = new MetricsLog(metricsFolder)) {
                listeners.add(metrics);
                TrainingResult result = classifier.fit(splits.train(), splits.dev(), SparkOptions.on(engine, training),
                        listeners, null);
                o.printf(Locale.ROOT, "training stopped: %s after %d iterations (%s)%s%n", result.reason(),
                        result.state().iteration(), Trainer.formatDuration(result.elapsed()),
                        engine == null ? "" : " on " + engine.describe());
            }
            chooseThreshold(classifier, model, splits, o);
            classifier.save(out);
            SparkOptions.stamp(engine, out);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        List<LabelledText> test = splits.test().isEmpty() ? splits.dev() : splits.test();
        String part = splits.test().isEmpty() ? "dev" : "test";
        long t0 = System.nanoTime();
        ClassificationReport report = classifier.evaluate(test, classifier.threshold());
        double seconds = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "%s part (%d texts, %.0f texts/s):%n%s", part, test.size(), test.size() / seconds,
                report.toTable());
        o.printf("model saved to %s%nmetrics in %s%n", out.toAbsolutePath(), metricsFolder.toAbsolutePath());
        return 0;
    }

    /** Sets the threshold saved with the model: --threshold, or the dev part's best with --tune-threshold. */
    static void chooseThreshold(TextClassifier classifier, ClassifierOptions model, TextSplits splits, PrintWriter o) {
        if (model.threshold == null && !model.tuneThreshold) {
            return;
        }
        if (classifier.classes().size() != 2) {
            throw new RnnkitCli.UsageException("--threshold and --tune-threshold are for two classes; the data have "
                    + classifier.classes().size() + ": " + classifier.classes());
        }
        if (model.tuneThreshold) {
            if (splits.dev().isEmpty()) {
                throw new RnnkitCli.UsageException("--tune-threshold needs a dev part; --dev-fraction is 0");
            }
            double t = classifier.tuneThreshold(splits.dev());
            o.printf(Locale.ROOT, "decision threshold tuned on the dev part: %.4f (dev accuracy %.4f, %.4f at 0.5)%n", t,
                    classifier.evaluate(splits.dev(), t).accuracy(), classifier.evaluate(splits.dev(), 0.5).accuracy());
            classifier.setThreshold(t);
        } else {
            classifier.setThreshold(model.threshold);
        }
    }

    /**
     * The classifier to train: from scratch, from a language model bundle, or from one pretrained here on the
     * training texts (saved beside {@code out} as {@code <name>-lm.zip}).
     */
    static TextClassifier initial(ClassifierOptions model, TextClassifierConfig config, TrainingConfig training,
                                  TextSplits splits, Path out, Path metricsFolder, PrintWriter o, SparkEngine engine)
            throws Exception {
        return initial(model, model.fromLm, "--from-lm", config, training, splits, out, metricsFolder, o, engine);
    }

    /**
     * As above, starting from the language model bundle {@code fromLm} (given with option {@code option}) instead
     * of --from-lm's.
     */
    static TextClassifier initial(ClassifierOptions model, Path fromLm, String option, TextClassifierConfig config,
                                  TrainingConfig training, TextSplits splits, Path out, Path metricsFolder,
                                  PrintWriter o, SparkEngine engine) throws Exception {
        WordLanguageModel lm = null;
        if (fromLm != null) {
            lm = WordLanguageModel.load(fromLm);
            if (lm.config().reversed() != config.reversed()) {
                throw new RnnkitCli.UsageException(option + " " + fromLm + " reads "
                        + (lm.config().reversed() ? "backward" : "forward") + " but the classifier reads "
                        + (config.reversed() ? "backward" : "forward") + "; give a "
                        + (config.reversed() ? "backward" : "forward") + " language model (--reverse trains one)");
            }
        } else if (model.pretrainLm) {
            lm = pretrain(model, config, splits, out, metricsFolder, o, engine);
        }
        return lm == null ? TextClassifier.create(config, splits.train(), model.labels, training)
                : TextClassifier.fromLanguageModel(lm, lm.classifierConfig().withPooling(config.pooling())
                .withOutputDropout(config.outputDropout()).withMaxLength(config.maxLength())
                .withEncoderLearningRateScale(config.encoderLearningRateScale())
                .withLearningRateSchedule(config.learningRateSchedule()), splits.train(), model.labels, training);
    }

    private static WordLanguageModel pretrain(ClassifierOptions model, TextClassifierConfig config, TextSplits splits,
                                              Path out, Path metricsFolder, PrintWriter o, SparkEngine engine)
            throws Exception {
        WordLmConfig lmConfig = model.lmConfig(config);
        TrainingConfig lmTraining = model.lmTraining();
        List<String> texts = splits.train().stream().map(LabelledText::text).toList();
        List<String> heldOut = splits.dev().stream().map(LabelledText::text).toList();
        WordLanguageModel lm = WordLanguageModel.create(lmConfig, texts, lmTraining);
        try (MetricsLog metrics = new MetricsLog(metricsFolder.resolveSibling(metricsFolder.getFileName() + "-lm"))) {
            TrainingResult r = lm.fit(texts, heldOut, SparkOptions.on(engine, lmTraining),
                    List.of(new ProgressBar(System.err), metrics), null);
            o.printf(Locale.ROOT, "language model: %s after %d iterations (%s)%n", r.reason(), r.state().iteration(),
                    Trainer.formatDuration(r.elapsed()));
        }
        if (!heldOut.isEmpty()) {
            o.printf(Locale.ROOT, "language model dev perplexity: %.1f%n", lm.perplexity(heldOut));
        }
        String name = out.getFileName().toString().replaceFirst("\\.zip$", "");
        Path lmFile = out.toAbsolutePath().resolveSibling(name + "-lm.zip");
        lm.save(lmFile);
        SparkOptions.stamp(engine, lmFile);
        o.printf("language model saved to %s%n", lmFile);
        return lm;
    }
}
