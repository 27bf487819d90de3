package io.github.rnnkit.gradcheck;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker itself, on a loss whose gradient is known in closed form: every gradient check in rnnkit rests on
 * it, so a checker that passed a wrong gradient (or blamed the wrong entry) would hide every other bug.
 */
class GradientCheckerTest {

    /** L = sum_i c_i * x_i^3 over a 2 x 3 matrix and a 3-vector; dL/dx_i = 3 c_i x_i^2. */
    private static final double[] C = {0.5, -1.0, 2.0, 1.5, -0.25, 0.75, 1.0, -2.0, 0.3};

    private static List<Param> params() {
        return List.of(Param.matrix("W", new double[][]{{0.3, -0.7, 1.1}, {0.9, -1.3, 0.2}}),
                Param.vector("b", new double[]{0.4, -0.6, 0.8}));
    }

    private static double loss(List<Param> ps) {
        double l = 0;
        int k = 0;
        for (Param p : ps) {
            for (int i = 0; i < p.size(); i++) {
                double x = p.get(i);
                l += C[k++] * x * x * x;
            }
        }
        return l;
    }

    private static List<Param> exactGradients(List<Param> ps) {
        Param w = Param.matrix("W", new double[2][3]);
        Param b = Param.vector("b", new double[3]);
        int k = 0;
        for (Param[] pair : new Param[][]{{ps.get(0), w}, {ps.get(1), b}}) {
            for (int i = 0; i < pair[0].size(); i++) {
                double x = pair[0].get(i);
                pair[1].set(i, 3 * C[k++] * x * x);
            }
        }
        return List.of(w, b);
    }

