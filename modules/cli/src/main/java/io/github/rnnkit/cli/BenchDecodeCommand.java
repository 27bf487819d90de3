package io.github.rnnkit.cli;

import io.github.rnnkit.bench.DecodeBenchmark;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.presets.seq2seq.Seq2SeqModel;
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

/** {@code rnnkit bench decode}: decoding time against output length, step-wise vs re-running the graph. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decoding cost of a seq2seq model against output length T: rnnkit's step-wise decoder",
                "(O(T)) beside re-running the whole graph for every symbol as DL4J's example does (O(T^2)), same",
                "model and inputs, forced to T symbols; then greedy and beam words/s on the test sources",
                "(CMUdict standard test words, or --pairs/--test-pairs). Writes decode-lengths.md to --out."})
final class BenchDecodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "a seq2seq bundle (rnnkit train seq2seq)")
    Path model;

    @Mixin
    Seq2SeqDataOptions data = new Seq2SeqDataOptions();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "dataset cache (default: $RNNKIT_CACHE or ~/.cache/rnnkit)")
    Path cacheDir;

    @Option(names = "--lengths", split = ",", defaultValue = "5,10,20,40,80",
            description = "output lengths T (default: ${DEFAULT-VALUE})")
    List<Integer> lengths;

    @Option(names = "--batch", defaultValue = "32", description = "inputs decoded together (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--repeats", defaultValue = "3", description = "timed repeats per length (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--beam", defaultValue = "5", description = "beam width of the throughput figure (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = "--throughput-inputs", defaultValue = "2000",
            description = "test sources decoded for the words/s figures (default: ${DEFAULT-VALUE})")
    int throughputInputs;

    @Option(names = "--out", defaultValue = "bench/results/decode", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (beam < 1) {
            throw new RnnkitCli.UsageException("--beam must be >= 1, got " + beam);
        }
        if (throughputInputs < 1) {
            throw new RnnkitCli.UsageException("--throughput-inputs must be >= 1, got " + throughputInputs);
        }
        DecodeBenchmark.Options options;
        try {
            options = new DecodeBenchmark.Options(lengths, batch, repeats, out);
        } catch (IllegalArgumentException e) {
            throw new RnnkitCli.UsageException("--lengths/--batch/--repeats: " + e.getMessage());
        }
        Seq2SeqModel s2s = Seq2SeqModel.load(model);
        data.matchModel(s2s);
        DatasetStore store = cacheDir != null ? new DatasetStore(cacheDir) : DatasetStore.defaultStore();
        Seq2SeqDataOptions.Parts parts = data.load(store);
        List<String> inputs = new ArrayList<>(parts.test().isEmpty() ? parts.dev().keySet() : parts.test().keySet());
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no test or dev sources to decode");
        }
        PrintWriter o = spec.commandLine().getOut();
        List<DecodeBenchmark.Row> rows = DecodeBenchmark.lengths(s2s, inputs, options, o);
        inputs = inputs.subList(0, Math.min(throughputInputs, inputs.size()));
        double[] rate = DecodeBenchmark.throughput(s2s, inputs, beam);
        o.printf(Locale.ROOT, "throughput on %d sources: greedy %.0f words/s, beam %d %.0f words/s%n", inputs.size(),
                rate[0], beam, rate[1]);
        Path file = DecodeBenchmark.write(rows, batch, rate, beam, inputs.size(), out);
        o.printf(Locale.ROOT, "table: %s%n", file.toAbsolutePath());
        return 0;
    }
}
