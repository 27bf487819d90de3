package io.github.rnnkit.cli;

import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.text.CodePointReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code rnnkit train charlm} in its own JVM (a seeded LSTM on the first 30,000 characters of Brown's raw
 * text, checkpointing every ~120 ms), killed with SIGKILL at random points after it has made progress, and once
 * while a checkpoint is being written (the moment its temporary file appears), then resumed with
 * {@code --resume DIR} each time until it finishes. After every kill every checkpoint in the directory opens
 * (checksums and all); the finished run's parameters equal, bit for bit, those of a run that was never
 * interrupted; no temporary file is left behind.
 */
class KillAndResumeTest {
    private static final long TIMEOUT_SECONDS = 300;

    @TempDir
    static Path dir;
    static Path text;

    @BeforeAll
    static void brownExcerpt() throws IOException {
        DatasetStore store = DatasetStore.defaultStore();
        Path raw = BrownCorpus.fetch(store).rawText(store);
        StringBuilder sb = new StringBuilder();
        try (CodePointReader r = CodePointReader.open(raw)) {
            for (int i = 0; i < 30_000; i++) {
                sb.appendCodePoint(r.next());
            }
        }
        text = Files.writeString(dir.resolve("brown-30k.txt"), sb, StandardCharsets.UTF_8);
    }

    private static List<String> trainArgs(Path out, int epochs) {
        return List.of("train", "charlm", "--text", text.toString(), "-o", out.toString(), "--hidden", "48",
                "--layers", "1", "--seq-length", "40", "--tbptt", "20", "--batch", "16", "--epochs",
                String.valueOf(epochs), "--lr", "0.01", "--seed", "11", "--validation-chars", "2000", "--eval-chars",
                "2000", "--sample-length", "8", "--checkpoint-minutes", "0.002");
    }

