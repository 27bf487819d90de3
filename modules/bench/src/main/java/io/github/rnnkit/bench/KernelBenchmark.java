package io.github.rnnkit.bench;

import io.github.rnnkit.core.OpenBlas;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.bundle.Versions;
import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.layers.LayerThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recurrent-kernel throughput benchmark of ../shared/BENCHMARKS.md. For each cell, workload and shape (a full
 * training step {@code input -> recurrent layer -> softmax}, forward, BPTT, Adam, or the bare layer's forward and
 * backward, on the reference shapes; generation with {@code rnnTimeStep} and {@code output()} on a long
 * sequence on the {@link #INFERENCE_SHAPES}), float32, every candidate is measured in the same invocation,
 * interleaved round by round with the order rotated: DL4J's stock layer (where DL4J has one), rnnkit's layer, PyTorch's
 * {@code nn.RNN/LSTM/GRU} (Debian's python3-torch, 2 threads, OMP_WAIT_POLICY=PASSIVE), and a 1024^3 GEMM as the
 * machine's practical limit.
 */
public final class KernelBenchmark {
    private static final Logger log = LoggerFactory.getLogger(KernelBenchmark.class);

    /** The reference shapes (nIn, hidden, T, batch). */
    public static final List<StepBenchmark.Shape> REFERENCE_SHAPES = List.of(new StepBenchmark.Shape(64, 256, 50, 32),
            new StepBenchmark.Shape(64, 256, 50, 128), new StepBenchmark.Shape(128, 512, 50, 64),
            new StepBenchmark.Shape(128, 1024, 25, 128));

    /**
     * The inference shapes: text generation at batch 1 with hidden 512 (100 steps per timed unit), and a long
     * sequence (1,000 steps, batch 1) through {@code output()}.
     */
    public static final Map<StepBenchmark.Workload, StepBenchmark.Shape> INFERENCE_SHAPES = Map.of(
            StepBenchmark.Workload.GENERATE, new StepBenchmark.Shape(64, 512, 100, 1),
            StepBenchmark.Workload.SEQUENCE, new StepBenchmark.Shape(64, 512, 1000, 1));

    /**
     * One candidate's figure for one shape, cell and workload.
     *
     * @param candidate "dl4j", "rnnkit" or "pytorch"
     * @param ms        median, min and max over the rounds of each round's median time
     * @param heapKb    Java heap allocated by the measuring thread per unit of work, in KiB (median over the
     *                  rounds; NaN for the Python peer). ND4J's arrays live off the heap: see docs/benchmarks.md
     */
    public record Row(String candidate, RecurrentCell cell, StepBenchmark.Shape shape, StepBenchmark.Workload work,
                      Stats ms, double tokensPerSecond, double gflops, double rooflinePercent, double heapKb) {
    }

    /**
     * The whole run.
     *
     * @param gemmGflops median over the rounds of the fastest 1024^3 float32 GEMM of the round (ND4J in this JVM,
     *                   or PyTorch with 2 threads), in GFLOP/s: the machine's practical limit
     * @param blas       the OpenBLAS this JVM ran ({@link io.github.rnnkit.core.OpenBlas#describeLoaded()}) and the
     *                   OPENBLAS_CORETYPE it saw
     */
    public record Result(List<Row> rows, double gemmGflops, String peer, String machine, String backend,
                         String blas, String ompThreads, String vectorApi, String java, int rounds, int reps, String date) {
    }

    private KernelBenchmark() {
    }

    private record Key(String candidate, RecurrentCell cell, StepBenchmark.Shape shape, StepBenchmark.Workload work) {
    }

    public static Result run(List<StepBenchmark.Shape> shapes, List<RecurrentCell> cells,
                             List<StepBenchmark.Workload> workloads, int rounds, int warmup, int reps, boolean withPeer,
                             boolean withDl4j, Path json, PrintWriter out) throws IOException {
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
        Map<Key, List<Double>> perRound = new LinkedHashMap<>();
        Map<Key, List<Double>> heap = new LinkedHashMap<>();
        Map<Key, StepBenchmark> jvm = new LinkedHashMap<>();
        List<Double> gemm = new ArrayList<>();
        try {
            for (int r = 0; r < rounds; r++) {
                double[] g = new double[reps];
                for (int i = 0; i < reps; i++) {
                    g[i] = StepBenchmark.gemmMillis(1024);
                }
                double best = Stats.of(g).min();      // the machine's limit: the fastest of the reps
                if (peer != null) {      // the JVM's GEMM may be limited to one thread; the peer's uses 2
                    best = Math.min(best, Stats.of(peer.gemm(1024, reps)).min());
                }
                gemm.add(2.0 * 1024 * 1024 * 1024 / (best * 1e6));
                for (RecurrentCell c : cells) {
                    for (StepBenchmark.Workload w : workloads) {
                        for (StepBenchmark.Shape s : w.trains() ? shapes : List.of(INFERENCE_SHAPES.get(w))) {
                            List<String> order = new ArrayList<>(List.of("rnnkit", "pytorch", "dl4j"));
                            Collections.rotate(order, r);                    // rotate who goes first
                            for (String who : order) {
                                Key k = new Key(who, c, s, w);
                                StepBenchmark bench = switch (who) {        // built outside the measured window
                                    case "dl4j" -> !withDl4j || c == RecurrentCell.GRU ? null : jvm.computeIfAbsent(k,
                                            x -> new StepBenchmark(c, RecurrentImpl.DL4J, s, w, 1));
                                    case "rnnkit" -> jvm.computeIfAbsent(k,
                                            x -> new StepBenchmark(c, RecurrentImpl.RNNKIT, s, w, 1));
                                    default -> null;
                                };
                                long heapBefore = allocatedBytes();
                                double[] ms = who.equals("pytorch")
                                        ? (peer == null ? null : peer.measure(c, s, w, warmup, reps, 1))
                                        : bench == null ? null : time(bench, warmup, reps);
                                if (ms != null) {
                                    perRound.computeIfAbsent(k, x -> new ArrayList<>()).add(Stats.of(ms).median());
                                    if (!who.equals("pytorch")) {
                                        heap.computeIfAbsent(k, x -> new ArrayList<>())
                                                .add((allocatedBytes() - heapBefore) / 1024.0 / (warmup + reps));
                                    }
                                }
                            }
                            log.info("round {}/{}: {} {} {} done", r + 1, rounds, c, s, w);
                        }
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
            Stats st = Stats.of(v.stream().mapToDouble(Double::doubleValue).toArray());
            double gf = k.shape().flops(k.cell(), k.work()) / (st.median() * 1e6);
            List<Double> kb = heap.get(k);
            rows.add(new Row(k.candidate(), k.cell(), k.shape(), k.work(), st,
                    k.shape().steps() * k.shape().batch() / (st.median() / 1000), gf, 100 * gf / roof,
                    kb == null ? Double.NaN : Stats.of(kb.stream().mapToDouble(Double::doubleValue).toArray()).median()));
        });
        rows.sort(java.util.Comparator.comparing((Row x) -> x.work()).thenComparing(x -> x.cell())
                .thenComparing(x -> x.shape().hidden()).thenComparing(x -> x.shape().batch()).thenComparing(Row::candidate));
        Result result = new Result(rows, roof, peerName, CharLmBenchmark.machine(), Versions.nd4jClassifier(),
                OpenBlas.describeLoaded() + ", OPENBLAS_CORETYPE=" + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                io.github.rnnkit.core.layers.FastRecurrentLayer.vectorApiInUse() ? "on" : "off",
                System.getProperty("java.version"), rounds, reps, Instant.now().toString());
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            AtomicFiles.write(json, tmp -> Files.writeString(tmp, Json.write(result)));
        }
        print(result, out);
        return result;
    }

    /** Java heap bytes this thread has allocated so far (HotSpot's per-thread allocation counter). */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx instanceof com.sun.management.ThreadMXBean sun ? sun.getCurrentThreadAllocatedBytes() : 0;
    }

    /**
     * A candidate's warm-up and timed units, under one {@link LayerThreads} hold as in a training run or a generation
     * loop (a no-op for DL4J's layers): the hold's two thread-count switches fall outside the timed units.
     */
    private static double[] time(StepBenchmark b, int warmup, int reps) {
        try (LayerThreads held = b.holdThreads()) {
            for (int i = 0; i < warmup; i++) {
                b.step();
            }
            double[] ms = new double[reps];
            for (int i = 0; i < reps; i++) {
                ms[i] = b.step();
            }
            return ms;
        }
    }

    static void print(Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "Recurrent layers, float32; %s; ND4J %s, %s, OMP_NUM_THREADS=%s, Vector API %s, Java %s;%n"
                        + "peer: %s; GEMM 1024^3: %.1f GFLOP/s; %d rounds x %d reps; %s%n%n", r.machine(), r.backend(),
                r.blas(), r.ompThreads(), r.vectorApi(), r.java(), r.peer(), r.gemmGflops(), r.rounds(), r.reps(), r.date());
        out.println("| work | cell | shape (nIn, H, T, B) | candidate | ms median (min-max) | tokens/s | GFLOP/s | % of GEMM | vs PyTorch | heap KiB/unit |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Row row : r.rows()) {
            double torch = r.rows().stream().filter(x -> x.candidate().equals("pytorch") && x.cell() == row.cell()
                    && x.shape().equals(row.shape()) && x.work() == row.work()).mapToDouble(x -> x.ms().median())
                    .findFirst().orElse(Double.NaN);
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.1f (%.1f-%.1f) | %.0f | %.1f | %.0f%% | %s | %s |%n",
                    row.work().name().toLowerCase(Locale.ROOT), row.cell(), row.shape(), row.candidate(),
                    row.ms().median(), row.ms().min(), row.ms().max(), row.tokensPerSecond(), row.gflops(),
                    row.rooflinePercent(), Double.isNaN(torch) ? "-" : String.format(Locale.ROOT, "%.2fx",
                            torch / row.ms().median()),
                    Double.isNaN(row.heapKb()) ? "-" : String.format(Locale.ROOT, "%.0f", row.heapKb()));
        }
        out.println();
        out.println("step: one training step (layer, softmax, cross-entropy, backward, Adam); layer: the bare layer's forward "
                + "and backward; generate: T one-step rnnTimeStep calls (ms per call = ms / T); sequence: one output() "
                + "call over T steps. vs PyTorch: PyTorch's time / this time (> 1 is faster than PyTorch). heap: Java heap "
                + "allocated per unit by the JVM candidates (ND4J's arrays are off-heap).");
        out.flush();
    }
}
