package io.github.rnnkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code notebooks/run} for real: every notebook under Jupyter with the Java kernel (rapaio), a notebook
 * that must fail, and a kernel that never answers (the start-up retry). The runner installs Jupyter and the
 * kernel when they are missing.
 */
class NotebooksTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path RUNNER = ROOT.resolve("notebooks/run");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kernel's classpath: this test's own (rnnkit's modules and every dependency), ';'-separated. */
    private static String classpath() {
        return String.join(";", System.getProperty("java.class.path").split(File.pathSeparator));
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RUNNER.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(40, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("notebooks/run did not finish in 40 minutes; log " + log);
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path notebook(Path dir, String name, String... cells) throws IOException {
        ObjectNode nb = JSON.createObjectNode();
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        nb.putObject("metadata").putObject("kernelspec").put("name", "java").put("display_name", "Java")
                .put("language", "java");
        ArrayNode list = nb.putArray("cells");
        for (int i = 0; i < cells.length; i++) {
            ObjectNode c = list.addObject();
            c.put("cell_type", "code");
            c.put("id", "c" + i);
            c.putObject("metadata");
            c.putArray("outputs");
            c.putNull("execution_count");
            c.put("source", cells[i]);
        }
        Path file = dir.resolve(name);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), nb);
        return file;
    }

    @Test
    void aFailingCellFailsTheRunAtOnceAndIsNamed(@TempDir Path dir) throws Exception {
        Path nb = notebook(dir, "fails.ipynb", "int answer = 6 * 7;\nSystem.out.println(answer);",
                "if (answer == 42) throw new IllegalStateException(\"deliberate failure in cell two\");",
                "System.out.println(\"never reached\");");
        Run r = run(dir.resolve("log.txt"), "--classpath", classpath(), "--out", dir.resolve("out").toString(),
                nb.toString());
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("deliberate failure in cell two"), r.output());
        assertTrue(r.output().contains("FAILED: fails.ipynb"), r.output());
        // A kernel that never answered at start-up is retried (rapaio's start-up race, or a loaded machine);
        // the try whose cell failed must be the last one.
        List<String> lines = r.output().lines().toList();
        long startupRetries = lines.stream().filter(l -> l.contains("did not answer at start-up")).count();
        long tries = lines.stream().filter(l -> l.contains("executing fails.ipynb (try ")).count();
        assertEquals(startupRetries + 1, tries, "a cell failure must not be retried:\n" + r.output());
        int failedAt = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("fails.ipynb failed;")) failedAt = i;
        assertTrue(failedAt >= 0, r.output());
        assertTrue(lines.subList(failedAt, lines.size()).stream().noneMatch(l -> l.contains("executing fails.ipynb")),
                "a cell failure must not be retried:\n" + r.output());
    }

    @Test
    void aKernelThatNeverAnswersIsRetriedThenFails(@TempDir Path dir) throws Exception {
        Path nb = notebook(dir, "silent.ipynb", "System.out.println(1);");
        Run r = run(dir.resolve("log.txt"), "--kernel-argv", "[\"sleep\", \"300\"]", "--tries", "2",
                "--startup-timeout", "4", "--out", dir.resolve("out").toString(), "--classpath", "unused", nb.toString());
        assertNotEquals(0, r.exitCode(), r.output());
        long retries = r.output().lines().filter(l -> l.contains("did not answer at start-up")).count();
        assertEquals(2, retries, r.output());
        assertTrue(r.output().contains("Kernel didn't respond in 4 seconds"), r.output());
        assertTrue(r.output().contains("FAILED: silent.ipynb"), r.output());
    }

    @Test
    void everyNotebookRunsAndShowsAPlot(@TempDir Path dir) throws Exception {
        Path out = ROOT.resolve("notebooks/out");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 5, "expected a notebook per preset and one on gradient checks: " + notebooks);
        Run r = run(dir.resolve("log.txt"), "--classpath", classpath(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.output());
        for (Path nb : notebooks) {
            JsonNode executed = JSON.readTree(out.resolve(nb.getFileName()).toFile());
            int images = 0;
            for (JsonNode cell : executed.get("cells")) {
                for (JsonNode output : cell.path("outputs")) {
                    assertNotEquals("error", output.path("output_type").asText(), nb + ": " + output);
                    if (output.path("data").has("image/png")) {
                        images++;
                    }
                }
                if (cell.path("cell_type").asText().equals("code")) {
                    assertTrue(cell.path("execution_count").isInt(), nb + ": a code cell did not run: " + cell);
                }
            }
            assertTrue(images >= 1, nb + " shows no PNG");
        }
    }
}
