package io.github.rnnkit.core.bundle;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.TinyNets;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBundleTest {
    record DemoConfig(String name, int size, RecurrentSpec spec) {
    }

    @TempDir
    Path dir;
    private MultiLayerNetwork net;
    private ModelBundle bundle;
    private Path file;

    @BeforeEach
    void save() throws IOException {
        net = TinyNets.network(RecurrentSpec.of(RecurrentCell.LSTM, 4), TrainingConfig.defaults());
        net.fit(TinyNets.echoBatch(new SplittableRandom(1), 2, 3).getFeatures(0),
                TinyNets.echoBatch(new SplittableRandom(1), 2, 3).getLabels(0));
        bundle = ModelBundle.of(Provenance.now("demo", 9, "echo", "abc"), net,
                        new DemoConfig("x", 3, RecurrentSpec.of(RecurrentCell.LSTM, 4)))
                .withArtifact("vocabulary.json", "[\"a\"]".getBytes(StandardCharsets.UTF_8))
                .withTrainingState(new TrainingState(2, 3, 40, 1.5, 1, 1234));
        file = dir.resolve("model.zip");
        bundle.save(file);
    }

    @Test
    void roundTripKeepsPredictionsConfigArtifactsProvenanceAndState() throws IOException {
        ModelBundle loaded = ModelBundle.load(file, "demo");
        INDArray x = TinyNets.echoBatch(new SplittableRandom(5), 3, 6).getFeatures(0);
        assertEquals(net.output(x), loaded.multiLayerNetwork().output(x));
        assertEquals(net.getUpdater().getStateViewArray(), loaded.multiLayerNetwork().getUpdater().getStateViewArray(),
                "updater state is kept for resuming");
        assertEquals(new DemoConfig("x", 3, RecurrentSpec.of(RecurrentCell.LSTM, 4)), loaded.config(DemoConfig.class));
        assertArrayEquals("[\"a\"]".getBytes(StandardCharsets.UTF_8), loaded.artifact("vocabulary.json"));
        assertEquals(bundle.provenance(), loaded.provenance());
        assertEquals(9, loaded.provenance().seed());
        assertEquals(Versions.dl4j(), loaded.provenance().dl4jVersion());
        assertEquals(new TrainingState(2, 3, 40, 1.5, 1, 1234), loaded.trainingState().orElseThrow());
    }

    @Test
    void aBundleWithoutANetworkKeepsItsArtifactsAndSaysSo() throws IOException {
        Path f = dir.resolve("esn.zip");
        ModelBundle.withoutNetwork(Provenance.now("demo", 1, "d", "s"), new DemoConfig("esn", 5, null))
                .withArtifact("weights.bin", new byte[]{1, 2, 3}).save(f);
        ModelBundle loaded = ModelBundle.load(f, "demo");
        assertEquals(null, loaded.network());
        assertArrayEquals(new byte[]{1, 2, 3}, loaded.artifact("weights.bin"));
        assertEquals(new DemoConfig("esn", 5, null), loaded.config(DemoConfig.class));
        var e = assertThrows(IllegalStateException.class, loaded::multiLayerNetwork);
        assertTrue(e.getMessage().contains("no network"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.load(missing));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("nope.zip"), e.getMessage());
    }

    @Test
    void truncatedFileIsRefusedWithItsName() throws IOException {
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.load(cut));
        assertTrue(e.getMessage().contains("cut.zip") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptedEntryIsCaughtByItsChecksum() throws IOException {
        Path bad = dir.resolve("bad.zip");
        rewrite(file, bad, "config.json", "{\"name\":\"y\",\"size\":3}".getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.load(bad));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAZipIsRefused() throws IOException {
        Path text = dir.resolve("notes.zip");
        Files.writeString(text, "hello");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.load(text));
        assertTrue(e.getMessage().contains("notes.zip"), e.getMessage());
    }

    @Test
    void aZipWithoutManifestIsNotABundle() throws IOException {
        Path other = dir.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write(1);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.load(other));
        assertTrue(e.getMessage().contains("not an rnnkit bundle"), e.getMessage());
    }

    @Test
    void anotherPresetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelBundle.load(file, "charlm"));
        assertTrue(e.getMessage().contains("'demo'") && e.getMessage().contains("'charlm'"), e.getMessage());
    }

    @Test
    void aNewerFormatVersionIsRefused() throws IOException {
        Path newer = dir.resolve("newer.zip");
        String manifest = readEntry(file, "manifest.json").replace("\"formatVersion\" : 1", "\"formatVersion\" : 99");
        rewrite(file, newer, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.load(newer));
        assertTrue(e.getMessage().contains("format version 99") && e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void invalidArtifactNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> bundle.withArtifact("../x", new byte[0]));
    }

    private static String readEntry(Path zip, String name) throws IOException {
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            return new String(z.getInputStream(z.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Copies a zip, replacing one entry's content. */
    private static void rewrite(Path from, Path to, String entry, byte[] content) throws IOException {
        try (var in = new java.util.zip.ZipFile(from.toFile());
             OutputStream os = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (var e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals(entry) ? content : in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
    }
}
