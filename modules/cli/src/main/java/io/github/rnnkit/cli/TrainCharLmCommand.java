package io.github.rnnkit.cli;

import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.spark.SparkEngine;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.data.text.TextCorpus;
import io.github.rnnkit.data.text.TextRegion;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmConfig;
import io.github.rnnkit.presets.charlm.CharLmData;
import io.github.rnnkit.presets.charlm.Sampling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit train charlm}: train a character language model, report held-out BPC, sample, save. */
@Command(name = "charlm", mixinStandardHelpOptions = true,
        description = {"Train a character-level language model (stacked LSTM, truncated BPTT) on a UTF-8 text.",
                "Prints the held-out bits per character next to the text's unigram entropy and a generated sample,",
                "then saves the model bundle."})
final class TrainCharLmCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CorpusOptions corpus = new CorpusOptions();

    @Mixin
    CharLmOptions model = new CharLmOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "charlm.zip",
            description = "where to save the model bundle (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--epochs", defaultValue = "50", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--minutes", description = "stop training after this many minutes (default: no limit)")
    Double minutes;

    @Option(names = "--patience", defaultValue = "0", description = "early-stopping patience in epochs, 0 to disable (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--eval-chars", defaultValue = "0",
            description = "score only the first N characters of the test tail at the end, 0 for all (default: ${DEFAULT-VALUE})")
    long evalChars;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write resumable checkpoints here")
    Path checkpointDir;

    @Option(names = "--checkpoint-minutes", description = "also checkpoint every N minutes (default: only after each epoch)")
    Double checkpointMinutes;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "continue a run from a checkpoint (a file, or a checkpoint directory to take its newest)")
    Path resume;

    @Option(names = "--metrics-dir", paramLabel = "DIR",
            description = "write metrics.jsonl and training-curve.png here (default: next to --out)")
    Path metricsDir;

    @Option(names = "--sample-length", defaultValue = "400", description = "characters to generate after training (default: ${DEFAULT-VALUE})")
    int sampleLength;

    @Option(names = "--temperature", defaultValue = "0.7", description = "sampling temperature for the sample (default: ${DEFAULT-VALUE})")
    double temperature;

    @Override
    public Integer call() throws Exception {
        if (minutes != null && !(minutes > 0)) {
            throw new RnnkitCli.UsageException("--minutes must be > 0, got " + minutes);
        }
        if (checkpointMinutes != null && !(checkpointMinutes > 0)) {
            throw new RnnkitCli.UsageException("--checkpoint-minutes must be > 0, got " + checkpointMinutes);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new RnnkitCli.UsageException("--temperature must be > 0, got " + temperature);
        }
        CharLmConfig config = model.config();
        Path ckDir = Checkpoints.dir(checkpointDir, resume);
        TrainingConfig training;
        try {
            training = model.training().withEpochs(epochs).withEarlyStoppingPatience(patience)
                    .withCheckpoints(ckDir, 1, checkpointMinutes == null ? null
                            : Duration.ofMillis((long) (checkpointMinutes * 60_000)))
                    .withMaxDuration(minutes == null ? null : Duration.ofMillis((long) (minutes * 60_000)));
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }

        Path textFile = corpus.resolve();
        TextCorpus text = TextCorpus.scan(textFile);
        CharLanguageModel lm = null;
        TrainingState resumeState = null;
        if (resume != null) {
            Path checkpoint = Checkpoints.file(resume);
            lm = CharLanguageModel.load(checkpoint);
            config = lm.config();
            resumeState = Checkpoints.state(lm.trainingState(), checkpoint);
            if (!text.sha256().equals(lm.provenance().datasetSha256())) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " was trained on another text ("
                        + lm.provenance().datasetName() + "); pass the same --text to resume");
            }
        }
        CharLmData data = CharLmData.split(text, config);
        if (lm == null) {
            lm = CharLanguageModel.create(config, data, training);
        }

        List<TrainerListener> listeners = new ArrayList<>();
        listeners.add(new ProgressBar(System.err));
        Path metricsFolder = metricsDir != null ? metricsDir : defaultMetricsDir(out);
        SparkEngine engine = spark.start(SparkOptions.runDir(out));
        try (MetricsLog metrics = new MetricsLog(metricsFolder)) {
            listeners.add(metrics);
            TrainingResult result = lm.fit(data, SparkOptions.on(engine, training), listeners, resumeState);
            spec.commandLine().getOut().printf(Locale.ROOT, "training stopped: %s after %d iterations (%s)%s%n",
                    result.reason(), result.state().iteration(), Trainer.formatDuration(result.elapsed()),
                    engine == null ? "" : " on " + engine.describe());
            lm.save(out);
            SparkOptions.stamp(engine, out);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }

        TextRegion test = data.test();
        String testLabel = "test tail (last " + Math.round(config.testFraction() * 100) + "%, "
                + test.chars() + " characters)";
        if (evalChars > 0 && evalChars < test.chars()) {
            test = test.prefix(evalChars);
            testLabel = "first " + test.chars() + " characters of the test tail";
        }
        double bpc = lm.bitsPerCharacter(test);
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "held-out bits per character: %.4f on the %s%n", bpc, testLabel);
        o.printf(Locale.ROOT, "unigram character entropy of the text: %.4f bits%n", text.unigramEntropyBits());
        o.printf(Locale.ROOT, "sample (temperature %.2f):%n%s%n", temperature,
                "The " + lm.generate("The ", sampleLength, new Sampling(temperature, 0, model.seed)));
        o.printf("model saved to %s%nmetrics in %s%n", out.toAbsolutePath(), metricsFolder.toAbsolutePath());
        return 0;
    }

    static Path defaultMetricsDir(Path bundle) {
        Path abs = bundle.toAbsolutePath();
        String name = abs.getFileName().toString().replaceFirst("\\.zip$", "");
        return abs.getParent().resolve(name + "-metrics");
    }
}
