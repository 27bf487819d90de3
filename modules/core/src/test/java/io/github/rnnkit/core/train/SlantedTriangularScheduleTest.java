package io.github.rnnkit.core.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ULMFiT's slanted triangular learning rate: its shape, its arguments, and that it is saved with a network. */
class SlantedTriangularScheduleTest {

    @Test
    void itRisesOverTheFirstTenthAndFallsLinearlyToAThirtySecondOfThePeak() {
        SlantedTriangularSchedule s = SlantedTriangularSchedule.of(0.032, 100);   // cut at iteration 10
        assertEquals(0.001, s.valueAt(0, 0), 1e-12);                             // max / ratio
        assertEquals(0.001 + 0.031 * 0.5, s.valueAt(5, 0), 1e-12);              // half way up
        assertEquals(0.032, s.valueAt(10, 0), 1e-12);                            // the peak
        assertEquals(0.001 + 0.031 * 0.5, s.valueAt(55, 3), 1e-12);             // half way down, any epoch
        assertEquals(0.001, s.valueAt(100, 9), 1e-12);                           // the end
        assertEquals(0.001, s.valueAt(5000, 9), 1e-12);                          // and past it
        for (int i = 10; i < 100; i++) {
            assertTrue(s.valueAt(i + 1, 0) < s.valueAt(i, 0), "falls at " + i);
        }
    }

    @Test
    void aFitOfOneOrFewIterationsStillPeaksFirstAndEnds() {
        SlantedTriangularSchedule one = SlantedTriangularSchedule.of(1.0, 1);
        assertEquals(1.0 / 32, one.valueAt(0, 0), 1e-12);
        assertEquals(1.0 / 32, one.valueAt(1, 0), 1e-12);
        SlantedTriangularSchedule five = SlantedTriangularSchedule.of(1.0, 5);   // cut at 1 (at least one rising step)
        assertEquals(1.0, five.valueAt(1, 0), 1e-12);
        assertEquals(1.0 / 32, five.valueAt(5, 0), 1e-12);
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlantedTriangularSchedule.of(0, 10)).getMessage()
                .contains("max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlantedTriangularSchedule.of(0.1, 0)).getMessage()
                .contains("iterations"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SlantedTriangularSchedule(0.1, 10, 1.0, 32)).getMessage().contains("cutFraction"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SlantedTriangularSchedule(0.1, 10, 0.1, 0.5)).getMessage().contains("ratio"));
    }

    @Test
    void theScheduleTravelsWithTheNetworksConfigurationAsJson() {
        IUpdater updater = LearningRateSchedule.SLANTED_TRIANGULAR.updater(Optimizer.ADAM, 0.01, 400);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(updater).list()
                .layer(new OutputLayer.Builder().nIn(3).nOut(2).build()).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        IUpdater read = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        Adam adam = assertInstanceOf(Adam.class, read);
        assertEquals(SlantedTriangularSchedule.of(0.01, 400), adam.getLearningRateSchedule());
        assertEquals(0.01, read.getLearningRate(40, 0), 1e-12);
        IUpdater constant = LearningRateSchedule.CONSTANT.updater(Optimizer.SGD, 0.01, 400);
        assertEquals(0.01, assertInstanceOf(Sgd.class, constant).getLearningRate(), 0.0);
    }
}