    @Test
    void exactGradientsPassAndParametersAreRestored() {
        List<Param> ps = params();
        GradientChecker.Report report = GradientChecker.strict().check(ps, exactGradients(ps), () -> loss(ps));
        assertTrue(report.passed(), report.table("exact"));
        assertEquals(2, report.rows().size());
        assertEquals("W", report.rows().get(0).name());
        assertEquals("[2 x 3]", report.rows().get(0).shape());
        assertEquals(6, report.rows().get(0).entries());
        assertEquals("[3]", report.rows().get(1).shape());
        assertTrue(report.maxRelError() < 1e-9, "cubic: the fourth-order stencil is exact up to rounding, got "
                + report.maxRelError());
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < ps.get(k).size(); i++) {
                assertEquals(params().get(k).get(i), ps.get(k).get(i), 0.0, "entry restored bit for bit");
            }
        }
        String table = report.table("exact");
        assertTrue(table.startsWith("exact\n"), table);
        assertTrue(table.contains("pass") && !table.contains("FAIL") && table.contains("PASSED (tolerance 1e-07)"), table);
    }

    @Test
    void oneWrongEntryFailsItsParameterAndIsNamed() {
        List<Param> ps = params();
        List<Param> grads = exactGradients(ps);
        grads.get(0).set(4, grads.get(0).get(4) * 1.001);
        GradientChecker.Report report = GradientChecker.strict().check(ps, grads, () -> loss(ps));
        assertFalse(report.passed());
        GradientChecker.Report.Row w = report.rows().get(0);
        assertFalse(w.passed());
        assertEquals(4, w.worstEntry());
        assertEquals(0.001 / 1.001, w.maxRelError(), 1e-8);
        assertEquals(w.maxRelError(), report.maxRelError(), 0.0);
        assertTrue(report.rows().get(1).passed(), "b is still right");
        String table = report.table("wrong");
        assertTrue(table.contains("FAIL") && table.contains("FAILED"), table);
    }

    @Test
    void aGradientOfTheWrongSignFails() {
        List<Param> ps = params();
        List<Param> grads = exactGradients(ps);
        grads.get(1).set(0, -grads.get(1).get(0));
        GradientChecker.Report report = GradientChecker.strict().check(ps, grads, () -> loss(ps));
        assertFalse(report.rows().get(1).passed());
        assertEquals(0, report.rows().get(1).worstEntry());
        assertEquals(2.0, report.rows().get(1).maxRelError(), 1e-9);
    }

    @Test
    void errorsAreRelativeAboveTheFloorAndAbsoluteBelowIt() {
        GradientChecker c = new GradientChecker(1e-3, 1e-4, 1e-7);
        assertEquals(0.5, c.relativeError(1.0, 2.0), 0.0);
        assertEquals(0.5, c.relativeError(-2.0, -1.0), 0.0);
        assertEquals(2.0, c.relativeError(3.0, -3.0), 0.0);
        assertEquals(1e-6 / 1e-4, c.relativeError(1e-6, 0.0), 1e-15);
        assertEquals(0.0, c.relativeError(0.0, 0.0), 0.0);
        assertEquals(1e-7, c.tolerance(), 0.0);
    }

    @Test
    void anErrorExactlyAtTheToleranceStillPasses() {
        GradientChecker c = new GradientChecker(1e-3, 1e-4, 0.5);
        GradientChecker.Report at = c.compare(List.of(Param.vector("g", new double[]{2.0})),
                List.of(Param.vector("g", new double[]{1.0})));
        assertEquals(0.5, at.maxRelError(), 0.0);
        assertTrue(at.passed());
        GradientChecker.Report above = c.compare(List.of(Param.vector("g", new double[]{2.0})),
                List.of(Param.vector("g", new double[]{0.999})));
        assertFalse(above.passed());
    }

    @Test
    void compareNamesTheFirstOfEquallyBadEntriesAndTheWorstOfUnequalOnes() {
        GradientChecker c = GradientChecker.strict();
        GradientChecker.Report same = c.compare(List.of(Param.vector("g", new double[]{1, 2, 3})),
                List.of(Param.vector("g", new double[]{1, 2, 3})));
        assertEquals(0, same.rows().get(0).worstEntry(), "all errors 0: the first entry");
        assertEquals(0.0, same.rows().get(0).maxRelError(), 0.0);
        GradientChecker.Report ties = c.compare(List.of(Param.vector("g", new double[]{1, 2, 4})),
                List.of(Param.vector("g", new double[]{1, 1, 2})));
        assertEquals(1, ties.rows().get(0).worstEntry(), "two entries off by half: the first of them");
        GradientChecker.Report worst = c.compare(List.of(Param.vector("g", new double[]{1, 2, 4})),
                List.of(Param.vector("g", new double[]{1, 1.5, 1})));
        assertEquals(2, worst.rows().get(0).worstEntry());
        assertEquals(0.75, worst.maxRelError(), 1e-15);
    }

    @Test
    void checkNamesTheFirstEntryWhenAllAgree() {
        Param p = Param.vector("x", new double[]{1, 2, 3});
        Param g = Param.vector("x", new double[]{0, 0, 0});
        GradientChecker.Report r = GradientChecker.strict().check(List.of(p), List.of(g), () -> 7.0);
        assertEquals(0, r.rows().get(0).worstEntry());
        assertTrue(r.passed());
    }

    @Test
    void mismatchedShapesAndSettingsAreRefused() {
        GradientChecker c = GradientChecker.strict();
        List<Param> ps = params();
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> c.check(ps, List.of(ps.get(0)), () -> loss(ps)));
        assertEquals("2 parameters but 1 gradients", count.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> c.check(List.of(ps.get(1)), List.of(ps.get(0)), () -> loss(ps)));
        assertEquals("gradient of b has 6 entries, the parameter 3", size.getMessage());
        IllegalArgumentException cmp = assertThrows(IllegalArgumentException.class,
                () -> c.compare(List.of(ps.get(1)), List.of(ps.get(0))));
        assertEquals("b: 3 expected entries, 6 actual", cmp.getMessage());
        for (double[] bad : new double[][]{{0, 1e-4, 1e-7}, {1e-3, 0, 1e-7}, {1e-3, 1e-4, 0}, {Double.NaN, 1e-4, 1e-7},
                {1e-3, -1, 1e-7}}) {
            assertThrows(IllegalArgumentException.class, () -> new GradientChecker(bad[0], bad[1], bad[2]));
        }
        assertEquals(Double.MIN_VALUE, new GradientChecker(Double.MIN_VALUE, Double.MIN_VALUE, Double.MIN_VALUE)
                .tolerance(), 0.0);
    }

    @Test
    void checkOptionsBoundaries() {
        CheckOptions d = CheckOptions.defaults();
        assertEquals(new CheckOptions(4, 5, 6, 8, 3, false, 0, 1), d);
        new CheckOptions(1, 1, 2, 3, 1, false, 3, 0);
        assertThrows(IllegalArgumentException.class, () -> new CheckOptions(1, 1, 1, 3, 1, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CheckOptions(1, 1, 2, 2, 1, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CheckOptions(1, 1, 2, 3, 1, false, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new CheckOptions(1, 1, 2, 3, 1, false, -1, 0));
        assertEquals(9, d.withHidden(9).hidden());
        assertEquals(d.withMasks(true), d.withHidden(7).withMasks(true).withHidden(5));
        assertEquals(8, d.length(1), "no masks: every sequence is full length");
        CheckOptions m = d.withMasks(true);
        assertEquals(List.of(8, 5, 2, 8, 5, 2), List.of(m.length(0), m.length(1), m.length(2), m.length(3),
                m.length(4), m.length(5)));
        CheckOptions shortest = new CheckOptions(1, 1, 2, 3, 3, true, 0, 0);
        assertEquals(1, shortest.length(1), "T - 3 = 0 steps is raised to 1");
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        double[] y = Linalg.softmax(new double[]{1000, 999, -1000});
        double e = Math.exp(-1);
        assertEquals(1 / (1 + e), y[0], 1e-15);
        assertEquals(e / (1 + e), y[1], 1e-15);
        assertEquals(0.0, y[2], 0.0);
    }

    @Test
    void aCheckIsAsExpectedOnlyWhenItsOutcomeMatches() {
        GradientChecker c = GradientChecker.strict();
        GradientChecker.Report pass = c.compare(List.of(Param.vector("g", new double[]{1})),
                List.of(Param.vector("g", new double[]{1})));
        GradientChecker.Report fail = c.compare(List.of(Param.vector("g", new double[]{1})),
                List.of(Param.vector("g", new double[]{2})));
        assertTrue(new GradientCheckSuite.Check("p", pass, true, "").asExpected());
        assertFalse(new GradientCheckSuite.Check("p", fail, true, "").asExpected());
        assertTrue(new GradientCheckSuite.Check("control", fail, false, "").asExpected());
        assertFalse(new GradientCheckSuite.Check("control", pass, false, "").asExpected());
    }
}
