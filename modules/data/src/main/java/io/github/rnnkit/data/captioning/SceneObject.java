package io.github.rnnkit.data.captioning;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the 20 kinds of tile a scene holds: the ten Fashion-MNIST classes (ids 0-9, in Fashion-MNIST's label
 * order) and the ten MNIST digits (ids 10-19), with the words the caption grammar uses for them.
 *
 * @param id       0..19
 * @param singular the noun for one ("ankle boot", "digit 7")
 * @param plural   the noun for several ("ankle boots", "digit 7s")
 */
public record SceneObject(int id, String singular, String plural) {
    /** Number of object kinds. */
    public static final int COUNT = 20;
    private static final String[][] FASHION = {
            {"t-shirt", "t-shirts"}, {"trouser", "trousers"}, {"pullover", "pullovers"}, {"dress", "dresses"},
            {"coat", "coats"}, {"sandal", "sandals"}, {"shirt", "shirts"}, {"sneaker", "sneakers"},
            {"bag", "bags"}, {"ankle boot", "ankle boots"}};
    private static final List<SceneObject> ALL;

    static {
        List<SceneObject> all = new ArrayList<>(COUNT);
        for (int i = 0; i < 10; i++) {
            all.add(new SceneObject(i, FASHION[i][0], FASHION[i][1]));
        }
        for (int d = 0; d < 10; d++) {
            all.add(new SceneObject(10 + d, "digit " + d, "digit " + d + "s"));
        }
        ALL = List.copyOf(all);
    }

    /** All 20 kinds, by id. */
    public static List<SceneObject> all() {
        return ALL;
    }

    /** The kind with {@code id}. */
    public static SceneObject of(int id) {
        if (id < 0 || id >= COUNT) {
            throw new IllegalArgumentException("scene object id " + id + " is out of range 0.." + (COUNT - 1));
        }
        return ALL.get(id);
    }

    /** Whether this is an MNIST digit (else a Fashion-MNIST garment). */
    public boolean digit() {
        return id >= 10;
    }

    /** The label of this kind's tiles in its own dataset (0..9). */
    public int sourceLabel() {
        return id % 10;
    }
}
