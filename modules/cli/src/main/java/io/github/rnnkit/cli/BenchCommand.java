package io.github.rnnkit.cli;

import io.github.rnnkit.bench.CharLmBenchmark;
import io.github.rnnkit.bench.MemoryBenchmark;
import io.github.rnnkit.core.RecurrentCell;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnnkit bench ...}: accuracy and memory benchmarks (see docs/benchmarks.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks: charlm (BPC beside compressors), memory (heap/RSS vs corpus size),",
                "kernels (recurrent layers vs DL4J and PyTorch), curves (training curves side by side),",
                "sentiment (recurrent text classifier beside linear n-gram peers),",
                "tagging (sequence tagger beside OpenNLP and the most-frequent-tag baseline),",
                "decode (seq2seq decoding time against output length, step-wise vs re-running the graph),",
                "forecast (ESN, LSTM and GRU forecasters beside the naive baselines on named series)."},
        subcommands = {BenchCommand.CharLm.class, BenchCommand.Memory.class, BenchCommand.Kernels.class,
                BenchCommand.Curves.class, BenchSentimentCommand.class, BenchTaggingCommand.class,
                BenchDecodeCommand.class, BenchForecastCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark: charlm, memory, kernels, curves, sentiment, tagging, decode or forecast");
    }

    @Command(name = "charlm", mixinStandardHelpOptions = true,
            description = {"Train the char LM for --minutes, then report held-out bits per character on the test",
                    "tail (last 10%%) beside the unigram baseline and compressors (PPMd, bzip2, xz, zstd) on the same",
                    "split, measured in the same run; plus samples and their real-word rate."})
    static final class CharLm implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        CorpusOptions corpus = new CorpusOptions();

        @Mixin
        CharLmOptions model = new CharLmOptions();

        @Option(names = "--minutes", defaultValue = "30", description = "training time (default: ${DEFAULT-VALUE})")
        double minutes;

        @Option(names = "--out", defaultValue = "bench/results/charlm", description = "output folder (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (!(minutes > 0)) {
                throw new RnnkitCli.UsageException("--minutes must be > 0, got " + minutes);
            }
            CharLmBenchmark.run(new CharLmBenchmark.Options(corpus.resolve(), model.config(),
                    model.training().withMaxDuration(CharLmBenchmark.minutes(minutes)), out, 3),
                    spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "memory", mixinStandardHelpOptions = true,
            description = "Train --batches batches of the char LM on --text and print peak heap and RSS as JSON.")
    static final class Memory implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        CorpusOptions corpus = new CorpusOptions();

        @Mixin
        CharLmOptions model = new CharLmOptions();

        @Option(names = "--batches", defaultValue = "20", description = "batches to train (default: ${DEFAULT-VALUE})")
        int batches;

        @Override
        public Integer call() throws Exception {
            MemoryBenchmark.run(corpus.resolve(), batches, model.config(), model.training(),
                    spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "kernels", mixinStandardHelpOptions = true,
            description = {"Recurrent layer and training-step throughput of rnnkit's and DL4J's layers beside PyTorch",
                    "(Debian python3-torch) and a GEMM roofline,",
                    "candidates interleaved round by round (../shared/BENCHMARKS.md). Table on stdout, JSON to --out."})
    static final class Kernels implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--shapes", split = ",", description = "nInxHxTxB,... (default: the four reference shapes)")
        List<String> shapes;

        @Option(names = "--cells", split = ",", defaultValue = "SIMPLE_RNN,LSTM,GRU", description = "cells (default: ${DEFAULT-VALUE})")
        List<RecurrentCell> cells;

        @Option(names = "--work", split = ",", defaultValue = "STEP,LAYER,GENERATE,SEQUENCE",
                description = {"STEP (training step with softmax and Adam), LAYER (bare layer forward+backward) on --shapes;",
                        "GENERATE (100 rnnTimeStep calls, batch 1, hidden 512), SEQUENCE (output() of 1,000 steps) (default: ${DEFAULT-VALUE})"})
        List<io.github.rnnkit.bench.StepBenchmark.Workload> work;

        @Option(names = "--rounds", defaultValue = "5", description = "rounds (default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--warmup", defaultValue = "2", description = "warm-up steps per round (default: ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--reps", defaultValue = "3", description = "timed steps per round (default: ${DEFAULT-VALUE})")
        int reps;

        @Option(names = "--no-peer", description = "skip PyTorch")
        boolean noPeer;

        @Option(names = "--no-dl4j", description = "skip DL4J's stock layers (for quick A/B runs of rnnkit's own)")
        boolean noDl4j;

        @Option(names = "--out", defaultValue = "bench/results/kernels.json", description = "JSON results (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (rounds < 1 || reps < 1 || warmup < 0) {
                throw new RnnkitCli.UsageException("--rounds and --reps must be >= 1 and --warmup >= 0, got " + rounds
                        + ", " + reps + ", " + warmup);
            }
            List<io.github.rnnkit.bench.StepBenchmark.Shape> parsed = new java.util.ArrayList<>();
            try {
                if (shapes == null) {
                    parsed.addAll(io.github.rnnkit.bench.KernelBenchmark.REFERENCE_SHAPES);
                } else {
                    for (String s : shapes) {
                        parsed.add(io.github.rnnkit.bench.StepBenchmark.Shape.parse(s));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new RnnkitCli.UsageException("--shapes: " + e.getMessage());
            }
            io.github.rnnkit.bench.KernelBenchmark.run(parsed, cells, work, rounds, warmup, reps, !noPeer, !noDl4j, out,
                    spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = {"Training loss of several runs against time and iterations, from their --metrics-dir folders",
                    "(e.g. the char LM with --impl rnnkit and --impl dl4j): two PNGs and a table."})
    static final class Curves implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(arity = "1..*", paramLabel = "METRICS_DIR", description = "folders holding metrics.jsonl")
        List<Path> dirs;

        @Option(names = "--out", defaultValue = "bench/results/curves", description = "PNG prefix (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            try {
                io.github.rnnkit.bench.CurveComparison.run(dirs, out, spec.commandLine().getOut());
            } catch (IllegalArgumentException e) {
                throw new RnnkitCli.UsageException(e.getMessage());
            }
            return 0;
        }
    }
}
