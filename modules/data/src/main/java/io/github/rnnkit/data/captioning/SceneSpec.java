package io.github.rnnkit.data.captioning;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scene shows, in the terms its captions use: one group of identical objects, or two groups in a spatial
 * relation. Always in canonical orientation: with two groups, {@code first} is above or left of {@code second}
 * ("two sneakers above a bag"; "a bag below two sneakers" reads as the same spec).
 *
 * @param first    the first (or only) group
 * @param relation {@link Relation#NONE} for one group
 * @param second   the second group, null for one group
 */
public record SceneSpec(Group first, Relation relation, Group second) {
    /** Canonical relations between two groups; their inverses (below, right of) only appear in captions. */
    public enum Relation {
        NONE, ABOVE, LEFT_OF
    }

    /**
     * Identical objects.
     *
     * @param object 0..19, see {@link SceneObject}
     * @param count  1..4
     */
    public record Group(int object, int count) {
        public Group {
            SceneObject.of(object);
            if (count < 1 || count > 4) {
                throw new IllegalArgumentException("group count " + count + " is out of range 1..4");
            }
        }
    }

    public SceneSpec {
        if (first == null || relation == null) {
            throw new IllegalArgumentException("a scene needs a first group and a relation");
        }
        if ((relation == Relation.NONE) != (second == null)) {
            throw new IllegalArgumentException("relation " + relation + " with " + (second == null ? "no" : "a")
                    + " second group: NONE goes with one group, ABOVE and LEFT_OF with two");
        }
        if (second != null && first.object() == second.object()) {
            throw new IllegalArgumentException("the two groups must hold different objects, both are "
                    + SceneObject.of(first.object()).plural());
        }
        if (second != null && (first.count() > 2 || second.count() > 2)) {
            throw new IllegalArgumentException("each of two groups holds 1 or 2 objects on a 2x2 grid, got "
                    + first.count() + " and " + second.count());
        }
    }

    /** One group of {@code count} objects. */
    public static SceneSpec single(int object, int count) {
        return new SceneSpec(new Group(object, count), Relation.NONE, null);
    }

    /** Two groups, {@code first} above or left of {@code second}. */
    public static SceneSpec pair(Group first, Relation relation, Group second) {
        return new SceneSpec(first, relation, second);
    }

    /** Number of tiles on the canvas. */
    public int tiles() {
        return first.count() + (second == null ? 0 : second.count());
    }

    /**
     * The slots the grounded score compares: object, count and relation of one group (3), or object, count,
     * relation, object, count of two (5).
     */
    public List<Integer> slots() {
        List<Integer> s = new ArrayList<>(List.of(first.object(), first.count(), relation.ordinal()));
        if (second != null) {
            s.add(second.object());
            s.add(second.count());
        }
        return s;
    }
}
