package io.github.rnnkit.data.captioning;

import io.github.rnnkit.data.captioning.SceneSpec.Group;
import io.github.rnnkit.data.captioning.SceneSpec.Relation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The grammar that writes the scenes' captions and reads them back. Captions are lower-case words separated by
 * single spaces.
 *
 * <pre>
 * caption   := prefix? group (verb? relation group)? suffix?
 * group     := count noun            count := a | an | one | two | three | four
 * relation  := above | below | left of | right of | to the left of | to the right of
 * verb      := is | are               prefix := there is | there are | a picture of
 * suffix    := on a dark background
 * </pre>
 *
 * The canonical caption of a scene is {@code group} or {@code group relation group} with the first group above or
 * left of the second ("two sneakers above a bag", "a digit 7 left of a shirt"); the paraphrases use the verb, the
 * prefixes, the inverse relation with the groups swapped, "one" for "a" and the long form of left/right.
 * {@link #parse} accepts every caption the grammar writes (whatever its number agreement) and returns its
 * {@link SceneSpec} in canonical orientation; {@link #slots} also reads captions of impossible scenes ("a bag
 * above a bag"): the grounded score of a generated caption.
 */
public final class CaptionGrammar {
    private static final List<String> COUNTS = List.of("", "one", "two", "three", "four");

    private CaptionGrammar() {
    }

    /** The canonical caption of {@code scene}. */
    public static String canonical(SceneSpec scene) {
        if (scene.second() == null) {
            return group(scene.first(), false);
        }
        return group(scene.first(), false) + " " + relation(scene.relation(), false, false) + " "
                + group(scene.second(), false);
    }

    /**
     * Four paraphrases of {@code scene}'s canonical caption (all different from it and from each other), in a
     * fixed order.
     */
    public static List<String> paraphrases(SceneSpec scene) {
        Group a = scene.first();
        if (scene.second() == null) {
            return List.of(
                    "there " + verb(a) + " " + group(a, false),
                    "a picture of " + group(a, false),
                    group(a, false) + " on a dark background",
                    a.count() == 1 ? "there is " + group(a, true) : "a picture of " + group(a, false)
                            + " on a dark background");
        }
        Group b = scene.second();
        Relation r = scene.relation();
        return List.of(
                group(a, false) + " " + verb(a) + " " + relation(r, false, false) + " " + group(b, false),
                group(b, false) + " " + relation(r, true, false) + " " + group(a, false),
                "there " + verb(a) + " " + group(a, true) + " " + relation(r, false, true) + " " + group(b, false),
                group(b, true) + " " + verb(b) + " " + relation(r, true, true) + " " + group(a, false));
    }

    /** The canonical caption first, then its paraphrases: the references of a scene. */
    public static List<String> references(SceneSpec scene) {
        List<String> out = new ArrayList<>();
        out.add(canonical(scene));
        out.addAll(paraphrases(scene));
        return List.copyOf(out);
    }

    private static String group(Group g, boolean numeral) {
        SceneObject o = SceneObject.of(g.object());
        if (g.count() == 1) {
            String article = numeral ? "one" : startsWithVowel(o.singular()) ? "an" : "a";
            return article + " " + o.singular();
        }
        return COUNTS.get(g.count()) + " " + o.plural();
    }

    private static boolean startsWithVowel(String s) {
        return "aeiou".indexOf(s.charAt(0)) >= 0;
    }

    private static String verb(Group g) {
        return g.count() == 1 ? "is" : "are";
    }

    private static String relation(Relation r, boolean inverse, boolean longForm) {
        return switch (r) {
            case ABOVE -> inverse ? "below" : "above";
            case LEFT_OF -> (longForm ? "to the " : "") + (inverse ? "right of" : "left of");
            case NONE -> throw new IllegalArgumentException("one group has no relation");
        };
    }

    /**
     * The scene a caption describes, if the grammar can read it and the scene can exist.
     *
     * @param caption lower-case words separated by spaces (extra spaces are ignored)
     * @return empty when the caption is not in the grammar (no group, an unknown noun, a relation without a second
     *         group ...) or describes no possible scene (two groups of the same object, a count over 2 in a pair)
     */
    public static Optional<SceneSpec> parse(String caption) {
        return read(caption).filter(r -> r.b == null || (r.a.object() != r.b.object() && r.a.count() <= 2
                && r.b.count() <= 2)).map(r -> r.b == null ? SceneSpec.single(r.a.object(), r.a.count())
                : SceneSpec.pair(r.a, r.relation, r.b));
    }

    /**
     * The slots of a caption the grammar can read, in {@link SceneSpec#slots()}'s order, also when they describe no
     * possible scene ("a bag above a bag" still names an object, a relation and an object): what the grounded score
     * compares with the true scene.
     */
    public static Optional<List<Integer>> slots(String caption) {
        return read(caption).map(r -> {
            List<Integer> s = new ArrayList<>(List.of(r.a.object(), r.a.count(), r.relation.ordinal()));
            if (r.b != null) {
                s.add(r.b.object());
                s.add(r.b.count());
            }
            return s;
        });
    }

    /** A caption as read, first group above or left of the second. */
    private record Reading(Group a, Relation relation, Group b) {
    }

    private static Optional<Reading> read(String caption) {
        List<String> w = new ArrayList<>(Arrays.asList(caption.trim().split("\\s+")));
        stripPrefix(w, "there", "is");
        stripPrefix(w, "there", "are");
        stripPrefix(w, "a", "picture", "of");
        if (w.size() >= 4 && w.subList(w.size() - 4, w.size()).equals(List.of("on", "a", "dark", "background"))) {
            w.subList(w.size() - 4, w.size()).clear();
        }
        int[] at = {0};
        Group a = readGroup(w, at);
        if (a == null) {
            return Optional.empty();
        }
        if (at[0] == w.size()) {
            return Optional.of(new Reading(a, Relation.NONE, null));
        }
        if (w.get(at[0]).equals("is") || w.get(at[0]).equals("are")) {
            at[0]++;
        }
        if (at[0] + 1 < w.size() && w.get(at[0]).equals("to") && w.get(at[0] + 1).equals("the")) {
            at[0] += 2;
        }
        if (at[0] >= w.size()) {
            return Optional.empty();
        }
        Relation relation;
        boolean inverse;
        String word = w.get(at[0]++);
        switch (word) {
            case "above" -> {
                relation = Relation.ABOVE;
                inverse = false;
            }
            case "below" -> {
                relation = Relation.ABOVE;
                inverse = true;
            }
            case "left", "right" -> {
                if (at[0] >= w.size() || !w.get(at[0]).equals("of")) {
                    return Optional.empty();
                }
                at[0]++;
                relation = Relation.LEFT_OF;
                inverse = word.equals("right");
            }
            default -> {
                return Optional.empty();
            }
        }
        Group b = readGroup(w, at);
        if (b == null || at[0] != w.size()) {
            return Optional.empty();
        }
        return Optional.of(inverse ? new Reading(b, relation, a) : new Reading(a, relation, b));
    }

    private static void stripPrefix(List<String> w, String... prefix) {
        if (w.size() > prefix.length && w.subList(0, prefix.length).equals(List.of(prefix))) {
            w.subList(0, prefix.length).clear();
        }
    }

    private static Group readGroup(List<String> w, int[] at) {
        if (at[0] >= w.size()) {
            return null;
        }
        String c = w.get(at[0]);
        int count = switch (c) {
            case "a", "an", "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            default -> 0;
        };
        if (count == 0) {
            return null;
        }
        for (SceneObject o : SceneObject.all()) {
            String noun = count == 1 ? o.singular() : o.plural();
            for (String form : List.of(noun, count == 1 ? o.plural() : o.singular())) {     // agreement not enforced
                List<String> parts = List.of(form.split(" "));
                int end = at[0] + 1 + parts.size();
                if (end <= w.size() && w.subList(at[0] + 1, end).equals(parts)) {
                    at[0] = end;
                    return new Group(o.id(), count);
                }
            }
        }
        return null;
    }
}
