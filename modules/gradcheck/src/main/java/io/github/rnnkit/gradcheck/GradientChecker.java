package io.github.rnnkit.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Compares analytic gradients with central differences, in double precision. The derivative is taken
 * with the fourth-order central stencil
 *
 * <pre>
 *   numerical(p_i) = (-L(p + 2 eps e_i) + 8 L(p + eps e_i) - 8 L(p - eps e_i) + L(p - 2 eps e_i)) / (12 eps)
 *   relative error = |a - n| / max(|a|, |n|, floor)
 * </pre>
 *
 * <p>Why fourth order: the plain two-point difference has truncation error O(eps^2) and round-off error
 * ~ (machine epsilon x |L|) / eps. On a loss of ~10 the best it reaches is ~1e-9 absolute, a relative error
 * of ~1e-6 on entries near 1e-3: not enough to demonstrate 1e-7. The four-point stencil's truncation error
 * is O(eps^4), so eps = 1e-3 keeps both terms near 1e-11.
 *
 * <p>The absolute floor keeps entries whose true gradient is (near) zero from reporting huge relative errors
 * out of that remaining noise: where both values are below the floor, the error is measured against it.
 */
public final class GradientChecker {
    private final double epsilon;
    private final double floor;
    private final double tolerance;

    /**
     * @param epsilon   the finite-difference step, e.g. 1e-6
     * @param floor     the absolute floor of the denominator, e.g. 1e-8
     * @param tolerance the largest relative error that passes, e.g. 1e-7
     */
    public GradientChecker(double epsilon, double floor, double tolerance) {
        if (!(epsilon > 0) || !(floor > 0) || !(tolerance > 0)) {
            throw new IllegalArgumentException("epsilon, floor and tolerance must be > 0, got " + epsilon + ", " + floor
                    + ", " + tolerance);
        }
        this.epsilon = epsilon;
        this.floor = floor;
        this.tolerance = tolerance;
    }

    /** eps 1e-3 (fourth-order stencil), floor 1e-4, tolerance 1e-7: the settings of the reference checks. */
    public static GradientChecker strict() {
        return new GradientChecker(1e-3, 1e-4, 1e-7);
    }

    public double tolerance() {
        return tolerance;
    }

    /** The relative error of {@code analytic} against {@code numerical}. */
    public double relativeError(double analytic, double numerical) {
        return Math.abs(analytic - numerical) / Math.max(floor, Math.max(Math.abs(analytic), Math.abs(numerical)));
    }

    /**
     * Checks every entry of every parameter.
     *
     * @param params    the parameters, perturbed in place (and restored) to evaluate {@code loss}
     * @param gradients the analytic gradients, same names, shapes and order as {@code params}
     * @param loss      evaluates the loss at the current parameter values
     */
    public Report check(List<Param> params, List<Param> gradients, DoubleSupplier loss) {
        if (params.size() != gradients.size()) {
            throw new IllegalArgumentException(params.size() + " parameters but " + gradients.size() + " gradients");
        }
        List<Report.Row> rows = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            Param p = params.get(k);
            Param g = gradients.get(k);
            if (p.size() != g.size()) {
                throw new IllegalArgumentException("gradient of " + p.name() + " has " + g.size() + " entries, the "
                        + "parameter " + p.size());
            }
            double worst = 0;
            int worstAt = -1;
            for (int i = 0; i < p.size(); i++) {
                double numerical = derivative(p, i, loss);
                double err = relativeError(g.get(i), numerical);
                if (err > worst || worstAt < 0) {
                    worst = err;
                    worstAt = i;
                }
            }
            rows.add(new Report.Row(p.name(), p.shape(), p.size(), worst, worstAt, worst <= tolerance));
        }
        return new Report(rows, tolerance);
    }

    /** The fourth-order central difference of {@code loss} along entry {@code i} of {@code p}. */
    private double derivative(Param p, int i, DoubleSupplier loss) {
        double saved = p.get(i);
        double[] at = new double[4];
        double[] offsets = {2 * epsilon, epsilon, -epsilon, -2 * epsilon};
        for (int k = 0; k < 4; k++) {
            p.set(i, saved + offsets[k]);
            at[k] = loss.getAsDouble();
        }
        p.set(i, saved);
        return (-at[0] + 8 * at[1] - 8 * at[2] + at[3]) / (12 * epsilon);
    }

    /**
     * Compares two analytic gradients entry by entry (e.g. DL4J's against the reference's).
     */
    public Report compare(List<Param> expected, List<Param> actual) {
        List<Report.Row> rows = new ArrayList<>();
        for (int k = 0; k < expected.size(); k++) {
            Param e = expected.get(k);
            Param a = actual.get(k);
            if (e.size() != a.size()) {
                throw new IllegalArgumentException(e.name() + ": " + e.size() + " expected entries, " + a.size()
                        + " actual");
            }
            double worst = 0;
            int worstAt = -1;
            for (int i = 0; i < e.size(); i++) {
                double err = relativeError(a.get(i), e.get(i));
                if (err > worst || worstAt < 0) {
                    worst = err;
                    worstAt = i;
                }
            }
            rows.add(new Report.Row(e.name(), e.shape(), e.size(), worst, worstAt, worst <= tolerance));
        }
        return new Report(rows, tolerance);
    }

    /**
     * A check's outcome, one row per parameter.
     *
     * @param rows      per parameter
     * @param tolerance the largest relative error that passed
     */
    public record Report(List<Row> rows, double tolerance) {

        /**
         * @param name          the parameter
         * @param shape         its shape
         * @param entries       entries checked
         * @param maxRelError   the largest relative error among them
         * @param worstEntry    the flat index of that entry
         * @param passed        whether maxRelError is within the tolerance
         */
        public record Row(String name, String shape, int entries, double maxRelError, int worstEntry, boolean passed) {
        }

        public boolean passed() {
            return rows.stream().allMatch(Row::passed);
        }

        public double maxRelError() {
            return rows.stream().mapToDouble(Row::maxRelError).max().orElse(0);
        }

        /** The report as a table. */
        public String table(String title) {
            StringBuilder sb = new StringBuilder(title).append('\n');
            sb.append(String.format(Locale.ROOT, "%-10s %-12s %8s %14s  %s%n", "parameter", "shape", "entries",
                    "max rel error", "result"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%-10s %-12s %8d %14.3e  %s%n", r.name(), r.shape(), r.entries(),
                        r.maxRelError(), r.passed() ? "pass" : "FAIL"));
            }
            sb.append(String.format(Locale.ROOT, "%s (tolerance %.0e)%n", passed() ? "PASSED" : "FAILED", tolerance));
            return sb.toString();
        }
    }
}
