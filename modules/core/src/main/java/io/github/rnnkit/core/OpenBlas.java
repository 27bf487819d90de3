package io.github.rnnkit.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which OpenBLAS ND4J computes with: the 0.3.19 that ND4J 1.0.0-M2.1 bundles, or a newer one the system has.
 *
 * <p>Most of a recurrent layer's time is GEMM, and OpenBLAS 0.3.19 predates the kernels of recent CPUs: on an
 * AVX-512 EPYC its own CPU detection fails, and with the AVX2 (Haswell) kernels it falls back to, it ran the
 * per-step GEMM of a 256-unit LSTM at batch 32 at ~50 GFLOP/s on one core where Debian's OpenBLAS 0.3.21 ran
 * ~120 (docs/benchmarks.md). JavaCPP, which loads OpenBLAS for ND4J, can load another OpenBLAS in place of the
 * bundled one; ND4J, DL4J and rnnkit's layers then all call it. {@link #configure()} arranges that, and must
 * run before ND4J's first use in the JVM (the {@code rnnkit} command line calls it first thing).
 *
 * <p>The setting, from {@code -Drnnkit.blas} or else the environment variable {@code RNNKIT_BLAS}:
 * <ul>
 *   <li>{@code auto} (default): the system's pthread OpenBLAS (Debian/Ubuntu package {@code libopenblas0-pthread},
 *       {@code /usr/lib/<arch>-linux-gnu/openblas-pthread/libopenblas.so.0}) when it is newer than the bundled one,
 *       else the bundled one;</li>
 *   <li>{@code bundled}: ND4J's own;</li>
 *   <li>{@code system}: the system's pthread OpenBLAS, an error when there is none;</li>
 *   <li>a path to a {@code libopenblas.so.0}: that library.</li>
 * </ul>
 * Library users who want the same call {@code OpenBlas.configure()} before they touch ND4J; without the call
 * ND4J loads its bundled OpenBLAS, as always. OpenBLAS's own environment variables ({@code OPENBLAS_CORETYPE},
 * {@code OPENBLAS_NUM_THREADS}) keep their meaning.
 */
public final class OpenBlas {
    private static final Logger log = LoggerFactory.getLogger(OpenBlas.class);

    /** The system property that chooses the library (before the environment variable {@link #ENV}). */
    public static final String PROPERTY = "rnnkit.blas";
    /** The environment variable that chooses the library when {@link #PROPERTY} is not set. */
    public static final String ENV = "RNNKIT_BLAS";
    /** The OpenBLAS version ND4J 1.0.0-M2.1 bundles (JavaCPP preset 0.3.19-1.5.7). */
    public static final String BUNDLED_VERSION = "0.3.19";

