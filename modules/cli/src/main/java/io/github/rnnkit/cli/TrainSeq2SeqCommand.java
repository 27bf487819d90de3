package io.github.rnnkit.cli;

import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.data.seq2seq.G2pMetrics;
import io.github.rnnkit.data.seq2seq.Overlong;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.presets.seq2seq.Attention;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import io.github.rnnkit.presets.seq2seq.Seq2SeqModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.github.rnnkit.spark.SparkEngine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnnkit train seq2seq}: train an encoder-decoder with attention, score it greedy and with beam search. */
@Command(name = "seq2seq", mixinStandardHelpOptions = true,
        description = {"Train an encoder-decoder with attention (teacher forcing) on parallel data: CMUdict",
                "grapheme-to-phoneme on the standard split by default, or your 'source<TAB>target' TSV (--pairs).",
                "Prints WER / PER (edit distance to the closest reference) greedy and with beam search, the n-best",
                "oracle WER, the most frequent confusions and decoding speed; writes attention-map PNGs and the",
                "training curve; saves the model bundle."})
final class TrainSeq2SeqCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Seq2SeqDataOptions data = new Seq2SeqDataOptions();

    @Mixin
    Seq2SeqOptions model = new Seq2SeqOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "dataset cache (default: $RNNKIT_CACHE or ~/.cache/rnnkit)")
    Path cacheDir;

    @Option(names = "--beam", defaultValue = "5", description = "beam width of the final evaluation (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "seq2seq.zip",
            description = "where to save the model (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--metrics-dir", paramLabel = "DIR",
            description = "metrics.jsonl, training-curve.png and attention PNGs (default: next to --out)")
    Path metricsDir;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write a resumable checkpoint after each epoch")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "continue a run from a checkpoint (a file, or a checkpoint directory to take its newest)")
    Path resume;

    @Override
    public Integer call() throws Exception {
        if (beam < 1) {
            throw new RnnkitCli.UsageException("--beam must be >= 1, got " + beam);
        }
        PrintWriter o = spec.commandLine().getOut();
        Path ckDir = Checkpoints.dir(checkpointDir, resume);
        TrainingConfig training = model.training();
        if (ckDir != null) {
            training = training.withCheckpoints(ckDir, 1, (Duration) null);
        }
        DatasetStore store = cacheDir != null ? new DatasetStore(cacheDir) : DatasetStore.defaultStore();
        Seq2SeqDataOptions.Parts parts = data.load(store);
        o.printf(Locale.ROOT, "data: %s: %d training pairs, %d dev sources, %d test sources%n", parts.name(),
                parts.train().size(), parts.dev().size(), parts.test().size());
        o.flush();
        Seq2SeqModel s2s;
        TrainingState resumeState = null;
        if (resume != null) {
            Path checkpoint = Checkpoints.file(resume);
            s2s = Seq2SeqModel.load(checkpoint);
            resumeState = Checkpoints.state(s2s.trainingState(), checkpoint);
            if (!Seq2SeqModel.fingerprint(parts.train()).equals(s2s.provenance().datasetSha256())) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " was trained on other pairs; pass "
                        + "the same data options to resume");
            }
        } else {
            s2s = Seq2SeqModel.create(model.config().withSegmentation(data.sourceUnits(), data.targetUnits()),
                    parts.train(), training);
        }
        Path metricsFolder = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(out);
        List<TrainerListener> listeners = new ArrayList<>();
        listeners.add(new ProgressBar(System.err));
        SparkEngine engine = spark.start(SparkOptions.runDir(out));
        try {
            try (MetricsLog metrics = new MetricsLog(metricsFolder)) {
                listeners.add(metrics);
                TrainingResult result = s2s.fit(parts.train(), parts.dev(), SparkOptions.on(engine, training), listeners,
                        resumeState);
                o.printf(Locale.ROOT, "training stopped: %s after %d iterations (%s)%n", result.reason(),
                        result.state().iteration(), Trainer.formatDuration(result.elapsed()));
            }
            s2s.save(out);
            SparkOptions.stamp(engine, out);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        Map<String, List<List<String>>> part = parts.test().isEmpty() ? parts.dev() : parts.test();
        String name = parts.test().isEmpty() ? "dev" : "test";
        if (!part.isEmpty()) {
            report(o, s2s, part, name, beam, metricsFolder);
        }
        o.printf(Locale.ROOT, "model saved to %s%nmetrics in %s%n", out.toAbsolutePath(), metricsFolder.toAbsolutePath());
        return 0;
    }

    /** Greedy and beam scores on {@code part}, decoding speed, confusions, three attention maps. */
    static void report(PrintWriter o, Seq2SeqModel s2s, Map<String, List<List<String>>> part, String name, int beam,
                       Path metricsFolder) throws java.io.IOException {
        long t0 = System.nanoTime();
        // over-long sources are cut and counted (a WARN), as in validation: a report never dies after training
        G2pMetrics greedy = s2s.evaluate(part, DecodeOptions.greedy().withOverlong(Overlong.TRUNCATE));
        double greedySeconds = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "%s part, %d sources, greedy:  WER %.2f%%  PER %.2f%%  (%.0f sources/s)%n", name,
                greedy.words(), 100 * greedy.wer(), 100 * greedy.per(), greedy.words() / greedySeconds);
        o.flush();
        if (beam > 1) {
            t0 = System.nanoTime();
            G2pMetrics b = s2s.evaluate(part, DecodeOptions.beam(beam, beam).withOverlong(Overlong.TRUNCATE));
            double seconds = (System.nanoTime() - t0) / 1e9;
            o.printf(Locale.ROOT, "%s part, %d sources, beam %d: WER %.2f%%  PER %.2f%%  %d-best oracle WER %.2f%%  "
                            + "(%.0f sources/s)%n", name, b.words(), beam, 100 * b.wer(), 100 * b.per(), beam,
                    100 * b.oracleWer(), b.words() / seconds);
            o.print(b.confusionTable(10));
        } else {
            o.print(greedy.confusionTable(10));
        }
        if (s2s.config().attention() != Attention.NONE) {
            Files.createDirectories(metricsFolder);
            int n = 0;
            for (String source : part.keySet()) {
                if (n++ == 3) {
                    break;
                }
                Path png = metricsFolder.resolve("attention-" + n + ".png");
                s2s.attention(source, Overlong.TRUNCATE).writePng(png, "attention: " + source);
                o.printf(Locale.ROOT, "attention map of '%s': %s%n", source, png.toAbsolutePath());
            }
        }
        o.flush();
    }
}
