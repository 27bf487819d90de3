package io.github.rnnkit.data.captioning;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.captioning.SceneSpec.Group;
import io.github.rnnkit.data.captioning.SceneSpec.Relation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded scenes of real tiles with template captions: a 56x56 grayscale canvas, a 2x2 grid of 28x28 cells holding
 * 1-4 Fashion-MNIST or MNIST tiles, each shifted by up to {@code jitter} pixels (overlaps keep the brighter pixel).
 * A scene is one group of 1-4 identical objects ("three bags") or two groups of 1-2 in a relation ("two sneakers
 * above a bag": the first group fills the top row, the second the bottom row; single objects of both groups share
 * a column, so "above" never also reads as "left of").
 *
 * <p>Held out from training, chosen once from {@code heldOutSeed}: a fraction of the 760 (object, relation, object)
 * triples and of the 60 (object, count >= 2) pairs. {@link Part#TRAIN}, {@link Part#VALIDATION} and
 * {@link Part#TEST_IID} scenes never contain one; every {@link Part#TEST_COMPOSITIONAL} scene contains at least one.
 * The captions are written by {@link CaptionGrammar}: template-generated, not human.
 *
 * <pre>{@code
 * SceneGenerator scenes = new SceneGenerator(TileLibrary.fetch(store), 7L);
 * List<CaptionedImage> train = scenes.generate(SceneGenerator.Part.TRAIN, 20_000, 1L);
 * }</pre>
 */
public final class SceneGenerator {
    /** Canvas side in pixels. */
    public static final int SIZE = 56;
    /** Cell (tile) side in pixels. */
    public static final int CELL = 28;
    /** Default share of triples and of counts held out. */
    public static final double DEFAULT_HELD_OUT = 0.1;
    /** Default tile jitter in pixels. */
    public static final int DEFAULT_JITTER = 2;
    private static final double SINGLE_SHARE = 0.25;

    /** Which scenes to generate. */
    public enum Part {
        /** training tiles, no held-out combination */
        TRAIN(TileLibrary.Split.TRAIN),
        /** the held-back training tiles, no held-out combination */
        VALIDATION(TileLibrary.Split.VALIDATION),
        /** test tiles, combinations as in training (unseen tiles, seen combinations) */
        TEST_IID(TileLibrary.Split.TEST),
        /** test tiles, each scene with a held-out triple or count */
        TEST_COMPOSITIONAL(TileLibrary.Split.TEST);

        private final TileLibrary.Split tiles;

        Part(TileLibrary.Split tiles) {
            this.tiles = tiles;
        }
    }

    private final TileLibrary tiles;
    private final int jitter;
    private final Set<List<Integer>> heldOutTriples = new HashSet<>();
    private final Set<List<Integer>> heldOutCounts = new HashSet<>();

    /** A generator with the default held-out share and jitter. */
    public SceneGenerator(TileLibrary tiles, long heldOutSeed) {
        this(tiles, heldOutSeed, DEFAULT_HELD_OUT, DEFAULT_JITTER);
    }

    /**
     * @param heldOutSeed  picks the held-out triples and counts
     * @param heldOutShare fraction of triples and of counts held out, in (0, 0.5]
     * @param jitter       0..4 pixels
     */
    public SceneGenerator(TileLibrary tiles, long heldOutSeed, double heldOutShare, int jitter) {
        this.tiles = Checks.notNull(tiles, "tiles");
        if (!(heldOutShare > 0 && heldOutShare <= 0.5)) {
            throw new IllegalArgumentException("heldOutShare must be in (0, 0.5], got " + heldOutShare);
        }
        if (jitter < 0 || jitter > 4) {
            throw new IllegalArgumentException("jitter must be 0..4 pixels, got " + jitter);
        }
        this.jitter = jitter;
        List<List<Integer>> triples = new ArrayList<>();
        for (int a = 0; a < SceneObject.COUNT; a++) {
            for (Relation r : List.of(Relation.ABOVE, Relation.LEFT_OF)) {
                for (int b = 0; b < SceneObject.COUNT; b++) {
                    if (a != b) {
                        triples.add(List.of(a, r.ordinal(), b));
                    }
                }
            }
        }
        List<List<Integer>> counts = new ArrayList<>();
        for (int o = 0; o < SceneObject.COUNT; o++) {
            for (int c = 2; c <= 4; c++) {
                counts.add(List.of(o, c));
            }
        }
        Random rng = new Random(heldOutSeed);
        java.util.Collections.shuffle(triples, rng);
        java.util.Collections.shuffle(counts, rng);
        heldOutTriples.addAll(triples.subList(0, (int) Math.round(triples.size() * heldOutShare)));
        heldOutCounts.addAll(counts.subList(0, (int) Math.round(counts.size() * heldOutShare)));
    }

    /** Whether {@code scene} holds a held-out triple or (object, count) pair. */
    public boolean heldOut(SceneSpec scene) {
        if (scene.second() != null && heldOutTriples.contains(List.of(scene.first().object(),
                scene.relation().ordinal(), scene.second().object()))) {
            return true;
        }
        return heldOutCounts.contains(List.of(scene.first().object(), scene.first().count()))
                || scene.second() != null && heldOutCounts.contains(List.of(scene.second().object(),
                scene.second().count()));
    }

    /** Number of held-out triples and of held-out (object, count) pairs. */
    public int[] heldOutSizes() {
        return new int[]{heldOutTriples.size(), heldOutCounts.size()};
    }

    /**
     * {@code n} scenes of {@code part}, the same for the same seed (and library and held-out seed).
     *
     * @param seed draws the scenes, their tiles and jitter
     */
    public List<CaptionedImage> generate(Part part, int n, long seed) {
        Checks.notNull(part, "part");
        Checks.nonNegative(n, "n");
        Random rng = new Random(seed * 31 + part.ordinal());
        List<CaptionedImage> out = new ArrayList<>(n);
        String prefix = part.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (int i = 0; i < n; i++) {
            SceneSpec spec;
            do {
                spec = sample(rng);
            } while (heldOut(spec) != (part == Part.TEST_COMPOSITIONAL));
            out.add(render(String.format("%s-%06d", prefix, i), spec, part.tiles, rng));
        }
        return out;
    }

    private static SceneSpec sample(Random rng) {
        if (rng.nextDouble() < SINGLE_SHARE) {
            return SceneSpec.single(rng.nextInt(SceneObject.COUNT), 1 + rng.nextInt(4));
        }
        int a = rng.nextInt(SceneObject.COUNT);
        int b = rng.nextInt(SceneObject.COUNT - 1);
        b = b >= a ? b + 1 : b;
        Relation r = rng.nextBoolean() ? Relation.ABOVE : Relation.LEFT_OF;
        return SceneSpec.pair(new Group(a, 1 + rng.nextInt(2)), r, new Group(b, 1 + rng.nextInt(2)));
    }

    /** Draws the scene: picks cells, a tile per object, and jitter. */
    CaptionedImage render(String id, SceneSpec spec, TileLibrary.Split split, Random rng) {
        float[] canvas = new float[SIZE * SIZE];
        List<int[]> cells = new ArrayList<>();        // {row, col, object}
        if (spec.second() == null) {
            List<Integer> free = new ArrayList<>(List.of(0, 1, 2, 3));
            java.util.Collections.shuffle(free, rng);
            for (int k = 0; k < spec.first().count(); k++) {
                cells.add(new int[]{free.get(k) / 2, free.get(k) % 2, spec.first().object()});
            }
        } else {
            // lay the pair out as "above" (row 0 over row 1), then transpose for "left of"
            int ca = spec.first().count();
            int cb = spec.second().count();
            int shared = rng.nextInt(2);
            for (int k = 0; k < ca; k++) {
                cells.add(new int[]{0, ca == 2 ? k : shared, spec.first().object()});
            }
            int other = ca == 1 && cb == 1 ? shared : rng.nextInt(2);
            for (int k = 0; k < cb; k++) {
                cells.add(new int[]{1, cb == 2 ? k : other, spec.second().object()});
            }
            if (spec.relation() == Relation.LEFT_OF) {
                for (int[] c : cells) {
                    int t = c[0];
                    c[0] = c[1];
                    c[1] = t;
                }
            }
        }
        for (int[] c : cells) {
            SceneObject o = SceneObject.of(c[2]);
            int[] ids = tiles.tiles(split, o.id());
            int tile = ids[rng.nextInt(ids.length)];
            LabelledImages set = tiles.images(split, o);
            int dy = jitter == 0 ? 0 : rng.nextInt(2 * jitter + 1) - jitter;
            int dx = jitter == 0 ? 0 : rng.nextInt(2 * jitter + 1) - jitter;
            int top = c[0] * CELL + dy;
            int left = c[1] * CELL + dx;
            for (int r = 0; r < CELL; r++) {
                int y = top + r;
                if (y < 0 || y >= SIZE) {
                    continue;
                }
                for (int q = 0; q < CELL; q++) {
                    int x = left + q;
                    if (x >= 0 && x < SIZE) {
                        canvas[y * SIZE + x] = Math.max(canvas[y * SIZE + x], set.pixel(tile, r, q));
                    }
                }
            }
        }
        return new CaptionedImage(id, canvas, 1, SIZE, SIZE, CaptionGrammar.references(spec),
                CaptionGrammar.canonical(spec), spec);
    }
}
