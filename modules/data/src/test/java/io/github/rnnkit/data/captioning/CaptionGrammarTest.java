package io.github.rnnkit.data.captioning;

import io.github.rnnkit.data.captioning.SceneSpec.Group;
import io.github.rnnkit.data.captioning.SceneSpec.Relation;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptionGrammarTest {
    @Test
    void canonicalCaptionsReadAsTheIssueWritesThem() {
        assertEquals("two sneakers above a bag", CaptionGrammar.canonical(
                SceneSpec.pair(new Group(7, 2), Relation.ABOVE, new Group(8, 1))));
        assertEquals("a digit 7 left of a shirt", CaptionGrammar.canonical(
                SceneSpec.pair(new Group(17, 1), Relation.LEFT_OF, new Group(6, 1))));
        assertEquals("an ankle boot", CaptionGrammar.canonical(SceneSpec.single(9, 1)));
        assertEquals("four digit 0s", CaptionGrammar.canonical(SceneSpec.single(10, 4)));
    }

    @Test
    void everyReferenceOfEverySceneParsesBackToItsScene() {
        int checked = 0;
        for (int a = 0; a < SceneObject.COUNT; a++) {
            for (int c = 1; c <= 4; c++) {
                checked += roundTrip(SceneSpec.single(a, c));
            }
            for (int b = 0; b < SceneObject.COUNT; b++) {
                if (a == b) {
                    continue;
                }
                for (Relation r : List.of(Relation.ABOVE, Relation.LEFT_OF)) {
                    for (int ca = 1; ca <= 2; ca++) {
                        for (int cb = 1; cb <= 2; cb++) {
                            checked += roundTrip(SceneSpec.pair(new Group(a, ca), r, new Group(b, cb)));
                        }
                    }
                }
            }
        }
        assertEquals((80 + 3040) * 5, checked);
    }

    private static int roundTrip(SceneSpec scene) {
        List<String> refs = CaptionGrammar.references(scene);
        assertEquals(5, new HashSet<>(refs).size(), "references must differ: " + refs);
        for (String r : refs) {
            assertEquals(Optional.of(scene), CaptionGrammar.parse(r), r);
        }
        return refs.size();
    }

    @Test
    void inverseRelationsSwapTheGroups() {
        assertEquals(Optional.of(SceneSpec.pair(new Group(7, 2), Relation.ABOVE, new Group(8, 1))),
                CaptionGrammar.parse("a bag below two sneakers"));
        assertEquals(Optional.of(SceneSpec.pair(new Group(1, 1), Relation.LEFT_OF, new Group(3, 2))),
                CaptionGrammar.parse("two dresses are to the right of a trouser"));
    }

    @Test
    void captionsOutsideTheGrammarAreNotRead() {
        for (String bad : List.of("", "bag", "a", "a cat", "two bags above", "a bag above a bag",
                "three bags above a shirt", "a bag near a shirt", "a bag above a shirt and more", "left of a bag")) {
            assertTrue(CaptionGrammar.parse(bad).isEmpty(), bad);
        }
        for (String unreadable : List.of("", "bag", "a cat", "two bags above", "a bag near a shirt")) {
            assertTrue(CaptionGrammar.slots(unreadable).isEmpty(), unreadable);
        }
    }

    @Test
    void impossibleScenesStillGiveTheirSlotsForTheGroundedScore() {
        // object 8 (bag), count 1, ABOVE, object 8, count 1: in the grammar, but no scene has two groups of bags
        assertEquals(Optional.of(List.of(8, 1, Relation.ABOVE.ordinal(), 8, 1)),
                CaptionGrammar.slots("a bag above a bag"));
        assertEquals(Optional.of(List.of(6, 1, Relation.ABOVE.ordinal(), 8, 3)),
                CaptionGrammar.slots("three bags below a shirt"));
        assertEquals(Optional.of(List.of(8, 3, Relation.NONE.ordinal())), CaptionGrammar.slots("there are three bags"));
    }
}
