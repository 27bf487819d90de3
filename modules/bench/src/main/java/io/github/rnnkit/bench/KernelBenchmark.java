package io.github.rnnkit.bench;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.bundle.Versions;
import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.core.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recurrent-kernel throughput benchmark of ../shared/BENCHMARKS.md: one training step of
 * {@code input -> recurrent layer -> softmax over the input vocabulary} (forward, BPTT, Adam; float32) for
 * each reference shape and cell, measured for every candidate in the same invocation, candidates interleaved
 * round by round: DL4J's stock layer (where DL4J has one), rnnkit's own layer (where rnnkit has one: the GRU
 * today; the fast layers of issue 13 join here), PyTorch's {@code nn.RNN/LSTM/GRU} (Debian's python3-torch,
 * 2 threads, OMP_WAIT_POLICY=PASSIVE), and a 1024^3 GEMM as the machine's practical limit.
 */
public final class KernelBenchmark {
    private static final Logger log = LoggerFactory.getLogger(KernelBenchmark.class);

    /** The reference shapes (nIn, hidden, T, batch). */
    public static final List<StepBenchmark.Shape> REFERENCE_SHAPES = List.of(new StepBenchmark.Shape(64, 256, 50, 32),
            new StepBenchmark.Shape(64, 256, 50, 128), new StepBenchmark.Shape(128, 512, 50, 64),
            new StepBenchmark.Shape(128, 1024, 25, 128));

    /**
     * One candidate's figure for one shape and cell.
     *
     * @param candidate "dl4j", "rnnkit" or "pytorch"
     * @param cell      the cell
     * @param shape     the shape
     * @param ms        median, min and max over the rounds of each round's median step time
     */
    public record Row(String candidate, RecurrentCell cell, StepBenchmark.Shape shape, Stats ms, double tokensPerSecond,
                      double gflops, double rooflinePercent) {
    }

    /**
     * The whole run.
     *
     * @param gemmGflops median over the rounds of the faster 1024^3 float32 GEMM (ND4J in this JVM, or PyTorch
 *                   with 2 threads), in GFLOP/s: the machine's practical limit
     */
    public record Result(List<Row> rows, double gemmGflops, String peer, String machine, String backend,
                         String ompThreads, String java, int rounds, int reps, String date) {
    }

    private KernelBenchmark() {
    }

