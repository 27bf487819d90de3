package io.github.rnnkit.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The argument checks every configuration record uses: boundaries, the value returned, the message. */
class ChecksTest {
    private static void refused(String expected, Runnable check) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, check::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void boundariesAreWhereTheMessagesSay() {
        assertEquals(1, Checks.positive(1, "n"));
        refused("n must be >= 1, got 0", () -> Checks.positive(0, "n"));
        assertEquals(1L, Checks.positive(1L, "n"));
        assertEquals(5_000_000_000L, Checks.positive(5_000_000_000L, "n"));
        refused("n must be >= 1, got 0", () -> Checks.positive(0L, "n"));
        assertEquals(0, Checks.nonNegative(0, "k"));
        assertEquals(3, Checks.nonNegative(3, "k"));
        refused("k must be >= 0, got -1", () -> Checks.nonNegative(-1, "k"));
        assertEquals(0.25, Checks.positive(0.25, "lr"));
        refused("lr must be a finite number > 0, got 0.0", () -> Checks.positive(0.0, "lr"));
        refused("lr must be a finite number > 0, got NaN", () -> Checks.positive(Double.NaN, "lr"));
        refused("lr must be a finite number > 0, got Infinity", () -> Checks.positive(Double.POSITIVE_INFINITY, "lr"));
        assertEquals(0.0, Checks.nonNegative(0.0, "clip"));
        assertEquals(2.5, Checks.nonNegative(2.5, "clip"));
        refused("clip must be a finite number >= 0, got -1.0E-9", () -> Checks.nonNegative(-1e-9, "clip"));
        refused("clip must be a finite number >= 0, got NaN", () -> Checks.nonNegative(Double.NaN, "clip"));
        assertEquals(0.5, Checks.fraction(0.5, "p"));
        assertEquals(1e-9, Checks.fraction(1e-9, "p"));
        refused("p must be in (0, 1), got 0.0", () -> Checks.fraction(0.0, "p"));
        refused("p must be in (0, 1), got 1.0", () -> Checks.fraction(1.0, "p"));
        refused("p must be in (0, 1), got NaN", () -> Checks.fraction(Double.NaN, "p"));
    }
}
