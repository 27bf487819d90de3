package io.github.rnnkit.core.bundle;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.TrainingState;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One file that holds a trained model and everything needed to use it or to resume training it: the DL4J
 * network with its updater state, the preset's name and config, named artifacts such as the vocabulary,
 * the provenance, and (for checkpoints) the training state.
 *
 * <p>The file is a zip:
 * <pre>
 *   manifest.json        format name and version, preset, network type, provenance, sha256 of every entry
 *   config.json          the preset's config record as JSON
 *   model.zip            DL4J's ModelSerializer format, updater state included
 *   artifacts/NAME       preset artifacts, e.g. artifacts/vocabulary.json
 *   training-state.json  only in checkpoints: where the run stood
 * </pre>
 *
 * <p>Loading checks that the file is a bundle, that its format version is one this rnnkit reads, that
 * every entry matches its checksum (a truncated or corrupted file is refused with the file named), and,
 * when asked, that it holds the expected preset.
 */
public final class ModelBundle {
    /** The format version this rnnkit writes; it reads this one and older ones. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's network type of a bundle with no DL4J network. */
    public static final String NO_NETWORK = "none";
    static final String FORMAT_NAME = "rnnkit-model-bundle";
    private static final String MANIFEST = "manifest.json";
    private static final String CONFIG = "config.json";
    private static final String MODEL = "model.zip";
    private static final String STATE = "training-state.json";
    private static final String ARTIFACTS = "artifacts/";

    /** The manifest as stored in the zip. */
    record Manifest(String format, int formatVersion, String preset, String networkType, Provenance provenance,
                    Map<String, String> sha256) {
    }

    private final Provenance provenance;
    private final Model network;
    private final String configJson;
    private final Map<String, byte[]> artifacts;
    private final TrainingState trainingState;

    private ModelBundle(Provenance provenance, Model network, String configJson, Map<String, byte[]> artifacts,
                        TrainingState trainingState) {
        this.provenance = provenance;
        this.network = network;
        this.configJson = configJson;
        this.artifacts = artifacts;
        this.trainingState = trainingState;
    }

    /**
     * A bundle of a network and its preset's config.
     *
     * @param provenance where the model came from; its {@code preset} names the preset
     * @param network    a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param config     the preset's config (a record), stored as JSON
     */
    public static ModelBundle of(Provenance provenance, Model network, Object config) {
        Checks.notNull(provenance, "provenance");
        Checks.notNull(config, "config");
        if (!(network instanceof MultiLayerNetwork) && !(network instanceof ComputationGraph)) {
            throw new IllegalArgumentException("network must be a MultiLayerNetwork or a ComputationGraph, got "
                    + (network == null ? "null" : network.getClass().getName()));
        }
        return new ModelBundle(provenance, network, Json.write(config), new LinkedHashMap<>(), null);
    }

    /**
     * A bundle with no DL4J network: a model kept entirely in artifacts (an echo state network's matrices), with
     * the same manifest, checksums, provenance and atomic writes. Its manifest names the network type
     * {@value #NO_NETWORK}.
     */
    public static ModelBundle withoutNetwork(Provenance provenance, Object config) {
        Checks.notNull(provenance, "provenance");
        Checks.notNull(config, "config");
        return new ModelBundle(provenance, null, Json.write(config), new LinkedHashMap<>(), null);
    }

