package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.Optimizer;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.data.captioning.CaptionedImage;
import io.github.rnnkit.data.captioning.SceneObject;
import io.github.rnnkit.data.captioning.TileLibrary;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.presets.captioning.CaptionBaseline;
import io.github.rnnkit.presets.captioning.CaptionGrid;
import io.github.rnnkit.presets.captioning.CaptionMetrics;
import io.github.rnnkit.presets.captioning.CaptionerConfig;
import io.github.rnnkit.presets.captioning.ImageCaptioner;
import io.github.rnnkit.presets.captioning.ImageEncoder;
import io.github.rnnkit.presets.seq2seq.Attention;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import org.deeplearning4j.util.ModelSerializer;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnnkit train captioner}: a CNN encoder and a recurrent decoder that writes a caption per image. */
@Command(name = "captioner", mixinStandardHelpOptions = true,
        description = {"Train an image captioner (a frozen CNN encoder, an LSTM/GRU decoder with or without attention",
                "over the feature map). Default data: scenes of real Fashion-MNIST and MNIST tiles with captions a",
                "grammar writes (template-generated, not human: scores are not comparable with Flickr8k or COCO);",
                "the CNN is first trained as a tile classifier, then frozen. Or your images: --flickr8k/--coco with",
                "--images (and --encoder for your own DL4J CNN). Prints BLEU-1..4, exact match and the grounded slot",
                "score on the i.i.d. and compositional test splits, greedy and with beam search, beside the most",
                "frequent caption; writes a PNG grid of captioned test images and attention maps; saves the bundle."})