    /** Where Debian and Ubuntu install the pthread OpenBLAS ({@code apt-get install libopenblas0-pthread}). */
    static final List<Path> SYSTEM_LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"),
            Path.of("/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0"));

    private static final Pattern VERSION = Pattern.compile("libopenblas\\w*?-r(\\d+)\\.(\\d+)\\.(\\d+)");

    private static Choice configured;

    private OpenBlas() {
    }

    /**
     * The OpenBLAS a JVM will run.
     *
     * @param library the system library to load, or null for ND4J's bundled one
     * @param version its version ("0.3.21"), or "unknown" when its file name does not say
     * @param reason  why this one (the setting and what was found), for the log
     */
    public record Choice(Path library, String version, String reason) {
        /** Whether ND4J's bundled OpenBLAS is used. */
        public boolean bundled() {
            return library == null;
        }

        @Override
        public String toString() {
            return bundled() ? "ND4J's bundled OpenBLAS " + BUNDLED_VERSION
                    : "OpenBLAS " + version + " (" + library + ")";
        }
    }

    /**
     * Chooses the library from {@link #PROPERTY} / {@link #ENV} and, for a system library, sets JavaCPP's
     * properties so that ND4J loads it in place of its own. Call before ND4J's first use; a later call changes
     * nothing (and says so). Repeated calls return the first choice.
     *
     * @throws IllegalArgumentException when the setting names no valid choice, or {@code system} finds no library
     */
    public static synchronized Choice configure() {
        if (configured != null) {
            return configured;
        }
        String setting = System.getProperty(PROPERTY);
        String from = "-D" + PROPERTY;
        if (setting == null || setting.isBlank()) {
            setting = System.getenv(ENV);
            from = ENV;
        }
        Choice choice = choose(setting, from, SYSTEM_LIBRARIES);
        if (!choice.bundled()) {
            Optional<String> loaded = loadedLibrary();
            if (loaded.isPresent()) {
                log.warn("{} is already loaded: ND4J was used before OpenBlas.configure(), which changes nothing now",
                        loaded.get());
                configured = new Choice(null, BUNDLED_VERSION, "configured too late");
                return configured;
            }
            javacppProperties(choice.library(), System.getProperty("java.library.path", ""))
                    .forEach(System::setProperty);
        }
        log.info("{} ({})", choice, choice.reason());
        configured = choice;
        return choice;
    }

    /**
     * The choice for {@code setting} (null or blank: {@code auto}) given the system libraries to look for.
     *
     * @param from where the setting came from, for messages
     */
    static Choice choose(String setting, String from, List<Path> systemLibraries) {
        String s = setting == null || setting.isBlank() ? "auto" : setting.trim();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "bundled":
                return new Choice(null, BUNDLED_VERSION, from + "=bundled");
            case "auto": {
                Optional<Path> found = systemLibraries.stream().filter(Files::isRegularFile).findFirst();
                if (found.isEmpty()) {
                    return new Choice(null, BUNDLED_VERSION, "no system OpenBLAS at " + systemLibraries);
                }
                String version = version(found.get());
                if (!newer(version, BUNDLED_VERSION)) {
                    return new Choice(null, BUNDLED_VERSION, "the system's OpenBLAS " + version + " at " + found.get()
                            + " is not newer than the bundled " + BUNDLED_VERSION);
                }
                return new Choice(found.get(), version, "the newest found; " + ENV + "=bundled for ND4J's own");
            }
            case "system": {
                Path found = systemLibraries.stream().filter(Files::isRegularFile).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(from + "=system, but there is no system "
                                + "OpenBLAS at " + systemLibraries + "; install it (apt-get install libopenblas0-pthread), "
                                + "name a libopenblas.so.0, or use auto or bundled"));
                return new Choice(found, version(found), from + "=system");
            }
            default: {
                Path path = Path.of(s);
                if (!Files.isRegularFile(path)) {
                    throw new IllegalArgumentException(from + " must be auto, bundled, system or the path of a "
                            + "libopenblas.so.0, got '" + s + "' (no such file)");
                }
                if (!path.getFileName().toString().equals("libopenblas.so.0")) {
                    throw new IllegalArgumentException(from + " names " + path + "; JavaCPP loads a replacement "
                            + "OpenBLAS by the name libopenblas.so.0: name that file (or a link to it) instead");
                }
                return new Choice(path.toAbsolutePath(), version(path), from + "=" + s);
            }
        }
    }

    /**
     * JavaCPP's properties that load {@code library} (a libopenblas.so.0) in place of the bundled OpenBLAS: the
     * preset's {@code load} property, a library path that starts with the library's folder, and {@code pathsFirst}
     * so that JavaCPP looks in that path before its bundled resources.
     */
    static Map<String, String> javacppProperties(Path library, String javaLibraryPath) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.bytedeco.openblas.load", "openblas");
        p.put("org.bytedeco.javacpp.pathsFirst", "true");
        String dir = library.toAbsolutePath().getParent().toString();
        p.put("java.library.path", javaLibraryPath.isEmpty() ? dir : dir + File.pathSeparator + javaLibraryPath);
        return p;
    }

    /** The version in the name of the file {@code library} resolves to (libopenblasp-r0.3.21.so), or "unknown". */
    static String version(Path library) {
        String name;
        try {
            name = library.toRealPath().getFileName().toString();
        } catch (IOException e) {
            name = library.getFileName().toString();
        }
        Matcher m = VERSION.matcher(name);
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : "unknown";
    }

    /** Whether dotted version {@code a} is newer than {@code b}; "unknown" is never newer. */
    static boolean newer(String a, String b) {
        if (!a.matches("\\d+(\\.\\d+)*")) {
            return false;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) {
                return xi > yi;
            }
        }
        return false;
    }

    /**
     * The OpenBLAS this process has loaded, for logs and reports: "OpenBLAS 0.3.21 (/usr/lib/...)", or the bundled
     * one's version and file, or "OpenBLAS (not loaded yet)".
     */
    public static String describeLoaded() {
        return loadedLibrary().map(f -> {
            Matcher m = VERSION.matcher(f);
            return m.find() ? "OpenBLAS " + m.group(1) + "." + m.group(2) + "." + m.group(3) + " (" + f + ")"
                    : "ND4J's bundled OpenBLAS " + BUNDLED_VERSION + " (" + f + ")";
        }).orElse("OpenBLAS (not loaded yet)");
    }

    /**
     * The OpenBLAS this process has loaded, as the file the dynamic linker mapped (Linux; empty elsewhere or
     * before ND4J's first use): for logs and benchmark reports.
     */
    public static Optional<String> loadedLibrary() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try {
            List<String> found = new ArrayList<>();
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String file = line.substring(slash);
                String name = file.substring(file.lastIndexOf('/') + 1);
                if (name.startsWith("libopenblas") && !found.contains(file)) {
                    found.add(file);
                }
            }
            // a replacement is mapped under its own name and under JavaCPP's link to it: name the real file
            return found.stream().filter(f -> VERSION.matcher(f).find()).findFirst()
                    .or(() -> found.stream().findFirst());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
