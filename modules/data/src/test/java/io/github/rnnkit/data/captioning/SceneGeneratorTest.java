package io.github.rnnkit.data.captioning;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator over small synthetic tile sets (unit-sized: each tile's pixels encode its split, class and index,
 * so a test can tell which tile went where); the real datasets are read by {@link TileLibraryTest}.
 */
class SceneGeneratorTest {
    private static TileLibrary library;

    /** 28x28 tiles whose first pixel row encodes the split (1 train, 2 test), the second the label. */
    static LabelledImages tiles(String name, int split, int perClass) {
        int n = 10 * perClass + TileLibrary.VALIDATION_TILES * (split == 1 ? 1 : 0);
        byte[] px = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            px[i * 784 + 14 * 28 + 14] = (byte) (split * 100);        // centre pixel: the split
            px[i * 784 + 13 * 28 + 14] = (byte) (labels[i] * 20 + 1);   // above it: the label
        }
        return new LabelledImages(name, 28, 28, px, labels);
    }

    @BeforeAll
    static void library() {
        library = new TileLibrary(tiles("f-train", 1, 30), tiles("f-test", 2, 10), tiles("d-train", 1, 30),
                tiles("d-test", 2, 10));
    }

    @Test
    void theSameSeedGivesTheSameScenesAndAnotherSeedOthers() {
        SceneGenerator g = new SceneGenerator(library, 5L);
        List<CaptionedImage> a = g.generate(SceneGenerator.Part.TRAIN, 50, 1L);
        List<CaptionedImage> b = new SceneGenerator(library, 5L).generate(SceneGenerator.Part.TRAIN, 50, 1L);
        List<CaptionedImage> c = g.generate(SceneGenerator.Part.TRAIN, 50, 2L);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).pixels(), b.get(i).pixels());
            assertEquals(a.get(i).references(), b.get(i).references());
        }
        assertNotEquals(a.stream().map(CaptionedImage::canonical).toList(),
                c.stream().map(CaptionedImage::canonical).toList());
    }

    @Test
    void heldOutCombinationsNeverReachTrainingAndFillTheCompositionalSplit() {
        SceneGenerator g = new SceneGenerator(library, 5L);
        assertArrayEquals(new int[]{76, 6}, g.heldOutSizes());
        for (SceneGenerator.Part p : List.of(SceneGenerator.Part.TRAIN, SceneGenerator.Part.VALIDATION,
                SceneGenerator.Part.TEST_IID)) {
            for (CaptionedImage im : g.generate(p, 3000, 3L)) {
                assertFalse(g.heldOut(im.scene()), p + " " + im.canonical());
            }
        }
        for (CaptionedImage im : g.generate(SceneGenerator.Part.TEST_COMPOSITIONAL, 500, 3L)) {
            assertTrue(g.heldOut(im.scene()), im.canonical());
        }
    }

    @Test
    void testScenesUseOnlyTestTilesAndTrainingScenesOnlyTrainingTiles() {
        SceneGenerator g = new SceneGenerator(library, 5L, 0.1, 0);         // no jitter: centres at known places
        for (SceneGenerator.Part p : SceneGenerator.Part.values()) {
            int expected = p == SceneGenerator.Part.TEST_IID || p == SceneGenerator.Part.TEST_COMPOSITIONAL ? 2 : 1;
            for (CaptionedImage im : g.generate(p, 200, 4L)) {
                for (int cell = 0; cell < 4; cell++) {
                    int y = (cell / 2) * 28 + 14;
                    int x = (cell % 2) * 28 + 14;
                    float centre = im.pixels()[y * 56 + x];
                    assertTrue(centre == 0f || Math.round(centre * 255) == expected * 100, p + " " + im.id());
                }
            }
        }
    }

    @Test
    void tilesSitWhereTheCaptionSaysAndCountsMatch() {
        SceneGenerator g = new SceneGenerator(library, 5L, 0.1, 0);
        for (CaptionedImage im : g.generate(SceneGenerator.Part.TRAIN, 500, 6L)) {
            int[][] cell = new int[2][2];           // object id + 1 per cell, 0 empty
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    float mark = im.pixels()[(r * 28 + 13) * 56 + c * 28 + 14];
                    cell[r][c] = mark == 0 ? 0 : (Math.round(mark * 255) - 1) / 20 + 1;   // the label + 1
                }
            }
            SceneSpec s = im.scene();
            int filled = 0;
            for (int[] row : cell) {
                for (int v : row) {
                    filled += v > 0 ? 1 : 0;
                }
            }
            assertEquals(s.tiles(), filled, im.canonical());
            if (s.relation() == SceneSpec.Relation.ABOVE && s.first().object() % 10 != s.second().object() % 10) {
                int labelA = s.first().object() % 10 + 1;
                assertTrue(cell[0][0] == labelA || cell[0][1] == labelA, im.canonical());
                assertEquals(0, cell[1][0] == labelA || cell[1][1] == labelA ? 1 : 0, im.canonical());
            }
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SceneGenerator(library, 1L, 0.0, 2));
        assertThrows(IllegalArgumentException.class, () -> new SceneGenerator(library, 1L, 0.1, 9));
        assertThrows(IllegalArgumentException.class,
                () -> new TileLibrary(new LabelledImages("x", 14, 14, new byte[196], new int[]{0}),
                        tiles("a", 2, 1), tiles("b", 1, 30), tiles("c", 2, 1)));
    }
}
