package io.github.rnnkit.cli;

import io.github.rnnkit.bench.SentimentBenchmark;
import io.github.rnnkit.presets.sentiment.TextClassifier;
import io.github.rnnkit.presets.sentiment.TextClassifierConfig;
import io.github.rnnkit.presets.sentiment.TextSplits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rnnkit bench sentiment}: the recurrent text classifier beside the linear n-gram peers on one split. */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = {"Train and score, on the same split in one run: the linear peers (TF-IDF uni+bigrams and, for",
                "two classes, NB-scaled 1-3-grams, logistic regression) and rnnkit's recurrent classifier (the options",
                "of train sentiment). Prints and writes a markdown table: accuracy, macro F1, ROC AUC and the second",
                "class's precision/recall, training time, prediction throughput at batch 64. Saves the trained",
                "classifier(s) in --out as <data>-classifier.zip (and <data>-backward-classifier.zip)."})
final class BenchSentimentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TextDataOptions data = new TextDataOptions();

    @Mixin
    ClassifierOptions model = new ClassifierOptions();

    @Option(names = "--both-directions",
            description = "also train a backward classifier (reading each text last to first) from a backward language model, and score the mean of both directions' probabilities; needs --pretrain-lm (pretrains both) or --from-lm with --from-backward-lm")
    boolean bothDirections;

    @Option(names = "--from-backward-lm", paramLabel = "BUNDLE",
            description = "--both-directions with --from-lm: the backward word language model bundle to start the backward classifier from")
    Path fromBackwardLm;

    @Option(names = "--no-peers", description = "skip the linear peers")
    boolean noPeers;

    @Option(names = "--out", defaultValue = "bench/results/sentiment", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        boolean withLm = model.withLm();
        if (bothDirections && (!withLm || model.reverse || model.fromLm != null && fromBackwardLm == null)) {
            throw new RnnkitCli.UsageException("--both-directions needs --pretrain-lm, or --from-lm with "
                    + "--from-backward-lm, and no --reverse (the forward and backward models are both trained)");
        }
        if (fromBackwardLm != null && (!bothDirections || model.fromLm == null)) {
            throw new RnnkitCli.UsageException("--from-backward-lm goes with --both-directions and --from-lm");
        }
        TextClassifierConfig config = model.config();
        var training = model.training();
        TextSplits splits = data.load();
        PrintWriter o = spec.commandLine().getOut();
        TextClassifier initial = withLm
                ? TrainSentimentCommand.initial(model, config, training, splits, out.resolve(splits.name() + ".zip"),
                out.resolve(splits.name() + "-metrics"), o, null) : null;
        TextClassifier backward = bothDirections
                ? TrainSentimentCommand.initial(model, fromBackwardLm, "--from-backward-lm", config.withReversed(true),
                training, splits, out.resolve(splits.name() + "-backward.zip"),
                out.resolve(splits.name() + "-backward-metrics"), o, null) : null;
        SentimentBenchmark.run(new SentimentBenchmark.Options(splits, config, training, initial, backward, !noPeers,
                model.threshold(), out), o);
        return 0;
    }
}