final class TrainCaptionerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CaptionDataOptions data = new CaptionDataOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "dataset cache (default: $RNNKIT_CACHE or ~/.cache/rnnkit)")
    Path cacheDir;

    @Option(names = "--encoder", paramLabel = "CNN_ZIP",
            description = "your own CNN as the encoder: a DL4J MultiLayerNetwork zip (ModelSerializer) taking [B, C, H, W] images; frozen (default: train a tile classifier)")
    Path encoderFile;

    @Option(names = "--tiles", defaultValue = "40000", description = "training tiles for the tile classifier (default: ${DEFAULT-VALUE})")
    int tiles;

    @Option(names = "--tile-epochs", defaultValue = "2", description = "tile classifier epochs (default: ${DEFAULT-VALUE})")
    int tileEpochs;

    @Option(names = "--cell", defaultValue = "LSTM", description = "decoder cell: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    RecurrentCell cell;

    @Option(names = "--hidden", defaultValue = "256", description = "decoder units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "decoder layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--embedding", defaultValue = "64", description = "word embedding width (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--image-vector", defaultValue = "256", description = "width of the image vector fed at every step (default: ${DEFAULT-VALUE})")
    int imageVector;

    @Option(names = "--attention", defaultValue = "MULTIPLICATIVE", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Attention attention;

    @Option(names = "--dropout", defaultValue = "0.1", description = "dropout on the image vector, decoder and output inputs (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--max-length", defaultValue = "20", description = "most words per caption (default: ${DEFAULT-VALUE}; longer training captions are cut and counted)")
    int maxLength;

    @Option(names = "--min-count", defaultValue = "1", description = "words seen fewer times read as UNK (default: ${DEFAULT-VALUE})")
    int minCount;

    @Option(names = "--canonical-share", defaultValue = "0.5", description = "scenes: probability of training on the canonical caption rather than a paraphrase (default: ${DEFAULT-VALUE})")
    double canonicalShare;

    @Option(names = "--epochs", defaultValue = "15", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "images per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--optimizer", defaultValue = "ADAM", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Optimizer optimizer;

    @Option(names = "--lr", defaultValue = "0.002", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "0.5", description = "multiply the learning rate by this after each epoch without a better validation BLEU-4 (default: ${DEFAULT-VALUE})")
    double lrDecay;

    @Option(names = "--clip", defaultValue = "5", description = "clip gradients by global L2 norm, 0 to disable (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--patience", defaultValue = "3", description = "early-stopping patience in epochs on validation BLEU-4, 0 to disable (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, dropout and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--minutes", description = "stop training the decoder after this many minutes (default: no limit)")
    Double minutes;

    @Option(names = "--beam", defaultValue = "5", description = "beam width scored beside greedy decoding, 1 for greedy only (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "captioner.zip", description = "where to save the model (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--metrics-dir", paramLabel = "DIR", description = "metrics.jsonl, training-curve.png, captions.png, attention PNGs (default: next to --out)")
    Path metricsDir;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write a resumable checkpoint after each epoch")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "continue a run from a checkpoint (a file, or a checkpoint directory to take its newest)")
    Path resume;

    CaptionerConfig config() {
        try {
            return CaptionerConfig.defaults().withDecoder(new RecurrentSpec(cell, hidden, layers, BidirectionalMode.NONE,
                            0.0, RecurrentImpl.RNNKIT)).withEmbedding(embedding).withImageSize(imageVector)
                    .withAttention(attention).withDropout(dropout).withMaxLength(maxLength).withMinCount(minCount)
                    .withCanonicalShare(canonicalShare);
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
                    .withSeed(seed).withLrDecay(lrDecay)
                    .withMaxDuration(minutes == null ? null : Duration.ofMillis((long) (minutes * 60_000)));
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (beam < 1) {
            throw new RnnkitCli.UsageException("--beam must be >= 1, got " + beam);
        }
        if (tiles < 100 || tileEpochs < 1) {
            throw new RnnkitCli.UsageException("--tiles must be >= 100 and --tile-epochs >= 1, got " + tiles + " and "
                    + tileEpochs);
        }
        PrintWriter o = spec.commandLine().getOut();
        CaptionerConfig config = config();
        TrainingConfig training = training();
        Path ckDir = Checkpoints.dir(checkpointDir, resume);
        if (ckDir != null) {
            training = training.withCheckpoints(ckDir, 1, (Duration) null);
        }
        DatasetStore store = cacheDir != null ? new DatasetStore(cacheDir) : DatasetStore.defaultStore();
        CaptionDataOptions.Parts parts = data.load(store);
        o.printf(Locale.ROOT, "data: %s: %d training, %d validation images; test: %s%n", parts.name(),
                parts.train().size(), parts.validation().size(), sizes(parts.tests()));
        o.flush();
        ImageCaptioner model;
        TrainingState resumeState = null;
        Path metricsFolder = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(out);
        if (resume != null) {
            Path checkpoint = Checkpoints.file(resume);
            model = ImageCaptioner.load(checkpoint);
            resumeState = Checkpoints.state(model.trainingState(), checkpoint);
            if (!ImageCaptioner.fingerprint(parts.train()).equals(model.provenance().datasetSha256())) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " was trained on other images; pass "
                        + "the same data options to resume");
            }
        } else {
            ImageEncoder encoder = encoder(o, parts, store);
            model = ImageCaptioner.create(config, encoder, parts.train(), training);
        }
        List<TrainerListener> listeners = new ArrayList<>();
        listeners.add(new ProgressBar(System.err));
        long t0 = System.nanoTime();
        SparkEngine engine = spark.start(SparkOptions.runDir(out));
        try {
            try (MetricsLog metrics = new MetricsLog(metricsFolder)) {
                listeners.add(metrics);
                TrainingResult result = model.fit(parts.train(), parts.validation(), SparkOptions.on(engine, training),
                        listeners, resumeState);
                o.printf(Locale.ROOT, "decoder training stopped: %s after %d iterations (%s, features included %.0f s)%n",
                        result.reason(), result.state().iteration(), Trainer.formatDuration(result.elapsed()),
                        (System.nanoTime() - t0) / 1e9);
            }
            model.toBundle().withArtifact(CaptionDataOptions.ARTIFACT, CaptionDataOptions.toJson(parts.recipe())).save(out);
            SparkOptions.stamp(engine, out);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        report(o, model, parts.train(), parts.tests(), beam, metricsFolder);
        o.printf(Locale.ROOT, "model saved to %s%nmetrics in %s%n", out.toAbsolutePath(), metricsFolder.toAbsolutePath());
        return 0;
    }

    private ImageEncoder encoder(PrintWriter o, CaptionDataOptions.Parts parts, DatasetStore store) throws Exception {
        CaptionedImage first = parts.train().get(0);
        if (encoderFile != null) {
            if (!Files.isRegularFile(encoderFile)) {
                throw new IllegalArgumentException("--encoder: file not found: " + encoderFile.toAbsolutePath());
            }
            org.deeplearning4j.nn.multilayer.MultiLayerNetwork cnn;
            try {
                cnn = ModelSerializer.restoreMultiLayerNetwork(encoderFile.toFile(), false);
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException("--encoder " + encoderFile + " is not a DL4J MultiLayerNetwork zip: "
                        + e.getMessage(), e);
            }
            ImageEncoder e = ImageEncoder.of(cnn, first.channels(), first.height(), first.width());
            o.printf(Locale.ROOT, "encoder: %s, frozen: %s%n", encoderFile, e.shape());
            return e;
        }
        if (first.channels() != 1) {
            throw new RnnkitCli.UsageException("the built-in encoder is a grayscale tile classifier: pass --channels 1,"
                    + " or your own CNN with --encoder");
        }
        TileLibrary library = parts.tiles() != null ? parts.tiles() : TileLibrary.fetch(store);
        TrainingConfig tileTraining = TrainingConfig.defaults().withEpochs(tileEpochs).withBatchSize(64)
                .withLearningRate(1e-3).withSeed(seed);
        long t0 = System.nanoTime();
        ImageEncoder e = ImageEncoder.pretrainOnTiles(library.tileSet(TileLibrary.Split.TRAIN).first(tiles),
                library.tileSet(TileLibrary.Split.VALIDATION), SceneObject.COUNT, first.height(), first.width(),
                tileTraining, List.of(new ProgressBar(System.err)));
        o.printf(Locale.ROOT, "encoder: tile classifier on %d tiles, %d epoch(s), validation accuracy %.2f%% (%.0f s); "
                        + "frozen, %d features x %d positions%n", tiles, tileEpochs, 100 * e.shape().tileAccuracy(),
                (System.nanoTime() - t0) / 1e9, e.shape().features(), e.shape().positions());
        if (parts.tiles() == null) {
            o.println("warning: the built-in encoder was trained on clothing and digit tiles; for photographs pass "
                    + "a CNN trained on them with --encoder");
        }
        o.flush();
        return e;
    }

    private static String sizes(Map<String, List<CaptionedImage>> tests) {
        List<String> s = new ArrayList<>();
        tests.forEach((k, v) -> s.add(k + " " + v.size()));
        return String.join(", ", s);
    }

    /** Scores every test split greedy and with beam search beside the baseline; writes the caption grid. */
    static void report(PrintWriter o, ImageCaptioner model, List<CaptionedImage> train,
                       Map<String, List<CaptionedImage>> tests, int beam, Path metricsFolder) throws java.io.IOException {
        String frequent = CaptionBaseline.mostFrequent(train);
        o.printf(Locale.ROOT, "most frequent training caption (baseline): \"%s\"%n", frequent);
        Map<String, Double> slots = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<CaptionedImage>> e : tests.entrySet()) {
            List<CaptionedImage> test = e.getValue();
            CaptionMetrics base = CaptionMetrics.score(Collections.nCopies(test.size(), frequent), test);
            o.printf(Locale.ROOT, "%-13s baseline: %s%n", e.getKey(), format(base));
            long t0 = System.nanoTime();
            CaptionMetrics greedy = model.evaluate(test, DecodeOptions.greedy());
            double greedyRate = test.size() / ((System.nanoTime() - t0) / 1e9);
            o.printf(Locale.ROOT, "%-13s greedy:   %s  (%.0f images/s)%n", e.getKey(), format(greedy), greedyRate);
            slots.put(e.getKey(), greedy.slotAccuracy());
            if (beam > 1) {
                t0 = System.nanoTime();
                CaptionMetrics b = model.evaluate(test, DecodeOptions.beam(beam, 1));
                double rate = test.size() / ((System.nanoTime() - t0) / 1e9);
                o.printf(Locale.ROOT, "%-13s beam %d:   %s  (%.0f images/s)%n", e.getKey(), beam, format(b), rate);
                slots.put(e.getKey(), b.slotAccuracy());
            }
            o.flush();
        }
        if (slots.containsKey("iid") && slots.containsKey("compositional")) {
            o.printf(Locale.ROOT, "compositional gap (slot accuracy, i.i.d. minus compositional): %.2f points%n",
                    100 * (slots.get("iid") - slots.get("compositional")));
        }
        Files.createDirectories(metricsFolder);
        for (Map.Entry<String, List<CaptionedImage>> e : tests.entrySet()) {
            List<CaptionedImage> shown = e.getValue().subList(0, Math.min(16, e.getValue().size()));
            List<String> captions = new ArrayList<>();
            model.caption(shown, DecodeOptions.beam(Math.max(1, beam), 1)).forEach(c -> captions.add(c.get(0).text()));
            Path png = metricsFolder.resolve("captions-" + e.getKey() + ".png");
            CaptionGrid.writeGrid(png, shown, captions, 4);
            o.printf(Locale.ROOT, "captioned %s test images: %s%n", e.getKey(), png.toAbsolutePath());
            if (model.config().attention() != Attention.NONE) {
                for (int i = 0; i < Math.min(3, shown.size()); i++) {
                    Path a = metricsFolder.resolve("attention-" + e.getKey() + "-" + (i + 1) + ".png");
                    CaptionGrid.writeAttention(a, shown.get(i), model.attention(shown.get(i)));
                }
                o.printf(Locale.ROOT, "attention maps: %s%n", metricsFolder.resolve("attention-" + e.getKey() + "-*.png")
                        .toAbsolutePath());
            }
        }
        o.flush();
    }

    static String format(CaptionMetrics m) {
        return String.format(Locale.ROOT, "BLEU-1..4 %.3f %.3f %.3f %.3f  exact %s  slots %s  scene %s",
                m.bleu()[0], m.bleu()[1], m.bleu()[2], m.bleu()[3], pct(m.exactMatch()), pct(m.slotAccuracy()),
                pct(m.sceneAccuracy()));
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    /** For {@code evaluate}: the recipe a bundle was trained on, or null when it has none. */
    static CaptionDataOptions.Recipe recipe(ModelBundle bundle, String source) {
        byte[] json = bundle.artifacts().get(CaptionDataOptions.ARTIFACT);
        return json == null ? null : CaptionDataOptions.fromJson(json, source);
    }
}
