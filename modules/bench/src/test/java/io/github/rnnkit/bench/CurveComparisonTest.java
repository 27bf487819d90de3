package io.github.rnnkit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurveComparisonTest {
    private static Path run(Path root, String name, int iterations, double secondsPerIteration) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= iterations; i++) {
            log.append(String.format(java.util.Locale.ROOT, "{\"type\":\"batch\",\"epoch\":1,\"iteration\":%d,\"loss\":%.3f,"
                    + "\"elapsed_s\":%.3f}%n", i, 3.0 / i, i * secondsPerIteration));
        }
        log.append("{\"type\":\"epoch\",\"epoch\":1,\"iteration\":").append(iterations)
                .append(",\"loss\":1.0,\"val_bpc\":2.5,\"improved\":true,\"elapsed_s\":1.0}\n");
        Files.writeString(dir.resolve("metrics.jsonl"), log);
        return dir;
    }

    @Test
    void tabulatesWhereEachRunEndedAndWritesBothPlots(@TempDir Path tmp) throws IOException {
        Path fast = run(tmp, "rnnkit", 40, 0.5);
        Path slow = run(tmp, "dl4j", 10, 2.0);
        StringWriter out = new StringWriter();
        CurveComparison.run(List.of(fast, slow), tmp.resolve("cmp"), new PrintWriter(out));
        assertTrue(out.toString().contains("| rnnkit | 40 | 20 | 2.00 |"), out.toString());
        assertTrue(out.toString().contains("| dl4j | 10 | 20 | 0.50 |"), out.toString());
        assertTrue(out.toString().contains("| 2.500 |"), "last validation BPC: " + out);
        assertTrue(Files.size(tmp.resolve("cmp-time.png")) > 1000);
        assertTrue(Files.size(tmp.resolve("cmp-iterations.png")) > 1000);
    }

    @Test
    void aFolderWithoutAMetricsLogIsNamed(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveComparison.run(List.of(tmp), tmp.resolve("x"), new PrintWriter(new StringWriter())));
        assertEquals("no metrics log at " + tmp.resolve("metrics.jsonl") + " (train with --metrics-dir DIR)", e.getMessage());
    }
}
