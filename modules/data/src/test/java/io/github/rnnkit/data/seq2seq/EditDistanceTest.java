package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.seq2seq.EditDistance.Operation;
import io.github.rnnkit.data.seq2seq.EditDistance.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EditDistanceTest {
    private static List<String> chars(String s) {
        return Segmentation.CHARACTERS.split(s);
    }

    @Test
    void knownPairsHaveTheirTextbookDistances() {
        assertEquals(3, EditDistance.distance(chars("kitten"), chars("sitting")));   // k->s, e->i, +g
        assertEquals(3, EditDistance.distance(chars("sitting"), chars("kitten")), "symmetric");
        assertEquals(2, EditDistance.distance(chars("flaw"), chars("lawn")));        // -f, +n
        assertEquals(3, EditDistance.distance(chars("Saturday"), chars("Sunday")));  // -a, -t, r->n
        assertEquals(0, EditDistance.distance(chars("same"), chars("same")));
        assertEquals(2, EditDistance.distance(List.of(), chars("ab")));
        assertEquals(4, EditDistance.distance(chars("abcd"), List.of()));
        assertEquals(0, EditDistance.distance(List.of(), List.of()));
    }

    @Test
    void theAlignmentSpellsOutTheEditsInOrder() {
        List<Step> steps = EditDistance.alignment(List.of("K", "AE", "T"), List.of("K", "AH", "T", "S"));
        assertEquals(List.of(
                new Step(Operation.MATCH, "K", "K"),
                new Step(Operation.SUBSTITUTION, "AE", "AH"),
                new Step(Operation.MATCH, "T", "T"),
                new Step(Operation.INSERTION, null, "S")), steps);
    }

    @Test
    void amongEqualAlignmentsTheDiagonalWinsThenDeletion() {
        // [A, B] -> [B]: deleting A and keeping B is preferred to substituting A->B and deleting B
        assertEquals(List.of(new Step(Operation.DELETION, "A", null), new Step(Operation.MATCH, "B", "B")),
                EditDistance.alignment(List.of("A", "B"), List.of("B")));
        // [A] -> [B, C]: walking back, C is compared with A first (substitution), then B is inserted
        assertEquals(List.of(new Step(Operation.INSERTION, null, "B"), new Step(Operation.SUBSTITUTION, "A", "C")),
                EditDistance.alignment(List.of("A"), List.of("B", "C")));
    }

    @Test
    void theAlignmentHasAsManyErrorsAsTheDistance() {
        List<String> a = chars("intention");
        List<String> b = chars("execution");
        assertEquals(5, EditDistance.distance(a, b));
        assertEquals(5, EditDistance.alignment(a, b).stream().filter(Step::isError).count());
    }

    @Test
    void aStepThatContradictsItsOperationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Step(Operation.SUBSTITUTION, "A", "A"));
        assertThrows(IllegalArgumentException.class, () -> new Step(Operation.MATCH, "A", "B"));
        assertThrows(IllegalArgumentException.class, () -> new Step(Operation.DELETION, "A", "B"));
        assertThrows(IllegalArgumentException.class, () -> new Step(Operation.INSERTION, "A", "B"));
    }
}
