package io.github.rnnkit.cli;

import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.data.text.TextCorpus;
import io.github.rnnkit.data.text.TextRegion;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit evaluate BUNDLE}: the preset's task metric on held-out data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved model on held-out data.",
                "charlm: bits per character on the test tail of the text (the same split as training),",
                "or on the whole of --text with --whole-file.",
                "textclass (rnnkit train sentiment): accuracy, per-class precision/recall/F1, confusion matrix and ROC AUC",
                "on the test part of --data/--dataset (split as in training), or on all of it with --whole-file.",
                "tagger (rnnkit train tagger): token accuracy overall, on known and on unknown words, per-tag",
                "precision/recall/F1, on Brown's test part (beside the most-frequent-tag baseline; --tagset, by",
                "default the tagset the tagger knows) or on all of --conllu/--tsv FILE; --confusion PNG writes the",
                "confusion matrix.",
                "seq2seq (rnnkit train seq2seq): WER and PER greedy and with --beam K, the K-best oracle WER, the",
                "most frequent confusions and decoding speed, on the CMUdict standard test words or on all of",
                "--pairs FILE (your held-out 'source<TAB>target' pairs); attention-map PNGs with --metrics-dir.",
                "captioner (rnnkit train captioner): BLEU-1..4, exact match and grounded slot accuracy, greedy and",
                "with --beam K, beside the most frequent caption, on the test splits it was trained with (scenes:",
                "i.i.d. and compositional, made again from the recorded seeds; a user folder: its held-out part).",
                "sequence-classifier: accuracy, P/R/F1 and confusion on the recorded test part (--data DIR: another",
                "folder in the same layout; --whole-file: all of it).",
                "forecaster / esn-forecaster (rnnkit train forecaster): RMSE, MAE, MASE, NRMSE by step beside the naive",
                "and seasonal-naive forecasts on the test part of the recorded data source (--data CSV: another file",
                "with the same columns, split the same way; --whole-file: every origin of it)."})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a model bundle written by rnnkit train")
    Path bundle;

    @Mixin
    CorpusOptions corpus = new CorpusOptions();

    @Mixin
    TextDataOptions texts = new TextDataOptions();

    @Mixin
    TaggingDataOptions tagged = new TaggingDataOptions();

    @Mixin
    Seq2SeqDataOptions pairs = new Seq2SeqDataOptions();

    @Option(names = "--beam", defaultValue = "5",
            description = "seq2seq, captioner: beam width scored beside greedy decoding, 1 for greedy only (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = "--confusion", paramLabel = "PNG", description = "tagger: write the confusion matrix here")
    Path confusion;

    @Option(names = "--threshold",
            description = "textclass, two classes: predict the second class when its probability is at least this (default: the one saved with the model)")
    Double threshold;

    @Option(names = "--and", paramLabel = "BUNDLE",
            description = "textclass: average the class probabilities with this classifier bundle's too (repeatable; the threshold is then 0.5 unless --threshold)")
    java.util.List<Path> and = new java.util.ArrayList<>();

    @Option(names = "--whole-file", description = "score all of --text / --data (data held out by you)")
    boolean wholeFile;

    @Option(names = "--max-chars", defaultValue = "0", description = "score at most this many characters, 0 for all (default: ${DEFAULT-VALUE})")
    long maxChars;

    @Option(names = "--metrics-dir", paramLabel = "DIR", description = "seq2seq: write attention-map PNGs here; forecaster: forecast.png")
    Path metricsDir;

    @Override
    public Integer call() throws Exception {
        ModelBundle loaded = ModelBundle.load(bundle);
        String preset = loaded.preset();
        if (!and.isEmpty() && !io.github.rnnkit.presets.sentiment.TextClassifier.PRESET.equals(preset)) {
            throw new RnnkitCli.UsageException("--and averages text classifiers; " + bundle + " is a '" + preset
                    + "' model");
        }
        if (io.github.rnnkit.presets.captioning.ImageCaptioner.PRESET.equals(preset)) {
            return evaluateCaptioner(loaded);
        }
        if (io.github.rnnkit.presets.sentiment.TextClassifier.PRESET.equals(preset)) {
            return evaluateClassifier();
        }
        if (io.github.rnnkit.presets.tagging.SequenceTagger.PRESET.equals(preset)) {
            return evaluateTagger();
        }
        if (io.github.rnnkit.presets.seq2seq.Seq2SeqModel.PRESET.equals(preset)) {
            return evaluateSeq2Seq();
        }
        if (io.github.rnnkit.presets.timeseries.SequenceClassifier.PRESET.equals(preset)) {
            return evaluateSequenceClassifier();
        }
        if (io.github.rnnkit.presets.timeseries.Forecaster.PRESET.equals(preset)
                || io.github.rnnkit.presets.timeseries.EsnForecaster.PRESET.equals(preset)) {
            return evaluateForecaster();
        }
        if (!CharLanguageModel.PRESET.equals(preset)) {
            throw new IllegalArgumentException("evaluate does not support preset '" + preset + "' yet");
        }
        if (wholeFile && corpus.text == null) {
            throw new RnnkitCli.UsageException("--whole-file needs --text FILE");
        }
        CharLanguageModel lm = CharLanguageModel.load(bundle);
        TextCorpus text = TextCorpus.scan(corpus.resolve());
        TextRegion region = wholeFile ? new TextRegion(text.file(), 0, text.bytes(), text.chars())
                : CharLmData.split(text, lm.config()).test();
        String what = wholeFile ? "all of " + text.file().getFileName() : "test tail of " + text.file().getFileName();
        if (maxChars > 0 && maxChars < region.chars()) {
            region = region.prefix(maxChars);
            what = "first " + maxChars + " characters of the " + what;
        }
        double bpc = lm.bitsPerCharacter(region);
        spec.commandLine().getOut().printf(Locale.ROOT, "bits per character: %.4f (%s, %d characters)%n", bpc, what,
                region.chars());
        spec.commandLine().getOut().printf(Locale.ROOT, "unigram character entropy of the text: %.4f bits%n",
                text.unigramEntropyBits());
        return 0;
    }

    private int evaluateSequenceClassifier() throws Exception {
        var classifier = io.github.rnnkit.presets.timeseries.SequenceClassifier.load(bundle);
        ModelBundle b = ModelBundle.load(bundle);
        if (!b.artifacts().containsKey(SequenceSource.ARTIFACT)) {
            throw new IllegalArgumentException(bundle + " records no data source (" + SequenceSource.ARTIFACT
                    + "): it was not written by rnnkit train sequence-classifier");
        }
        SequenceSource source = SequenceSource.fromJson(b.artifact(SequenceSource.ARTIFACT),
                SequenceSource.ARTIFACT + " in " + bundle);
        if (texts.data != null) {
            source = source.withDir(texts.data);
        }
        SequenceSource.Parts parts = source.load();
        var examples = wholeFile ? parts.all() : parts.test();
        var report = classifier.evaluate(examples);
        var o = spec.commandLine().getOut();
        o.println((wholeFile ? "all " + examples.size() + " sequences" : "test part (" + examples.size()
                + " sequences)") + " of " + source.dir() + ":");
        o.println(report.toTable());
        o.printf(Locale.ROOT, "accuracy %.4f (majority class %.4f)%n", report.accuracy(), report.majorityBaseline());
        return 0;
    }

    private int evaluateForecaster() throws Exception {
        ModelBundle b = ModelBundle.load(bundle);
        var model = io.github.rnnkit.presets.timeseries.SeriesForecaster.from(b, bundle);
        SeriesSource source = ForecastRun.recordedSource(b, bundle);
        if (texts.data != null) {
            source = source.withFile(texts.data);
        }
        SeriesSource.Loaded data = source.load();
        double[][] rows = data.rows();
        int from = wholeFile ? 0 : data.testStart();
        var report = model.evaluate(rows, data.trainEnd(), from, rows.length, 1);
        var o = spec.commandLine().getOut();
        o.println(data.describe());
        o.println((wholeFile ? "every origin of the series" : "test part") + ":");
        o.println(report.toTable());
        if (metricsDir != null) {
            java.nio.file.Files.createDirectories(metricsDir);
            Path png = metricsDir.resolve("forecast.png");
            javax.imageio.ImageIO.write(model.plot(rows, from, rows.length, data.series().name()), "png", png.toFile());
            o.println("forecast plot: " + png.toAbsolutePath());
        }
        return 0;
    }

    private int evaluateClassifier() throws Exception {
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new RnnkitCli.UsageException("--threshold must be in (0, 1), got " + threshold);
        }
        var classifier = PredictCommand.ensemble(bundle, and);
        var splits = texts.load();
        java.util.List<io.github.rnnkit.data.classify.LabelledText> part;
        String what;
        if (wholeFile) {
            part = new java.util.ArrayList<>(splits.train());
            part.addAll(splits.dev());
            part.addAll(splits.test());
            what = "all " + part.size() + " texts of " + splits.name();
        } else {
            part = splits.test().isEmpty() ? splits.dev() : splits.test();
            what = (splits.test().isEmpty() ? "dev" : "test") + " part of " + splits.name() + " (" + splits.split() + ")";
        }
        long t0 = System.nanoTime();
        var report = classifier.evaluate(part, threshold != null ? threshold : classifier.defaultThreshold());
        double seconds = (System.nanoTime() - t0) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "%s, %d texts, %.0f texts/s:%n%s", what, part.size(),
                part.size() / seconds, report.toTable());
        return 0;
    }

    private int evaluateTagger() throws Exception {
        var tagger = io.github.rnnkit.presets.tagging.SequenceTagger.load(bundle);
        var o = spec.commandLine().getOut();
        boolean own = tagged.ownFiles();
        if (own && (tagged.dev != null || tagged.test != null)) {
            throw new RnnkitCli.UsageException("evaluate scores all of the --conllu/--tsv file; --dev and --test are "
                    + "training options (pass the test file as --conllu/--tsv FILE)");
        }
        if (!own && !spec.commandLine().getParseResult().hasMatchedOption("--tagset")) {
            tagged.tagset = io.github.rnnkit.data.tagging.UniversalTagset.TAGS.containsAll(tagger.tags())
                    ? io.github.rnnkit.presets.tagging.TaggingSplits.Tagset.UNIVERSAL
                    : io.github.rnnkit.presets.tagging.TaggingSplits.Tagset.FULL;
        }
        java.util.List<io.github.rnnkit.data.brown.TaggedSentence> part;
        io.github.rnnkit.presets.tagging.TaggingReport baseline = null;
        if (own) {
            part = tagged.evaluationPart();
        } else {
            var brown = tagged.load();
            part = brown.test();
            baseline = io.github.rnnkit.presets.tagging.MostFrequentTagger.train(brown.train())
                    .evaluate(part, tagger::knows);
        }
        long t0 = System.nanoTime();
        var report = tagger.evaluate(part);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (report.unseenGoldTokens() * 2 > report.tokens()) {
            throw new IllegalArgumentException("most gold tags of " + tagged.evaluationName() + " (" + report.unseenGoldTokens()
                    + " of " + report.tokens() + " tokens) are not in this tagger's tag set of " + tagger.tags().size()
                    + " tags: the data and the model use different tagsets" + (own ? "" : "; pass --tagset UNIVERSAL or FULL"));
        }
        o.printf(Locale.ROOT, "%s: %d sentences, %d tokens, tagged at %.0f tokens/s%n", tagged.evaluationName(),
                part.size(), report.tokens(), report.tokens() / seconds);
        if (baseline != null) {
            o.printf(Locale.ROOT, "most-frequent-tag baseline: %s%n", baseline.summary());
        }
        o.print(report.toTable(25));
        if (confusion != null) {
            report.writeConfusionPng(confusion, 20);
            o.printf(Locale.ROOT, "confusion matrix: %s%n", confusion.toAbsolutePath());
        }
        return 0;
    }

    private int evaluateSeq2Seq() throws java.io.IOException {
        if (beam < 1) {
            throw new RnnkitCli.UsageException("--beam must be >= 1, got " + beam);
        }
        var model = io.github.rnnkit.presets.seq2seq.Seq2SeqModel.load(bundle);
        pairs.matchModel(model);
        java.util.Map<String, java.util.List<java.util.List<String>>> part;
        String name;
        if (pairs.pairs != null) {
            if (pairs.devPairs != null || pairs.testPairs != null) {
                throw new RnnkitCli.UsageException("evaluate scores all of --pairs FILE; --dev-pairs/--test-pairs are for training");
            }
            part = pairs.references(io.github.rnnkit.data.seq2seq.ParallelText.read(pairs.pairs,
                    pairs.sourceUnits(), pairs.targetUnits()).pairs());
            name = "all of " + pairs.pairs.getFileName();
        } else {
            part = pairs.load(corpus.store()).test();
            name = "CMUdict standard test";
        }
        java.io.PrintWriter o = spec.commandLine().getOut();
        Path folder = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(bundle);
        TrainSeq2SeqCommand.report(o, model, part, name, beam, folder);
        return 0;
    }

    private int evaluateCaptioner(ModelBundle loaded) throws java.io.IOException {
        if (beam < 1) {
            throw new RnnkitCli.UsageException("--beam must be >= 1, got " + beam);
        }
        var model = io.github.rnnkit.presets.captioning.ImageCaptioner.from(loaded, bundle.toString());
        CaptionDataOptions.Recipe recipe = TrainCaptionerCommand.recipe(loaded, bundle.toString());
        if (recipe == null) {
            throw new IllegalArgumentException(bundle + " does not record the data it was trained on ("
                    + CaptionDataOptions.ARTIFACT + "); it was not written by rnnkit train captioner");
        }
        CaptionDataOptions.Parts parts = CaptionDataOptions.load(recipe, corpus.store());
        java.io.PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "data: %s (the splits the model was trained and tested on, made again)%n", parts.name());
        Path folder = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(bundle);
        TrainCaptionerCommand.report(o, model, parts.train(), parts.tests(), beam, folder);
        return 0;
    }
}
