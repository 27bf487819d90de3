package io.github.rnnkit.core.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Clips the gradient by its global L2 norm over all parameters (Pascanu, Mikolov and Bengio 2013):
 *
 * <pre>
 *   n = sqrt(sum over every parameter p of |dL/dp|^2)
 *   if n > threshold:  g <- g * threshold / n
 * </pre>
 *
 * <p>The norm is that of the gradient DL4J's updater applies: the gradient of DL4J's loss (summed over
 * time steps, averaged over the minibatch). DL4J hands listeners the gradient summed over the minibatch
 * and divides it by the minibatch size afterwards, so the norm is measured with that division.
 *
 * <p>DL4J only offers per-layer or per-parameter clipping, which changes the gradient's direction;
 * this keeps it. It runs as a DL4J listener on the raw gradient, after backprop and before the updater
 * (DL4J calls {@code onGradientCalculation} between the two), so Adam and friends see the clipped
 * gradient. With truncated BPTT it clips every segment's gradient.
 *
 * <p>It also records the norm before clipping, so that {@link Trainer} can report it and stop on a
 * non-finite gradient before it reaches the parameters (a NaN or infinite gradient is zeroed here).
 * A threshold of 0 measures without clipping.
 */
public final class GlobalNormClipping extends BaseTrainingListener implements java.io.Serializable {
    private final double threshold;
    private double lastNorm = Double.NaN;
    private boolean sawNonFinite;
    private long clippedSteps;
    private long steps;

    /**
     * @param threshold the largest global norm let through; 0 only measures
     */
    public GlobalNormClipping(double threshold) {
        if (!(threshold >= 0.0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number >= 0, got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray gradient = flatGradients(model);
        double perExample = model.conf().isMiniBatch() ? Math.max(1, model.batchSize()) : 1;
        double norm = gradient.norm2Number().doubleValue() / perExample;
        lastNorm = norm;
        steps++;
        if (!Double.isFinite(norm)) {
            sawNonFinite = true;
            gradient.assign(0.0);   // keep the parameters finite; Trainer stops after this step
            return;
        }
        if (threshold > 0.0 && norm > threshold) {
            gradient.muli(threshold / norm);
            clippedSteps++;
        }
    }

    static INDArray flatGradients(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            return mln.getGradientsViewArray();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getGradientsViewArray();
        }
        throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                + model.getClass().getName());
    }

    /** The threshold given at construction. */
    public double threshold() {
        return threshold;
    }

    /** Global norm of the last gradient before clipping (NaN before the first step). */
    public double lastNorm() {
        return lastNorm;
    }

    /** Whether any gradient so far had a NaN or infinite norm; cleared by {@link #clearNonFinite()}. */
    public boolean sawNonFinite() {
        return sawNonFinite;
    }

    void clearNonFinite() {
        sawNonFinite = false;
    }

    /** Number of optimisation steps seen. */
    public long steps() {
        return steps;
    }

    /** Number of steps whose gradient was scaled down. */
    public long clippedSteps() {
        return clippedSteps;
    }
}
