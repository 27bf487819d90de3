package io.github.rnnkit.core.train;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobalNormClippingTest {
    private static final TrainingConfig SGD_LR1 = TrainingConfig.defaults().withOptimizer(Optimizer.SGD)
            .withLearningRate(1.0).withSeed(7);

    /**
     * The gradient DL4J's updater applies for the batch, computed without any listener: DL4J sums the
     * gradient over the minibatch and its updater divides by the minibatch size.
     */
    private static INDArray rawGradient(MultiLayerNetwork net, MultiDataSet batch) {
        MultiLayerNetwork copy = net.clone();
        copy.setInput(batch.getFeatures(0));
        copy.setLabels(batch.getLabels(0));
        copy.computeGradientAndScore();
        return copy.getGradientsViewArray().div(batch.getFeatures(0).size(0));
    }

    @Test
    void stepTakenWithPlainSgdHasTheThresholdAsGlobalNormAndTheGradientsDirection() {
        MultiLayerNetwork net = TinyNets.network(RecurrentSpec.of(RecurrentCell.LSTM, 6).withDepth(2), SGD_LR1);
        MultiDataSet batch = TinyNets.echoBatch(new SplittableRandom(1), 4, 7);
        INDArray g = rawGradient(net, batch);
        double rawNorm = g.norm2Number().doubleValue();
        double threshold = rawNorm / 10;   // guaranteed to clip
        GlobalNormClipping clipping = new GlobalNormClipping(threshold);
        net.setListeners(clipping);
        INDArray before = net.params().dup();

        TrainableNetwork.of(net).fit(batch);

        INDArray step = before.sub(net.params());           // SGD, lr 1: step = clipped gradient
        assertEquals(threshold, step.norm2Number().doubleValue(), threshold * 1e-9, "global norm after clipping");
        double cosine = step.mul(g).sumNumber().doubleValue() / (step.norm2Number().doubleValue() * rawNorm);
        assertEquals(1.0, cosine, 1e-9, "clipping by the global norm keeps the gradient's direction");
        assertEquals(rawNorm, clipping.lastNorm(), rawNorm * 1e-9);
        assertEquals(1, clipping.clippedSteps());
    }

    @Test
    void gradientBelowTheThresholdPassesUnchanged() {
        MultiLayerNetwork net = TinyNets.network(RecurrentSpec.of(RecurrentCell.SIMPLE_RNN, 6), SGD_LR1);
        MultiDataSet batch = TinyNets.echoBatch(new SplittableRandom(2), 4, 5);
        INDArray g = rawGradient(net, batch);
        GlobalNormClipping clipping = new GlobalNormClipping(g.norm2Number().doubleValue() * 2);
        net.setListeners(clipping);
        INDArray before = net.params().dup();

        TrainableNetwork.of(net).fit(batch);

        INDArray step = before.sub(net.params());
        assertEquals(0.0, step.sub(g).norm2Number().doubleValue(), 1e-12);
        assertEquals(0, clipping.clippedSteps());
    }

    @Test
    void truncatedBpttClipsEverySegment() {
        TrainingConfig cfg = SGD_LR1.withTbpttLength(4);
        MultiLayerNetwork net = TinyNets.network(RecurrentSpec.of(RecurrentCell.LSTM, 6), cfg);
        GlobalNormClipping clipping = new GlobalNormClipping(1e-6);
        net.setListeners(clipping);
        TrainableNetwork.of(net).fit(TinyNets.echoBatch(new SplittableRandom(3), 2, 12));
        assertEquals(3, clipping.steps(), "12 steps in segments of 4");
        assertEquals(3, clipping.clippedSteps());
    }

    @Test
    void negativeOrInfiniteThresholdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GlobalNormClipping(-1));
        assertThrows(IllegalArgumentException.class, () -> new GlobalNormClipping(Double.POSITIVE_INFINITY));
        assertTrue(new GlobalNormClipping(0).threshold() == 0);
    }

    /** A gradient whose norm is exactly the threshold is let through as it is (and not counted as clipped). */
    @Test
    void aGradientExactlyAtTheThresholdIsNotClipped() {
        MultiLayerNetwork net = TinyNets.network(RecurrentSpec.of(RecurrentCell.GRU, 6), SGD_LR1);
        MultiDataSet batch = TinyNets.echoBatch(new SplittableRandom(4), 4, 6);
        MultiLayerNetwork probe = net.clone();
        GlobalNormClipping measure = new GlobalNormClipping(0);
        probe.setListeners(measure);
        TrainableNetwork.of(probe).fit(batch);
        assertEquals(0, measure.clippedSteps(), "a threshold of 0 only measures");
        assertEquals(1, measure.steps());
        assertEquals(0.0, probe.params().sub(net.params().sub(rawGradient(net, batch))).norm2Number().doubleValue(),
                1e-12, "a threshold of 0 leaves the step as it is");

        GlobalNormClipping atThreshold = new GlobalNormClipping(measure.lastNorm());
        net.setListeners(atThreshold);
        TrainableNetwork.of(net).fit(batch);
        assertEquals(measure.lastNorm(), atThreshold.lastNorm(), 0.0);
        assertEquals(0, atThreshold.clippedSteps());
        assertEquals(measure.lastNorm(), atThreshold.threshold(), 0.0);
    }

    /** A NaN in the input makes the gradient NaN: it is zeroed before the update and reported. */
    @Test
    void aNonFiniteGradientIsZeroedAndReported() {
        MultiLayerNetwork net = TinyNets.network(RecurrentSpec.of(RecurrentCell.LSTM, 6), SGD_LR1);
        MultiDataSet batch = TinyNets.echoBatch(new SplittableRandom(5), 2, 4);
        batch.getFeatures(0).putScalar(new long[]{0, 0, 1}, Double.NaN);
        GlobalNormClipping clipping = new GlobalNormClipping(5);
        net.setListeners(clipping);
        INDArray before = net.params().dup();
        assertTrue(!clipping.sawNonFinite());

        TrainableNetwork.of(net).fit(batch);

        assertTrue(clipping.sawNonFinite());
        assertTrue(Double.isNaN(clipping.lastNorm()), "the norm before zeroing is reported: " + clipping.lastNorm());
        assertEquals(before, net.params(), "the parameters did not move");
        clipping.clearNonFinite();
        assertTrue(!clipping.sawNonFinite());
    }
}