    /** This bundle plus an artifact (replacing one of the same name). Names are file names, e.g. vocabulary.json. */
    public ModelBundle withArtifact(String name, byte[] content) {
        Checks.notNull(content, "content");
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("artifact name must match [A-Za-z0-9._-]+, got " + name);
        }
        Map<String, byte[]> copy = new LinkedHashMap<>(artifacts);
        copy.put(name, content.clone());
        return new ModelBundle(provenance, network, configJson, copy, trainingState);
    }

    /** This bundle with a training state, which makes it a resumable checkpoint. */
    public ModelBundle withTrainingState(TrainingState state) {
        return new ModelBundle(provenance, network, configJson, artifacts, state);
    }

    /** This bundle with another provenance of the same preset (e.g. one saying where it was trained). */
    public ModelBundle withProvenance(Provenance p) {
        Checks.notNull(p, "provenance");
        if (!p.preset().equals(provenance.preset())) {
            throw new IllegalArgumentException("provenance of preset " + p.preset() + " for a " + provenance.preset()
                    + " bundle");
        }
        return new ModelBundle(p, network, configJson, artifacts, trainingState);
    }

    public Provenance provenance() {
        return provenance;
    }

    public String preset() {
        return provenance.preset();
    }

    /** The network, or null for a bundle made {@link #withoutNetwork}. */
    public Model network() {
        return network;
    }

    /** The network as a {@link MultiLayerNetwork}; fails clearly when it is a graph. */
    public MultiLayerNetwork multiLayerNetwork() {
        if (network instanceof MultiLayerNetwork mln) {
            return mln;
        }
        throw new IllegalStateException("bundle of preset " + preset() + " holds "
                + (network == null ? "no network" : "a " + network.getClass().getSimpleName()) + ", not a MultiLayerNetwork");
    }

    /** The network as a {@link ComputationGraph}; fails clearly when it is a layer stack. */
    public ComputationGraph computationGraph() {
        if (network instanceof ComputationGraph graph) {
            return graph;
        }
        throw new IllegalStateException("bundle of preset " + preset() + " holds "
                + (network == null ? "no network" : "a " + network.getClass().getSimpleName()) + ", not a ComputationGraph");
    }

    /** The preset config read back as {@code type}. */
    public <T> T config(Class<T> type) {
        return Json.read(configJson, type, CONFIG + " of preset " + preset());
    }

    public String configJson() {
        return configJson;
    }

    /** The artifact called {@code name}; fails clearly when the bundle has none of that name. */
    public byte[] artifact(String name) {
        byte[] content = artifacts.get(name);
        if (content == null) {
            throw new IllegalStateException("bundle of preset " + preset() + " has no artifact '" + name
                    + "'; it has " + artifacts.keySet());
        }
        return content.clone();
    }

    public Map<String, byte[]> artifacts() {
        return Collections.unmodifiableMap(artifacts);
    }

    /** The training state, present in checkpoints. */
    public Optional<TrainingState> trainingState() {
        return Optional.ofNullable(trainingState);
    }

    /** Writes the bundle to {@code file} atomically (a reader never sees half a file). */
    public void save(Path file) throws IOException {
        Checks.notNull(file, "file");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CONFIG, configJson.getBytes(StandardCharsets.UTF_8));
        if (network != null) {
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, model, true);
            entries.put(MODEL, model.toByteArray());
        }
        for (Map.Entry<String, byte[]> a : artifacts.entrySet()) {
            entries.put(ARTIFACTS + a.getKey(), a.getValue());
        }
        if (trainingState != null) {
            entries.put(STATE, Json.write(trainingState).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> sums = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> sums.put(name, sha256(bytes)));
        Manifest manifest = new Manifest(FORMAT_NAME, FORMAT_VERSION, preset(),
                network == null ? NO_NETWORK : network.getClass().getSimpleName(),
                provenance, sums);
        AtomicFiles.write(file, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                put(zip, MANIFEST, Json.write(manifest).getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    put(zip, e.getKey(), e.getValue());
                }
            }
        });
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Loads any bundle. See {@link #load(Path, String)}. */
    public static ModelBundle load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * Loads a bundle and checks it.
     *
     * @param file           the bundle
     * @param expectedPreset the preset it must hold, or null to accept any
     * @throws IllegalArgumentException when the file is missing, not a bundle, truncated or corrupt, of a
     *                                  newer format, or of another preset; the message names the file
     * @throws IOException              when the file cannot be read
     */
    public static ModelBundle load(Path file, String expectedPreset) throws IOException {
        Checks.notNull(file, "file");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("model bundle not found: " + file.toAbsolutePath());
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("model bundle " + file + " is a directory, expected a .zip file "
                    + "written by rnnkit");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | NoSuchFileException | java.io.EOFException e) {
            throw new IllegalArgumentException("model bundle " + file + " is not a readable zip file (truncated or "
                    + "not a bundle, size " + Files.size(file) + " bytes): " + e.getMessage(), e);
        }
        try (zip) {
            Manifest manifest = readManifest(zip, file);
            if (expectedPreset != null && !expectedPreset.equals(manifest.preset())) {
                throw new IllegalArgumentException("model bundle " + file + " holds a '" + manifest.preset()
                        + "' model, expected '" + expectedPreset + "'");
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : manifest.sha256().entrySet()) {
                byte[] bytes = readEntry(zip, e.getKey(), file);
                if (!sha256(bytes).equals(e.getValue())) {
                    throw new IllegalArgumentException("model bundle " + file + " is corrupt: entry " + e.getKey()
                            + " does not match its checksum");
                }
                entries.put(e.getKey(), bytes);
            }
            boolean hasNetwork = !NO_NETWORK.equals(manifest.networkType());
            for (String required : hasNetwork ? new String[]{CONFIG, MODEL} : new String[]{CONFIG}) {
                if (!entries.containsKey(required)) {
                    throw new IllegalArgumentException("model bundle " + file + " has no " + required);
                }
            }
            Model network = hasNetwork ? restore(entries.get(MODEL), manifest.networkType(), file) : null;
            Map<String, byte[]> artifacts = new LinkedHashMap<>();
            entries.forEach((name, bytes) -> {
                if (name.startsWith(ARTIFACTS)) {
                    artifacts.put(name.substring(ARTIFACTS.length()), bytes);
                }
            });
            TrainingState state = entries.containsKey(STATE)
                    ? Json.read(new String(entries.get(STATE), StandardCharsets.UTF_8), TrainingState.class,
                    STATE + " in " + file)
                    : null;
            return new ModelBundle(manifest.provenance(), network,
                    new String(entries.get(CONFIG), StandardCharsets.UTF_8), artifacts, state);
        }
    }

    private static Manifest readManifest(ZipFile zip, Path file) throws IOException {
        if (zip.getEntry(MANIFEST) == null) {
            throw new IllegalArgumentException("model bundle " + file + " is not an rnnkit bundle: it has no "
                    + MANIFEST);
        }
        Manifest m = Json.read(new String(readEntry(zip, MANIFEST, file), StandardCharsets.UTF_8), Manifest.class,
                MANIFEST + " in " + file);
        if (m == null) {
            throw new IllegalArgumentException("model bundle " + file + " has an empty " + MANIFEST + " (null)");
        }
        if (!FORMAT_NAME.equals(m.format())) {
            throw new IllegalArgumentException("model bundle " + file + " has format '" + m.format() + "', expected '"
                    + FORMAT_NAME + "'");
        }
        if (m.formatVersion() < 1 || m.formatVersion() > FORMAT_VERSION) {
            throw new IllegalArgumentException("model bundle " + file + " has format version " + m.formatVersion()
                    + "; this rnnkit (" + Versions.rnnkit() + ") reads versions 1 to " + FORMAT_VERSION
                    + ": it was written by a newer rnnkit");
        }
        if (m.preset() == null || m.provenance() == null || m.sha256() == null || m.networkType() == null) {
            throw new IllegalArgumentException("model bundle " + file + " has an incomplete " + MANIFEST);
        }
        return m;
    }

    private static byte[] readEntry(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IllegalArgumentException("model bundle " + file + " is missing entry " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException("model bundle " + file + " is corrupt: cannot read entry " + name
                    + ": " + e.getMessage(), e);
        }
    }

    private static Model restore(byte[] model, String networkType, Path file) throws IOException {
        try {
            return switch (networkType) {
                case "MultiLayerNetwork" -> ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model),
                        true);
                case "ComputationGraph" -> ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model),
                        true);
                default -> throw new IllegalArgumentException("model bundle " + file + " names an unknown network "
                        + "type '" + networkType + "'; expected MultiLayerNetwork or ComputationGraph");
            };
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("model bundle")) {
                throw iae;
            }
            throw new IllegalArgumentException("model bundle " + file + ": DL4J could not restore the network: "
                    + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