    /** Starts {@code rnnkit ARGS} in a JVM of its own, as the launcher does, output to {@code log}. */
    static Process start(Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                RnnkitCli.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    static void finish(Process p, Path log) throws Exception {
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("rnnkit did not finish in " + TIMEOUT_SECONDS + " s; its output:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    static long newestIteration(Path checkpoints) throws IOException {
        Path newest = Trainer.latestCheckpoint(checkpoints);
        return newest == null ? -1 : Long.parseLong(newest.getFileName().toString().replaceAll("\\D", ""));
    }

    static List<Path> temporaries(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.filter(f -> f.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    static float[] parameters(Path bundle) throws IOException {
        return ModelBundle.load(bundle).multiLayerNetwork().params().toFloatVector();
    }

    /**
     * Kills the run {@code kills} times ({@code duringWrite} of them at the moment a checkpoint's temporary file
     * appears), resuming after each, and compares the end with an uninterrupted run.
     */
    void killResumeAndCompare(int kills, int duringWrite, int epochs, long seed) throws Exception {
        Path straight = dir.resolve("straight-" + seed + ".zip");
        Path straightLog = dir.resolve("straight-" + seed + ".log");
        List<String> straightArgs = new ArrayList<>(trainArgs(straight, epochs));
        straightArgs.addAll(List.of("--checkpoint-dir", dir.resolve("straight-ck-" + seed).toString()));
        finish(start(straightLog, straightArgs), straightLog);

        Path checkpoints = dir.resolve("killed-ck-" + seed);
        Path out = dir.resolve("killed-" + seed + ".zip");
        Random random = new Random(seed);
        int killed = 0;
        int killedWriting = 0;
        List<String> log = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            List<String> args = new ArrayList<>(trainArgs(out, epochs));
            args.addAll(attempt == 0 ? List.of("--checkpoint-dir", checkpoints.toString())
                    : List.of("--resume", checkpoints.toString()));
            Path runLog = dir.resolve("killed-" + seed + "-" + attempt + ".log");
            long before = newestIteration(checkpoints);
            Process p = start(runLog, args);
            if (killed == kills) {
                finish(p, runLog);
                break;
            }
            boolean whileWriting = killedWriting < duringWrite && killed % 2 == 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            boolean ready = false;
            // wait until this run has written a checkpoint of its own: it has made progress to lose
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (newestIteration(checkpoints) > before) {
                    ready = true;
                    break;
                }
                Thread.sleep(5);
            }
            if (ready && whileWriting) {
                ready = false;
                while (p.isAlive() && System.nanoTime() < deadline) {
                    if (!temporaries(checkpoints).isEmpty()) {
                        ready = true;
                        break;
                    }
                    Thread.sleep(0, 200_000);
                }
            } else if (ready) {
                Thread.sleep(random.nextInt(400));
            }
            if (!p.isAlive()) {
                assertEquals(0, p.exitValue(), Files.readString(runLog));
                fail("the run finished before kill " + (killed + 1) + " of " + kills + " (" + log + "); give it "
                        + "more epochs");
            }
            assertTrue(ready, "no progress within " + TIMEOUT_SECONDS + " s:\n" + Files.readString(runLog));
            p.destroyForcibly();                        // SIGKILL on Linux: no shutdown hook, no finally
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
            boolean tmpLeft = !temporaries(checkpoints).isEmpty();
            killed++;
            if (whileWriting) {
                killedWriting++;
            }
            log.add("kill " + killed + " after iteration " + newestIteration(checkpoints)
                    + (tmpLeft ? " (mid-write: a temporary file was left)" : ""));
            List<Path> all = Trainer.checkpoints(checkpoints);
            assertTrue(!all.isEmpty(), "a checkpoint exists");
            for (Path c : all) {
                ModelBundle b = ModelBundle.load(c);            // throws on a half-written or corrupt file
                assertTrue(b.trainingState().isPresent(), c + " has its training state");
            }
        }
        System.out.println("KillAndResumeTest: " + String.join("; ", log));
        assertEquals(kills, killed);
        assertEquals(duringWrite, killedWriting, "kills while a checkpoint was being written: " + log);
        assertEquals(List.of(), temporaries(checkpoints), "the resumed run removed the killed runs' temporary files");
        float[] expected = parameters(straight);
        float[] got = parameters(out);
        assertEquals(expected.length, got.length);
        assertArrayEquals(expected, got, 0f, "parameters after " + log + " equal the uninterrupted run's, bit for bit");
    }

    @Test
    void threeKillsOneOfThemDuringACheckpointWriteEndBitIdenticalToAnUninterruptedRun() throws Exception {
        killResumeAndCompare(3, 1, 3, 1);
    }

    @Test
    @Tag("slow")
    void twentyKillsEndBitIdenticalToAnUninterruptedRun() throws Exception {
        killResumeAndCompare(20, 5, 12, 2);
    }

    @Test
    void aCorruptNewestCheckpointIsPassedOverForThePreviousWithAWarning() throws Exception {
        Path checkpoints = dir.resolve("corrupt-ck");
        Path out = dir.resolve("corrupt.zip");
        List<String> args = new ArrayList<>(trainArgs(out, 1));
        args.addAll(List.of("--checkpoint-dir", checkpoints.toString()));
        Path firstLog = dir.resolve("corrupt-first.log");
        finish(start(firstLog, args), firstLog);
        List<Path> all = Trainer.checkpoints(checkpoints);
        assertTrue(all.size() >= 2, "two checkpoints at least: " + all);
        byte[] bytes = Files.readAllBytes(all.get(0));
        Files.write(all.get(0), Arrays.copyOf(bytes, bytes.length / 2));      // as a full disk would leave it
        List<String> resume = new ArrayList<>(trainArgs(out, 1));
        resume.addAll(List.of("--resume", checkpoints.toString()));
        Path log = dir.resolve("corrupt-resume.log");
        finish(start(log, resume), log);
        String printed = Files.readString(log);
        assertTrue(printed.contains("WARN") && printed.contains("Resuming from " + all.get(1).getFileName())
                && printed.contains(all.get(0).getFileName() + " (model bundle"), printed);
    }
}
