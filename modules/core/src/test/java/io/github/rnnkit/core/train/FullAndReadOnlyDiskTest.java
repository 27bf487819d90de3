package io.github.rnnkit.core.train;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.TinyNets;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints and bundles written to a full file system (a 192 KiB tmpfs mounted for the test) and to a read-only
 * directory (a read-only bind mount when the tests run as root, whom permissions do not stop; otherwise mode 555)
 * fail with an error that names the file and the reason, leave the previous checkpoint as it was and leave no
 * temporary file. Skipped, with the reason, where the test may not mount.
 */
class FullAndReadOnlyDiskTest {
    private static final RecurrentSpec SPEC = RecurrentSpec.of(RecurrentCell.LSTM, 8);
    private static final TrainingConfig CFG = TrainingConfig.defaults().withEpochs(1).withLearningRate(0.01)
            .withTbpttLength(5).withSeed(11);

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        return done && p.exitValue() == 0 ? null : String.join(" ", command) + " failed: " + out.strip();
    }

    private static Checkpointer writer(MultiLayerNetwork net) {
        return (file, state) -> ModelBundle.of(Provenance.now("test", 11, "echo", null), net, Map.of("k", 1))
                .withTrainingState(state).save(file);
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
        }
    }

    /** One epoch with a checkpoint at its end into {@code dir}; returns the checkpoint. */
    private static Path trainOneEpochInto(Path dir, MultiLayerNetwork net, TrainingState from) {
        TrainingConfig cfg = CFG.withEpochs(from == null ? 1 : from.epoch() + 1).withCheckpoints(dir, 1, null);
        return new Trainer(cfg).fit(TrainableNetwork.of(net), TinyNets.echoTask(6, 4, 10, 5), null, writer(net), from)
                .lastCheckpoint();
    }

    @Test
    void aFullDiskFailsTheCheckpointClearlyAndKeepsThePreviousOne(@TempDir Path tmp) throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        String refused = root() ? run("mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", small.toString())
                : "not root";
        Assumptions.assumeTrue(refused == null, () -> "cannot mount a size-limited tmpfs here: " + refused);
        try {
            MultiLayerNetwork net = TinyNets.network(SPEC, CFG);
            Path first = trainOneEpochInto(small, net, null);
            byte[] before = Files.readAllBytes(first);
            try (OutputStream filler = Files.newOutputStream(small.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    filler.write(block);
                    filler.flush();
                }
            } catch (IOException full) {
                assertTrue(full.getMessage().contains("No space left"), full.getMessage());
            }
            TrainingState state = ModelBundle.load(first).trainingState().orElseThrow();
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> trainOneEpochInto(small, net, state));
            assertTrue(e.getMessage().startsWith("checkpoint not written: could not write " + small)
                    && e.getMessage().contains("No space left on device"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(first), "the previous checkpoint is untouched");
            ModelBundle.load(first);
            assertEquals(List.of(), leftovers(small));

            // a bundle saved over an existing file: the error names it and the old file stays whole
            Path bundle = small.resolve(first.getFileName());
            IOException save = assertThrows(IOException.class, () -> ModelBundle.of(
                    Provenance.now("test", 11, "echo", null), net, Map.of("k", 2)).save(bundle));
            assertTrue(save.getMessage().contains(bundle.toString()) && save.getMessage().contains("No space left")
                    && save.getMessage().contains("previous file is left as it was"), save.getMessage());
            assertArrayEquals(before, Files.readAllBytes(first));
            assertEquals(List.of(), leftovers(small));
        } finally {
            run("umount", small.toString());
        }
    }

    @Test
    void aReadOnlyDirectoryFailsTheCheckpointClearlyAndKeepsThePreviousOne(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ro"));
        MultiLayerNetwork net = TinyNets.network(SPEC, CFG);
        Path first = trainOneEpochInto(dir, net, null);
        byte[] before = Files.readAllBytes(first);
        String refused = root() ? run("mount", "--bind", "-o", "ro", dir.toString(), dir.toString())
                : run("chmod", "555", dir.toString());
        Assumptions.assumeTrue(refused == null, () -> "cannot make a directory read-only here: " + refused);
        try {
            TrainingState state = ModelBundle.load(first).trainingState().orElseThrow();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> trainOneEpochInto(dir, net, state));
            assertTrue(e.getMessage().contains("directory " + dir + " is not writable"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(first), "the previous checkpoint is untouched");
            assertEquals(List.of(), leftovers(dir));
            IOException save = assertThrows(IOException.class, () -> ModelBundle.of(
                    Provenance.now("test", 11, "echo", null), net, Map.of("k", 2)).save(dir.resolve("model.zip")));
            assertTrue(save.getMessage().contains("model.zip") && save.getMessage().contains("not writable"),
                    save.getMessage());
        } finally {
            if (root()) {
                run("umount", dir.toString());
            } else {
                run("chmod", "755", dir.toString());
            }
        }
    }
}
