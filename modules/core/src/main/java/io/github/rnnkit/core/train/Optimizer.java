package io.github.rnnkit.core.train;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/** The update rule applied to every parameter after each (truncated) backward pass. */
public enum Optimizer {
    /**
     * Adam (Kingma and Ba 2015), beta1 0.9, beta2 0.999, epsilon 1e-8. The default. DL4J's Adam with its update in
     * one vectorised pass ({@link FastAdam}).
     */
    ADAM,
    /** RMSProp, decay 0.95, epsilon 1e-8. */
    RMSPROP,
    /** Stochastic gradient descent with Nesterov momentum 0.9. */
    NESTEROVS,
    /** Plain stochastic gradient descent: theta -= learningRate * gradient. */
    SGD;

    /** DL4J's updater for this rule at the given learning rate. */
    public IUpdater toUpdater(double learningRate) {
        return switch (this) {
            case ADAM -> new FastAdam(learningRate);
            case RMSPROP -> new RmsProp(learningRate, 0.95, 1e-8);
            case NESTEROVS -> new Nesterovs(learningRate, 0.9);
            case SGD -> new Sgd(learningRate);
        };
    }

    /** DL4J's updater for this rule with a learning rate that follows {@code schedule} (same other settings). */
    public IUpdater toUpdater(ISchedule schedule) {
        return switch (this) {
            case ADAM -> new FastAdam(schedule);
            case RMSPROP -> new RmsProp(schedule);
            case NESTEROVS -> new Nesterovs(schedule, 0.9);
            case SGD -> new Sgd(schedule);
        };
    }
}
