package io.github.rnnkit.core.bundle;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.TinyNets;
import io.github.rnnkit.core.train.TrainingConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property-based fuzzing of {@link ModelBundle#load}: a real bundle (a small LSTM with its training state) cut short,
 * with bytes flipped or inserted, replaced by random bytes, or rebuilt as a zip whose manifest or config entry
 * holds arbitrary text. Each either loads or is refused with an {@link IllegalArgumentException} or
 * {@link IOException} naming the file; never another exception type.
 */
class BundleFuzzTest {
    private static final AtomicLong LOADED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static byte[] valid;

    static synchronized byte[] valid() throws IOException {
        if (valid == null) {
            TrainingConfig cfg = TrainingConfig.defaults().withSeed(3);
            Path file = Files.createTempFile("rnnkit-bundle", ".zip");
            ModelBundle.of(Provenance.now("test", 3, "echo", null), TinyNets.network(RecurrentSpec.of(
                    RecurrentCell.GRU, 4), cfg), Map.of("k", 1)).save(file);
            valid = Files.readAllBytes(file);
            Files.delete(file);
        }
        return valid;
    }

    /** The valid bundle rebuilt with entry {@code name}'s content replaced by {@code text}. */
    static byte[] withEntry(byte[] zip, String name, String text) {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
             ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(e.getName().equals(name) ? text.getBytes(StandardCharsets.UTF_8) : in.readAllBytes());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> bundles() throws IOException {
        byte[] zip = valid();
        Arbitrary<Integer> at = Arbitraries.integers().between(0, zip.length - 1);
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
        Arbitrary<byte[]> cut = at.map(i -> Arrays.copyOf(zip, i));
        Arbitrary<byte[]> flipped = Combinators.combine(at, noise).as((i, n) -> {
            byte[] b = zip.clone();
            for (int k = 0; k < n.length; k++) {
                b[(i + k) % b.length] ^= n[k] == 0 ? 1 : n[k];
            }
            return b;
        });
        Arbitrary<byte[]> inserted = Combinators.combine(at, noise).as((i, n) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(zip, 0, i);
            out.writeBytes(n);
            out.write(zip, i, zip.length - i);
            return out.toByteArray();
        });
        Arbitrary<String> json = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.of("{}", "[]", "null", "{\"format\":\"rnnkit-bundle\"}",
                        "{\"format\":\"rnnkit-bundle\",\"version\":99}", "{\"format\":1}", "\"x\"", "{\"sha256\":{}}"));
        Arbitrary<byte[]> manifest = json.map(j -> withEntry(zip, "manifest.json", j));
        Arbitrary<byte[]> config = json.map(j -> withEntry(zip, "config.json", j));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        return Arbitraries.frequencyOf(Tuple.of(2, cut), Tuple.of(3, flipped), Tuple.of(2, inserted),
                Tuple.of(2, manifest), Tuple.of(1, config), Tuple.of(1, random));
    }

    @Property
    void everyDamagedBundleLoadsOrIsRefusedNamingTheFile(@ForAll("bundles") byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzzed-bundle", ".zip");
        try {
            Files.write(file, bytes);
            ModelBundle.load(file);
            LOADED.incrementAndGet();
        } catch (IllegalArgumentException | IOException e) {
            if (!String.valueOf(e.getMessage()).contains(file.toString())) {
                fail(e.getClass().getName() + " without the file's name: " + e.getMessage(), e);
            }
            REFUSED.incrementAndGet();
        } catch (Throwable e) {
            fail("unexpected " + e.getClass().getName() + " on " + bytes.length + " bytes: " + e, e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @AfterContainer
    static void report() {
        System.out.printf("Bundle fuzzing: %d loaded, %d refused with a clear error%n", LOADED.get(), REFUSED.get());
    }
}
