package io.github.rnnkit.data.text;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharStreamIteratorTest {
    private static final String TEXT = "abcdefghij".repeat(30) + "é";   // 301 characters, the last one 2 bytes
    @TempDir
    Path dir;
    private TextCorpus corpus;
    private TextRegion all;
    private Vocabulary vocabulary;

    @BeforeEach
    void write() throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, TEXT, StandardCharsets.UTF_8);
        corpus = TextCorpus.scan(f);
        all = new TextRegion(f, 0, corpus.bytes(), corpus.chars());
        vocabulary = Vocabulary.builder().fitCounts(corpus.tokenCounts());
    }

    private String decode(INDArray oneHot, int row, int steps) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < steps; t++) {
            sb.append(vocabulary.token(oneHot.get(org.nd4j.linalg.indexing.NDArrayIndex.point(row),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                    .argMax().getInt(0)));
        }
        return sb.toString();
    }

    @Test
    void labelsAreTheInputsShiftedByOneInNcwShape() {
        CharStreamIterator it = new CharStreamIterator(all, vocabulary, 12, 4, 3, 1);
        DataSet ds = it.next();
        assertArrayEquals(new long[]{4, vocabulary.size(), 12}, ds.getFeatures().shape());
        assertArrayEquals(new long[]{4, vocabulary.size(), 12}, ds.getLabels().shape());
        assertArrayEquals(new long[]{4, 12}, ds.getLabelsMaskArray().shape());
        for (int row = 0; row < 4; row++) {
            int valid = ds.getLabelsMaskArray().getRow(row).sumNumber().intValue();
            String in = decode(ds.getFeatures(), row, valid);
            String out = decode(ds.getLabels(), row, valid);
            assertEquals(in.substring(1), out.substring(0, valid - 1));
            assertTrue(TEXT.contains(in + out.charAt(valid - 1)), "a window of the text: " + in);
        }
    }

    @Test
    void windowsNearTheEndAreMaskedAfterTheLastCharacter() {
        CharStreamIterator it = new CharStreamIterator(all, vocabulary, 100, 64, 5, 3);
        boolean sawShort = false;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray mask = ds.getLabelsMaskArray();
            for (int row = 0; row < mask.rows(); row++) {
                int valid = mask.getRow(row).sumNumber().intValue();
                assertTrue(valid >= 0 && valid <= 100);
                for (int t = 0; t < 100; t++) {
                    assertEquals(t < valid ? 1.0 : 0.0, mask.getDouble(row, t), "mask is a prefix");
                    assertEquals(t < valid ? 1.0 : 0.0, ds.getLabels().get(
                            org.nd4j.linalg.indexing.NDArrayIndex.point(row),
                            org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(t)).sumNumber().doubleValue(), "padding is empty");
                }
                sawShort |= valid < 100;
            }
        }
        assertTrue(sawShort, "some windows start within 100 characters of the end");
    }

    @Test
    void theSameSeedAndEpochGiveTheSameBatchesAndAnotherEpochOthers() {
        CharStreamIterator a = new CharStreamIterator(all, vocabulary, 10, 8, 4, 42);
        CharStreamIterator b = new CharStreamIterator(all, vocabulary, 10, 8, 4, 42);
        while (a.hasNext()) {
            assertEquals(a.next().getFeatures(), b.next().getFeatures());
        }
        assertFalse(a.hasNext());
        assertEquals(a.forEpoch(1).next().getFeatures(), b.setEpoch(1).next().getFeatures());
        assertNotEquals(a.forEpoch(0).next().getFeatures(), a.forEpoch(1).next().getFeatures());
        a.setEpoch(0);
        INDArray first = a.next().getFeatures();
        a.reset();
        assertEquals(first, a.next().getFeatures(), "reset restarts the epoch");
    }

    @Test
    void anEpochCoversTheRegionAboutOnceByDefault() {
        CharStreamIterator it = new CharStreamIterator(all, vocabulary, 10, 3, 0, 1);
        assertEquals(11, it.batchesPerEpoch(), "ceil(301 / (3 * 10))");
    }

    @Test
    void aRegionWithFewerThanTwoCharactersIsRefused() {
        TextRegion one = new TextRegion(all.file(), 0, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CharStreamIterator(one, vocabulary, 5, 1, 1, 1));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }
}
