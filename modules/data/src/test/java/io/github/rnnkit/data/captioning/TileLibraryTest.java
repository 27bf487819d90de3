package io.github.rnnkit.data.captioning;

import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the real Fashion-MNIST and MNIST files through the dataset store. */
class TileLibraryTest {
    @Test
    void bothDatasetsAreReadWithTheirPublishedSizesAndSplitsDoNotShareTiles() throws Exception {
        TileLibrary lib = TileLibrary.fetch(DatasetStore.defaultStore());
        LabelledImages train = lib.tileSet(TileLibrary.Split.TRAIN);
        LabelledImages validation = lib.tileSet(TileLibrary.Split.VALIDATION);
        LabelledImages test = lib.tileSet(TileLibrary.Split.TEST);
        // 60,000 training images per dataset, 5,000 of each held back; 10,000 test images per dataset
        assertEquals(2 * (60_000 - TileLibrary.VALIDATION_TILES), train.size());
        assertEquals(2 * TileLibrary.VALIDATION_TILES, validation.size());
        assertEquals(20_000, test.size());
        int[] perClass = new int[SceneObject.COUNT];
        for (int label : test.labels()) {
            perClass[label]++;
        }
        for (int o = 0; o < 10; o++) {
            assertEquals(1000, perClass[o], "Fashion-MNIST's test set has 1,000 images of each class");
        }
        // the first 20 tiles of an interleaved set hold one of each class
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19),
                java.util.Arrays.stream(train.first(20).labels()).boxed().toList());
        // real images: a digit's tile has ink, and tiles differ
        assertTrue(java.util.Arrays.equals(train.first(1).pixels(), test.first(1).pixels()) == false);
    }
}
