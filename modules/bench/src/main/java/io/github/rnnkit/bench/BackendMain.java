package io.github.rnnkit.bench;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One round of the backend comparison, run in its own JVM per ND4J classifier and thread setting by
 * {@code bench/backends.sh}: times training steps of DL4J's LSTM and SimpleRnn at the given shapes and
 * a 1024^3 GEMM, and prints one JSON line per measurement.
 *
 * <pre>java -cp CLASSPATH io.github.rnnkit.bench.BackendMain LABEL WARMUP REPS SHAPE...</pre>
 */
public final class BackendMain {
    private BackendMain() {
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: BackendMain LABEL WARMUP REPS SHAPE... (shape like 64x256x50x32)");
            System.exit(2);
        }
        String label = args[0];
        int warmup = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        List<StepBenchmark.Shape> shapes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            shapes.add(StepBenchmark.Shape.parse(args[i]));
        }
        Nd4j.create(1);   // load the native backend
        String backend = org.bytedeco.javacpp.Loader.getLoadedLibraries().values().stream()
                .filter(path -> path != null && path.contains("nd4j"))
                .map(path -> path.replaceAll(".*/(linux-[^/]+)/.*", "$1")).findFirst().orElse("?");
        String omp = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
        for (int i = 0; i < 2; i++) {
            StepBenchmark.gemmMillis(1024);
        }
        double[] gemm = new double[reps];
        for (int i = 0; i < reps; i++) {
            gemm[i] = StepBenchmark.gemmMillis(1024);
        }
        Stats g = Stats.of(gemm);
        System.out.printf(Locale.ROOT, "{\"label\":\"%s\",\"omp\":\"%s\",\"backend\":\"%s\",\"what\":\"gemm1024\","
                + "\"median_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f,\"gflops\":%.1f}%n", label, omp, backend,
                g.median(), g.min(), g.max(), 2.0 * 1024 * 1024 * 1024 / (g.median() * 1e6));
        for (RecurrentCell cell : RecurrentCell.values()) {
          for (RecurrentImpl impl : RecurrentImpl.values()) {
            if (impl == RecurrentImpl.DL4J && cell == RecurrentCell.GRU) {
                continue;
            }
            for (StepBenchmark.Shape shape : shapes) {
                StepBenchmark b = new StepBenchmark(cell, impl, shape, StepBenchmark.Workload.STEP, 1);
                for (int i = 0; i < warmup; i++) {
                    b.step();
                }
                double[] ms = new double[reps];
                for (int i = 0; i < reps; i++) {
                    ms[i] = b.step();
                }
                Stats s = Stats.of(ms);
                System.out.printf(Locale.ROOT, "{\"label\":\"%s\",\"omp\":\"%s\",\"backend\":\"%s\",\"what\":\"%s %s %s\","
                                + "\"median_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f,\"tokens_per_s\":%.0f,"
                                + "\"gflops\":%.2f}%n", label, omp, backend, impl, cell, shape, s.median(), s.min(),
                        s.max(), shape.steps() * shape.batch() / (s.median() / 1000),
                        shape.flops(cell, StepBenchmark.Workload.STEP) / (s.median() * 1e6));
            }
          }
        }
    }
}
