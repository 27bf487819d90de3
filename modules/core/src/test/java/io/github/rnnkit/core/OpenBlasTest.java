package io.github.rnnkit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Choosing the OpenBLAS ND4J loads: the settings, the version read from the library's file name, JavaCPP's
 * properties. Libraries here are empty files with Debian's names (the choice only looks at names); that a real
 * replacement loads and computes the same gradients is {@code SystemOpenBlasTest} in the cli module.
 */
class OpenBlasTest {
    @TempDir
    Path dir;

    /** A Debian-style layout: openblas-pthread/libopenblas.so.0 -> libopenblasp-r{version}.so. */
    private Path debianLibrary(String version) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("openblas-pthread"));
        Path real = Files.createFile(folder.resolve("libopenblasp-r" + version + ".so"));
        return Files.createSymbolicLink(folder.resolve("libopenblas.so.0"), real.getFileName());
    }

    @Test
    void autoTakesANewerSystemLibrary() throws Exception {
        Path lib = debianLibrary("0.3.21");
        OpenBlas.Choice c = OpenBlas.choose(null, "RNNKIT_BLAS", List.of(dir.resolve("absent.so.0"), lib));
        assertEquals(lib, c.library());
        assertEquals("0.3.21", c.version());
        assertFalse(c.bundled());
        assertEquals("OpenBLAS 0.3.21 (" + lib + ")", c.toString());
    }

    @Test
    void autoKeepsTheBundledLibraryWhenTheSystemOneIsNotNewerOrAbsent() throws Exception {
        assertTrue(OpenBlas.choose("auto", "RNNKIT_BLAS", List.of(dir.resolve("absent.so.0"))).bundled());
        Path old = debianLibrary("0.3.19");
        OpenBlas.Choice c = OpenBlas.choose(" ", "RNNKIT_BLAS", List.of(old));
        assertTrue(c.bundled());
        assertTrue(c.reason().contains("0.3.19") && c.reason().contains("not newer"), c.reason());
        assertNull(c.library());
    }

    @Test
    void bundledIsKeptEvenWhenASystemLibraryIsThere() throws Exception {
        Path lib = debianLibrary("0.3.21");
        OpenBlas.Choice c = OpenBlas.choose("Bundled", "-Drnnkit.blas", List.of(lib));
        assertTrue(c.bundled());
        assertEquals("ND4J's bundled OpenBLAS 0.3.19", c.toString());
    }

    @Test
    void systemWithoutALibrarySaysWhereItLookedAndHowToInstallOne() {
        Path absent = dir.resolve("openblas-pthread/libopenblas.so.0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenBlas.choose("system", "RNNKIT_BLAS", List.of(absent)));
        assertTrue(e.getMessage().startsWith("RNNKIT_BLAS=system, but there is no system OpenBLAS at [" + absent + "]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install libopenblas0-pthread"), e.getMessage());
    }

    @Test
    void aPathMustBeAnExistingLibopenblasSo0() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> OpenBlas.choose("/nowhere/libopenblas.so.0", "-Drnnkit.blas", List.of()));
        assertEquals("-Drnnkit.blas must be auto, bundled, system or the path of a libopenblas.so.0, got "
                + "'/nowhere/libopenblas.so.0' (no such file)", missing.getMessage());
        Path other = Files.createFile(dir.resolve("libblas.so.3"));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> OpenBlas.choose(other.toString(), "-Drnnkit.blas", List.of()));
        assertTrue(name.getMessage().contains("by the name libopenblas.so.0"), name.getMessage());
        Path lib = debianLibrary("0.3.26");
        OpenBlas.Choice c = OpenBlas.choose(lib.toString(), "-Drnnkit.blas", List.of());
        assertEquals(lib.toAbsolutePath(), c.library());
        assertEquals("0.3.26", c.version());
    }

    @Test
    void versionsCompareNumericallyAndAnUnknownOneIsNeverNewer() throws Exception {
        assertTrue(OpenBlas.newer("0.3.21", "0.3.19"));
        assertTrue(OpenBlas.newer("0.4.0", "0.3.19"));
        assertFalse(OpenBlas.newer("0.3.9", "0.3.19"));
        assertFalse(OpenBlas.newer("0.3.19", "0.3.19"));
        assertFalse(OpenBlas.newer("unknown", "0.3.19"));
        Path plain = Files.createFile(dir.resolve("libopenblas.so.0"));
        assertEquals("unknown", OpenBlas.version(plain));
        assertTrue(OpenBlas.choose("auto", "RNNKIT_BLAS", List.of(plain)).bundled());
    }

    @Test
    void javacppLoadsTheReplacementFromItsFolderBeforeItsBundledResources() {
        Map<String, String> p = OpenBlas.javacppProperties(Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"),
                "/usr/java/packages/lib");
        assertEquals("openblas", p.get("org.bytedeco.openblas.load"));
        assertEquals("true", p.get("org.bytedeco.javacpp.pathsFirst"));
        assertEquals("/usr/lib/x86_64-linux-gnu/openblas-pthread" + File.pathSeparator + "/usr/java/packages/lib",
                p.get("java.library.path"));
        assertEquals("/opt/ob/lib", OpenBlas.javacppProperties(Path.of("/opt/ob/lib/libopenblas.so.0"), "")
                .get("java.library.path"));
    }

    @Test
    void theLoadedLibraryIsNamedOnceNd4jHasRun() {
        Nd4j.ones(DataType.FLOAT, 4, 4).mmul(Nd4j.ones(DataType.FLOAT, 4, 4));
        if (Files.isReadable(Path.of("/proc/self/maps"))) {
            assertTrue(OpenBlas.loadedLibrary().orElseThrow().contains("libopenblas"));
            assertTrue(OpenBlas.describeLoaded().contains("OpenBLAS 0."), OpenBlas.describeLoaded());
        }
    }
}
