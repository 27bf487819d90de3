package io.github.rnnkit.gradcheck;

import static io.github.rnnkit.gradcheck.Linalg.add;
import static io.github.rnnkit.gradcheck.Linalg.addOuter;
import static io.github.rnnkit.gradcheck.Linalg.addTo;
import static io.github.rnnkit.gradcheck.Linalg.mul;
import static io.github.rnnkit.gradcheck.Linalg.mulT;
import static io.github.rnnkit.gradcheck.Linalg.softmax;

/**
 * The per-step output of every reference cell: o = c + V h, y^ = softmax(o), loss = -log y^[y].
 * Shapes: h [H], V [K x H], c [K]. (DL4J's {@code RnnOutputLayer} holds W = V^T and b = c.)
 */
final class SoftmaxOutput {
    private SoftmaxOutput() {
    }

    /** y^ = softmax(c + V h). */
    static double[] forward(double[][] V, double[] c, double[] h) {
        return softmax(add(c, mul(V, h)));
    }

    /**
     * Adds grad V and grad c of -log y^[target] and returns grad h = V^T grad o.
     */
    static double[] backward(double[][] V, double[] yHat, int target, double[] h, double[][] gV, double[] gc) {
        double[] dO = yHat.clone();
        dO[target] -= 1.0;          // through softmax + cross-entropy: y^ - e_y
        addTo(gc, dO);              // into c
        addOuter(gV, dO, h);        // into V: grad o h^T
        return mulT(V, dO);         // into h: V^T grad o
    }
}
