package io.github.rnnkit.core.train;

import io.github.rnnkit.core.layers.Updates;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Arrays;
import java.util.Map;

/**
 * DL4J's {@link Adam} (same settings, same state layout, so saved updater state loads either way) whose update runs
 * in one vectorised pass ({@link Updates#adam}) instead of ND4J's op: at 345,000 parameters, 0.9-3.8 ms per step on
 * the op (the slow end with tiny gradients) against ~0.2 (docs/benchmarks.md, "Adam in one pass"). Falls back to the
 * op where the pass cannot run (float64, no Vector API module, non-dense arrays). {@link Optimizer#ADAM} builds it.
 */
public class FastAdam extends Adam {

    /** Adam's defaults: learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public FastAdam() {
        super();
    }

    public FastAdam(double learningRate) {
        super(learningRate);
    }

    public FastAdam(ISchedule learningRateSchedule) {
        super(learningRateSchedule);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        INDArray view = viewArray.reshape(viewArray.length());
        long[] gradientShape = Arrays.copyOf(view.shape(), view.rank());
        gradientShape[0] /= 2;
        u.setStateViewArray(view, gradientShape, view.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public FastAdam clone() {
        FastAdam copy = new FastAdam(getLearningRate());
        copy.setLearningRateSchedule(getLearningRateSchedule() == null ? null : getLearningRateSchedule().clone());
        copy.setBeta1(getBeta1());
        copy.setBeta2(getBeta2());
        copy.setEpsilon(getEpsilon());
        return copy;
    }

    @Override
    public String toString() {
        return "FastAdam(learningRate=" + getLearningRate() + ", learningRateSchedule=" + getLearningRateSchedule()
                + ", beta1=" + getBeta1() + ", beta2=" + getBeta2() + ", epsilon=" + getEpsilon() + ")";
    }

    /** {@link AdamUpdater} with the one-pass update. */
    static final class Updater extends AdamUpdater {
        Updater(Adam config) {
            super(config);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            INDArray m = getM();
            INDArray v = getV();
            if (m == null || v == null) {
                throw new IllegalStateException("Updater has not been initialized with view state");
            }
            Adam c = getConfig();
            if (!Updates.adam(gradient, m, v, c.getLearningRate(iteration, epoch), c.getBeta1(), c.getBeta2(),
                    c.getEpsilon(), iteration)) {
                super.applyUpdater(gradient, iteration, epoch);
            }
        }
    }
}
