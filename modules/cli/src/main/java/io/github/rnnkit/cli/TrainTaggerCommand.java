package io.github.rnnkit.cli;

import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.presets.tagging.MostFrequentTagger;
import io.github.rnnkit.presets.tagging.SequenceTagger;
import io.github.rnnkit.presets.tagging.TaggingReport;
import io.github.rnnkit.presets.tagging.TaggingSplits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.github.rnnkit.spark.SparkEngine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit train tagger}: train a sequence tagger, report it on the test part beside the baseline, save it. */
@Command(name = "tagger", mixinStandardHelpOptions = true,
        description = {"Train a sequence tagger (part of speech, chunks, BIO entities): word embeddings plus a",
                "character CNN -> bidirectional LSTM/GRU -> a softmax per token. Brown POS by default (split by",
                "document, universal or full tags), or your CoNLL-U / TSV files. Prints token accuracy overall and",
                "on unknown words, per-tag precision/recall/F1 beside the most-frequent-tag baseline, writes the",
                "confusion matrix PNG, and saves the model bundle."})
final class TrainTaggerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TaggingDataOptions data = new TaggingDataOptions();

    @Mixin
    TaggerOptions model = new TaggerOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "tagger.zip",
            description = "where to save the tagger (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--metrics-dir", paramLabel = "DIR",
            description = "metrics.jsonl, training-curve.png and confusion.png (default: next to --out)")
    Path metricsDir;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write a resumable checkpoint after each epoch")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "continue a run from a checkpoint (a file, or a checkpoint directory to take its newest)")
    Path resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Path ckDir = Checkpoints.dir(checkpointDir, resume);
        TrainingConfig training = model.training();
        if (ckDir != null) {
            training = training.withCheckpoints(ckDir, 1, (Duration) null);
        }
        TaggingSplits splits = data.load();
        o.printf(Locale.ROOT, "data: %s (%s): %d train sentences (%d tokens), %d dev, %d test%n", splits.name(),
                splits.split(), splits.train().size(), TaggingSplits.tokens(splits.train()), splits.dev().size(),
                splits.test().size());
        SequenceTagger tagger;
        TrainingState resumeState = null;
        if (resume != null) {
            if (model.wordVectors != null) {
                throw new RnnkitCli.UsageException("--word-vectors starts a new model; a resumed run keeps its checkpoint's");
            }
            Path checkpoint = Checkpoints.file(resume);
            tagger = SequenceTagger.load(checkpoint);
            resumeState = Checkpoints.state(tagger.trainingState(), checkpoint);
            if (!SequenceTagger.fingerprint(splits.train()).equals(tagger.provenance().datasetSha256())) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " was trained on other sentences; pass "
                        + "the same data options (--tagset, --conllu/--tsv, --dev-seed) to resume");
            }
        } else {
            tagger = SequenceTagger.create(model.config(), splits.train(), training);
            if (model.wordVectors != null) {
                var vectors = io.github.rnnkit.data.text.WordVectors.read(model.wordVectors, tagger.words()::contains);
                if (vectors.dimension() != tagger.config().wordSize()) {
                    throw new RnnkitCli.UsageException("--word-vectors " + model.wordVectors + " has " + vectors.dimension()
                            + " values per word; pass --word-size " + vectors.dimension());
                }
                o.printf(Locale.ROOT, "pretrained word vectors: %d of %d vocabulary words%n",
                        tagger.useWordVectors(vectors.vectors()), tagger.words().size());
            }
        }
        Path metricsFolder = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(out);
        List<TrainerListener> listeners = new ArrayList<>();
        listeners.add(new ProgressBar(System.err));
        SparkEngine engine = spark.start(SparkOptions.runDir(out));
        try {
            try (MetricsLog metrics = new MetricsLog(metricsFolder)) {
                listeners.add(metrics);
                TrainingResult result = tagger.fit(splits.train(), splits.dev(), SparkOptions.on(engine, training), listeners,
                        resumeState);
                o.printf(Locale.ROOT, "training stopped: %s after %d iterations (%s)%n", result.reason(),
                        result.state().iteration(), Trainer.formatDuration(result.elapsed()));
            }
            tagger.save(out);
            SparkOptions.stamp(engine, out);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        List<TaggedSentence> part = splits.test().isEmpty() ? splits.dev() : splits.test();
        String name = splits.test().isEmpty() ? "dev" : "test";
        if (!part.isEmpty()) {
            report(o, tagger, MostFrequentTagger.train(splits.train()), part, name, metricsFolder);
        }
        o.printf(Locale.ROOT, "model saved to %s%nmetrics in %s%n", out.toAbsolutePath(), metricsFolder.toAbsolutePath());
        return 0;
    }

    /** Scores the tagger and the baseline on {@code part}, prints both and writes the confusion matrix PNG. */
    static void report(PrintWriter o, SequenceTagger tagger, MostFrequentTagger baseline, List<TaggedSentence> part,
                       String name, Path metricsFolder) throws java.io.IOException {
        long t0 = System.nanoTime();
        TaggingReport report = tagger.evaluate(part);
        double seconds = (System.nanoTime() - t0) / 1e9;
        TaggingReport base = baseline.evaluate(part, tagger::knows);     // the same tokens count as unknown
        o.printf(Locale.ROOT, "%s part: %d sentences, %d tokens, tagged at %.0f tokens/s%n", name, part.size(),
                report.tokens(), report.tokens() / seconds);
        o.printf(Locale.ROOT, "most-frequent-tag baseline: %s%n", base.summary());
        o.print(report.toTable(25));
        Path png = metricsFolder.resolve("confusion.png");
        report.writeConfusionPng(png, 20);
        o.printf(Locale.ROOT, "confusion matrix: %s%n", png.toAbsolutePath());
    }
}
