package io.github.rnnkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * PyTorch as a benchmark peer: a long-lived Debian {@code /usr/bin/python3} process running the bundled
 * {@code torch_step.py}, asked for one measurement at a time so that it can be interleaved with rnnkit's
 * candidates. Set up as ../shared/BENCHMARKS.md says: 2 threads, {@code OMP_WAIT_POLICY=PASSIVE} in its
 * environment only. {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} are removed from its environment: some
 * machines set them to keep older OpenBLAS builds (ND4J's 0.3.19) off kernels that fail on their CPU, but Debian's
 * current OpenBLAS picks the right kernel itself, and forcing the older choice slowed the peer (1024^3 GEMM 132
 * instead of 186 GFLOP/s on an AVX-512 EPYC). The kernel it runs is reported with its version.
 */
public final class TorchPeer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TorchPeer.class);
    public static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final String version;

    private TorchPeer(Process process, BufferedReader out, String version) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = out;
        this.version = version;
    }

    /**
     * Starts the peer.
     *
     * @throws IllegalStateException with what to install when python3 or torch is missing
     */
    public static TorchPeer start() throws IOException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(PYTHON + " is missing; install Debian's python3-torch and "
                    + "libopenblas0-pthread (apt-get install python3-torch libopenblas0-pthread, or run bench/kernels.sh, "
                    + "which does)");
        }
        Path script = Files.createTempFile("rnnkit-torch-step", ".py");
        script.toFile().deleteOnExit();
        try (InputStream res = TorchPeer.class.getResourceAsStream("torch_step.py")) {
            if (res == null) {
                throw new IllegalStateException("torch_step.py is missing from the bench module's resources");
            }
            Files.write(script, res.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString());
        Map<String, String> env = pb.environment();
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        env.remove("OMP_NUM_THREADS");
        env.remove("OPENBLAS_CORETYPE");
        env.remove("OPENBLAS_L2_SIZE");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String hello = r.readLine();
        if (hello == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the PyTorch peer did not start (is Debian's python3-torch installed? "
                    + "apt-get install python3-torch libopenblas0-pthread)");
        }
        JsonNode h = Json.mapper().readTree(hello);
        return new TorchPeer(p, r, "torch " + h.path("torch").asText() + ", " + h.path("threads").asInt()
                + " threads, BLAS " + h.path("blas").asText() + " (OpenBLAS kernel " + h.path("core").asText() + ")");
    }

    /** "torch 1.13.0a0, 2 threads, BLAS ... (OpenBLAS kernel Cooperlake)". */
    public String version() {
        return version;
    }

    /** Milliseconds of {@code reps} n x n x n float32 GEMMs in PyTorch (2 threads). */
    public double[] gemm(int n, int reps) throws IOException {
        return ask(String.format("{\"gemm\":%d,\"reps\":%d}", n, reps));
    }

    /** Milliseconds of {@code reps} training steps or bare-layer passes after {@code warmup}. */
    public double[] measure(RecurrentCell cell, StepBenchmark.Shape s, StepBenchmark.Workload work, int warmup, int reps,
                            long seed) throws IOException {
        return ask(String.format("{\"cell\":\"%s\",\"shape\":[%d,%d,%d,%d],\"work\":\"%s\",\"warmup\":%d,"
                        + "\"reps\":%d,\"seed\":%d}", cell.name(), s.nIn(), s.hidden(), s.steps(), s.batch(), work.name(),
                warmup, reps, seed));
    }

    private double[] ask(String req) throws IOException {
        in.write(req);
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the PyTorch peer exited");
        }
        JsonNode n = Json.mapper().readTree(line);
        if (n.has("error")) {
            throw new IOException("the PyTorch peer failed: " + n.get("error").asText());
        }
        double[] ms = new double[n.get("ms").size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = n.get("ms").get(i).asDouble();
        }
        return ms;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing the PyTorch peer: {}", e.getMessage());
        }
        process.destroy();
    }
}
