package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.RecurrentCell;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckSuiteTest {

    @Test
    void everyCellAndLayerChecksOutWithMasksAndTruncatedBptt() {
        List<GradientCheckSuite.Check> checks = new GradientCheckSuite(CheckOptions.defaults().withMasks(true)
                .withTbptt(3)).run(EnumSet.allOf(RecurrentCell.class));
        String report = GradientCheckSuite.format(checks);
        // per cell: reference, then per implementation (rnnkit's; DL4J's but for the GRU) the layer and 3 segments
        // (8 steps by 3); bidirectional LSTM: reference, rnnkit's and DL4J's layer; the control
        assertEquals(3 + 5 * 4 + 3 + 1, checks.size(), report);
        assertTrue(checks.stream().allMatch(GradientCheckSuite.Check::asExpected), report);
        assertTrue(report.endsWith("27 passed, 0 failed\n"), report);
    }

    @Test
    void rnnkitsLayersGetTheTrueTruncatedGradientOnEverySegmentAndTheStockLayersOnlyOnTheFirst() {
        List<GradientCheckSuite.Check> checks = new GradientCheckSuite(CheckOptions.defaults().withTbptt(3))
                .run(EnumSet.of(RecurrentCell.GRU, RecurrentCell.LSTM));
        for (String layer : List.of("rnnkit Gru", "rnnkit Lstm")) {
            assertEquals(3, checks.stream().filter(c -> c.name().startsWith(layer + " tBPTT")
                    && c.name().endsWith("vs true truncated gradient")).count(), layer);
        }
        long lstmExact = checks.stream().filter(c -> c.name().startsWith("DL4J LSTM tBPTT")
                && c.name().endsWith("vs true truncated gradient")).count();
        assertEquals(1, lstmExact);
        assertTrue(checks.stream().filter(c -> c.name().contains("zero-state backward"))
                .allMatch(c -> c.note().startsWith("known DL4J M2.1 defect")));
    }

    @Test
    void theNegativeControlFailsWhereTheDroppedTermMatters() {
        GradientCheckSuite.Check control = new GradientCheckSuite(CheckOptions.defaults()).negativeControl(7);
        assertFalse(control.report().passed(), control.report().table("control"));
        assertTrue(control.asExpected());
        var rows = control.report().rows();
        assertFalse(rows.get(1).passed(), "W depends on the recursion");
        assertTrue(rows.get(3).passed() && rows.get(4).passed(), "V and c do not: the failure is specific");
    }

    @Test
    void badOptionsAreRefusedNamingTheParameter() {
        assertEquals("hidden must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> CheckOptions.defaults().withHidden(0)).getMessage());
        assertEquals("tbptt must be in [0, steps = 8] (0 for none), got 9", assertThrows(IllegalArgumentException.class,
                () -> CheckOptions.defaults().withTbptt(9)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CheckOptions.defaults().withTbptt(-1));
    }
}
