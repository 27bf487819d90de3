package io.github.rnnkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ND4J on the system's OpenBLAS in place of its bundled one ({@code -Drnnkit.blas=system}), as the command line
 * chooses by default when one is installed: every gradient check (rnnkit's layers and DL4J's, double precision,
 * masks and truncated BPTT) passes in a JVM that loaded it, and that JVM names the library it loaded. Runs where
 * Debian's {@code libopenblas0-pthread} is installed (CI installs it); skipped elsewhere.
 */
class SystemOpenBlasTest {
    private static final Path DEBIAN = Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0");

    @TempDir
    Path dir;

    private String run(String blas, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-Drnnkit.blas=" + blas,
                "-cp", System.getProperty("java.class.path"), RnnkitCli.class.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve(blas.replace('/', '_') + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("rnnkit did not finish in 120 s; its output:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void everyGradientCheckPassesOnTheSystemOpenBlas() throws Exception {
        assumeTrue(Files.isRegularFile(DEBIAN), "no system OpenBLAS at " + DEBIAN + " (apt-get install libopenblas0-pthread)");
        String out = run("system", "gradcheck", "--cell", "all", "--masks", "--tbptt", "3");
        assertTrue(out.contains("OpenBLAS 0.") && out.contains("(" + DEBIAN + ")"), out);
        assertTrue(out.contains(" passed, 0 failed"), out);
    }

    @Test
    void anUnknownSettingStopsTheCommandLineBeforeItLoadsAnything() throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-Drnnkit.blas=fastest", "-cp", System.getProperty("java.class.path"), RnnkitCli.class.getName(), "--version");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("rnnkit: -Drnnkit.blas must be auto, bundled, system or the path of a libopenblas.so.0, "
                + "got 'fastest' (no such file)"), out);
    }
}