    public static Result run(List<StepBenchmark.Shape> shapes, List<RecurrentCell> cells, int rounds, int warmup,
                             int reps, boolean withPeer, Path json, PrintWriter out) throws IOException {
        TorchPeer peer = null;
        String peerName = "not run";
        if (withPeer) {
            try {
                peer = TorchPeer.start();
                peerName = peer.version();
            } catch (IllegalStateException | IOException e) {
                log.warn("PyTorch peer unavailable, reporting rnnkit and DL4J only: {}", e.getMessage());
                peerName = "unavailable: " + e.getMessage();
            }
        }
        Map<String, List<Double>> perRound = new LinkedHashMap<>();
        Map<String, StepBenchmark> jvmCandidates = new LinkedHashMap<>();
        for (StepBenchmark.Shape s : shapes) {
            for (RecurrentCell c : cells) {
                jvmCandidates.put(key(c == RecurrentCell.GRU ? "rnnkit" : "dl4j", c, s), new StepBenchmark(c, s, 1));
            }
        }
        List<Double> gemm = new ArrayList<>();
        try {
            for (int r = 0; r < rounds; r++) {
                double[] g = new double[reps];
                for (int i = 0; i < reps; i++) {
                    g[i] = StepBenchmark.gemmMillis(1024);
                }
                double best = Stats.of(g).median();
                if (peer != null) {      // the JVM's GEMM may be limited to one OpenMP thread; the peer's uses 2
                    best = Math.min(best, Stats.of(peer.gemm(1024, reps)).median());
                }
                gemm.add(2.0 * 1024 * 1024 * 1024 / (best * 1e6));
                for (StepBenchmark.Shape s : shapes) {
                    for (RecurrentCell c : cells) {
                        List<String> order = new ArrayList<>(List.of("jvm", "pytorch"));
                        if (r % 2 == 1) {
                            java.util.Collections.reverse(order);       // alternate who goes first
                        }
                        for (String who : order) {
                            if (who.equals("jvm")) {
                                String k = key(c == RecurrentCell.GRU ? "rnnkit" : "dl4j", c, s);
                                StepBenchmark b = jvmCandidates.get(k);
                                for (int i = 0; i < warmup; i++) {
                                    b.step();
                                }
                                double[] ms = new double[reps];
                                for (int i = 0; i < reps; i++) {
                                    ms[i] = b.step();
                                }
                                perRound.computeIfAbsent(k, x -> new ArrayList<>()).add(Stats.of(ms).median());
                            } else if (peer != null) {
                                double[] ms = peer.measure(c, s, warmup, reps, 1);
                                perRound.computeIfAbsent(key("pytorch", c, s), x -> new ArrayList<>())
                                        .add(Stats.of(ms).median());
                            }
                        }
                        log.info("round {}/{}: {} {} done", r + 1, rounds, c, s);
                    }
                }
            }
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        double roof = Stats.of(gemm.stream().mapToDouble(Double::doubleValue).toArray()).median();
        List<Row> rows = new ArrayList<>();
        perRound.forEach((k, v) -> {
            String[] p = k.split("\\|");
            RecurrentCell cell = RecurrentCell.valueOf(p[1]);
            StepBenchmark.Shape shape = StepBenchmark.Shape.parse(p[2]);
            Stats st = Stats.of(v.stream().mapToDouble(Double::doubleValue).toArray());
            double gf = shape.flops(cell) / (st.median() * 1e6);
            rows.add(new Row(p[0], cell, shape, st, shape.steps() * shape.batch() / (st.median() / 1000), gf,
                    100 * gf / roof));
        });
        Result result = new Result(rows, roof, peerName, CharLmBenchmark.machine(), Versions.nd4jClassifier(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), System.getProperty("java.version"), rounds,
                reps, Instant.now().toString());
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            AtomicFiles.write(json, tmp -> Files.writeString(tmp, Json.write(result)));
        }
        print(result, out);
        return result;
    }

    private static String key(String candidate, RecurrentCell cell, StepBenchmark.Shape s) {
        return candidate + "|" + cell.name() + "|" + s.nIn() + "x" + s.hidden() + "x" + s.steps() + "x" + s.batch();
    }

    static void print(Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "Training step (forward, BPTT, Adam), float32; %s; ND4J %s, OMP_NUM_THREADS=%s, Java %s;%n"
                        + "peer: %s; GEMM 1024^3: %.1f GFLOP/s; %d rounds x %d steps; %s%n%n", r.machine(), r.backend(),
                r.ompThreads(), r.java(), r.peer(), r.gemmGflops(), r.rounds(), r.reps(), r.date());
        out.println("| cell | shape (nIn, H, T, B) | candidate | ms/step median (min-max) | tokens/s | GFLOP/s | % of GEMM | vs PyTorch |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Row row : r.rows()) {
            double torch = r.rows().stream().filter(x -> x.candidate().equals("pytorch") && x.cell() == row.cell()
                    && x.shape().equals(row.shape())).mapToDouble(x -> x.ms().median()).findFirst().orElse(Double.NaN);
            out.printf(Locale.ROOT, "| %s | %s | %s | %.1f (%.1f-%.1f) | %.0f | %.1f | %.0f%% | %s |%n", row.cell(),
                    row.shape(), row.candidate(), row.ms().median(), row.ms().min(), row.ms().max(), row.tokensPerSecond(),
                    row.gflops(), row.rooflinePercent(), Double.isNaN(torch) ? "-"
                            : String.format(Locale.ROOT, "%.2fx", torch / row.ms().median()));
        }
        out.flush();
    }
}
