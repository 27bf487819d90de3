package io.github.rnnkit.data.imdb;

import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.text.WordTokenizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AclImdbTest {
    /** ../shared/datasets/aclImdb-labelled.tar.gz, found by walking up from the working directory. */
    static Path sharedArchive() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets/aclImdb-labelled.tar.gz");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void theLabelledArchiveHoldsTheOfficialSplit() throws IOException {
        Path archive = sharedArchive();
        Assumptions.assumeTrue(archive != null, "../shared/datasets/aclImdb-labelled.tar.gz is not beside this checkout");
        assertEquals("85a1d0d2cb286d030916af8fbb27e35d75d2f328e1ba0c39b815dc7740f0d1c8", DatasetStore.sha256(archive));
        Map<AclImdb.Split, List<Review>> data = AclImdb.read(archive);
        for (AclImdb.Split split : AclImdb.Split.values()) {
            List<Review> reviews = data.get(split);
            assertEquals(25_000, reviews.size(), split.toString());
            assertEquals(12_500, reviews.stream().filter(Review::positive).count(), split.toString());
            assertTrue(reviews.stream().allMatch(r -> r.positive() ? r.rating() >= 7 : r.rating() <= 4));
        }
        Review first = data.get(AclImdb.Split.TRAIN).get(0);
        assertEquals(0, first.id());
        assertTrue(!first.positive() && !first.text().isBlank());
        assertTrue(new WordTokenizer(true).tokenize(first.text()).size() > 10);
    }

    private static void write(Path root, String relative, String text) throws IOException {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    @Test
    void anExtractedFolderReadsTheSameWayFromItsParentOrItself(@TempDir Path dir) throws IOException {
        write(dir, "aclImdb/train/pos/3_9.txt", "Loved it.<br />Really.");
        write(dir, "aclImdb/train/neg/1_2.txt", "Dull.");
        write(dir, "aclImdb/test/neg/7_1.txt", "Awful.");
        write(dir, "aclImdb/train/unsup/5_0.txt", "no label");
        write(dir, "aclImdb/imdb.vocab", "the\nand\n");
        Map<AclImdb.Split, List<Review>> a = AclImdb.read(dir);
        Map<AclImdb.Split, List<Review>> b = AclImdb.read(dir.resolve("aclImdb"));
        assertEquals(a, b);
        assertEquals(List.of(new Review(AclImdb.Split.TRAIN, 1, 2, false, "Dull."),
                new Review(AclImdb.Split.TRAIN, 3, 9, true, "Loved it.<br />Really.")), a.get(AclImdb.Split.TRAIN));
        assertEquals(1, a.get(AclImdb.Split.TEST).size());
    }

    @Test
    void aRatingThatContradictsItsFolderIsRefusedWithTheFile(@TempDir Path dir) throws IOException {
        write(dir, "aclImdb/train/pos/3_2.txt", "?");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AclImdb.read(dir));
        assertTrue(e.getMessage().contains("aclImdb/train/pos/3_2.txt") && e.getMessage().contains("rating 2"),
                e.getMessage());
    }

    @Test
    void badNamesBadBytesAndMissingSourcesAreRefused(@TempDir Path dir) throws IOException {
        write(dir, "aclImdb/test/neg/review.txt", "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclImdb.read(dir)).getMessage()
                .contains("not named <id>_<rating>.txt"));
        Path latin = dir.resolve("latin");
        Files.createDirectories(latin.resolve("aclImdb/test/neg"));
        Files.write(latin.resolve("aclImdb/test/neg/1_1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclImdb.read(latin)).getMessage()
                .contains("not valid UTF-8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclImdb.read(dir.resolve("nope.tar.gz")))
                .getMessage().contains("not found"));
        Path empty = Files.createDirectories(dir.resolve("empty/aclImdb"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclImdb.read(empty)).getMessage()
                .contains("holds no reviews"));
        Path notGz = Files.writeString(dir.resolve("x.tar.gz"), "plain text");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclImdb.read(notGz)).getMessage()
                .contains("cannot read IMDB archive"));
    }
}
