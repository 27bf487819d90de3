package io.github.rnnkit.cli;

import io.github.rnnkit.bench.tagging.OpenNlpTagger;
import io.github.rnnkit.bench.tagging.TaggingBenchmark;
import io.github.rnnkit.presets.tagging.SequenceTagger;
import io.github.rnnkit.presets.tagging.TaggingSplits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnnkit bench tagging}: the recurrent tagger beside OpenNLP and the baseline on one split. */
@Command(name = "tagging", mixinStandardHelpOptions = true,
        description = {"Train and score, on the same split in one run: the most-frequent-tag baseline, Apache",
                "OpenNLP's POS tagger (maxent and/or perceptron) and rnnkit's tagger (the options of train tagger),",
                "optionally its word-only ablation. Prints and writes a markdown table: accuracy overall, on known",
                "and on unknown words, training time, tagging throughput."})
final class BenchTaggingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TaggingDataOptions data = new TaggingDataOptions();

    @Mixin
    TaggerOptions model = new TaggerOptions();

    @Option(names = "--peer", split = ",", defaultValue = "MAXENT",
            description = "OpenNLP algorithms to train: MAXENT, PERCEPTRON, both (comma-separated) or NONE (default: ${DEFAULT-VALUE})")
    List<String> peers;

    @Option(names = "--peer-iterations", defaultValue = "100", description = "OpenNLP training iterations (default: ${DEFAULT-VALUE})")
    int peerIterations;

    @Option(names = "--model", paramLabel = "BUNDLE",
            description = "score this tagger (trained on the same training part) instead of training one")
    Path trained;

    @Option(names = "--ablation", description = "also train the word-only tagger (no character CNN)")
    boolean ablation;

    @Option(names = "--out", defaultValue = "bench/results/tagging", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        EnumSet<OpenNlpTagger.Algorithm> algorithms = EnumSet.noneOf(OpenNlpTagger.Algorithm.class);
        for (String p : peers) {
            if (!p.equalsIgnoreCase("NONE")) {
                try {
                    algorithms.add(OpenNlpTagger.Algorithm.valueOf(p.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new RnnkitCli.UsageException("--peer: '" + p + "' is not MAXENT, PERCEPTRON or NONE");
                }
            }
        }
        TaggingSplits splits = data.load();
        SequenceTagger tagger = null;
        if (trained != null) {
            tagger = SequenceTagger.load(trained);
            if (!SequenceTagger.fingerprint(splits.train()).equals(tagger.provenance().datasetSha256())) {
                throw new IllegalArgumentException(trained + " was trained on other sentences than the training part of "
                        + splits.name() + "; its scores would not be comparable");
            }
        }
        TaggingBenchmark.run(new TaggingBenchmark.Options(splits, model.config(), model.training(), tagger, algorithms,
                peerIterations, ablation, out), spec.commandLine().getOut());
        return 0;
    }
}
