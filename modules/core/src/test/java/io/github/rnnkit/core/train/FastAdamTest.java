package io.github.rnnkit.core.train;

import io.github.rnnkit.core.layers.Updates;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.File;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastAdamTest {

    /**
     * Gradients over 1,003 elements (a vector tail), from 1e-22 (subnormal squares) to 10; every third element
     * negative, the same from step to step (moments that cancel would leave only rounding to compare).
     */
    private static INDArray gradient(Random r, DataType type) {
        INDArray g = Nd4j.create(type, 1003);
        for (int i = 0; i < g.length(); i++) {
            g.putScalar(i, (i % 3 == 0 ? -1 : 1) * Math.pow(10, -22 + 23 * r.nextDouble()));
        }
        return g;
    }

    /** Runs both updaters for 30 iterations on the same gradients; their updates and states must agree. */
    private static void assertSameSteps(IUpdater expected, IUpdater actual, DataType type, double tolerance) {
        INDArray stateE = Nd4j.create(type, 1, 2006);
        INDArray stateA = Nd4j.create(type, 1, 2006);
        GradientUpdater<?> e = expected.instantiate(stateE, true);
        GradientUpdater<?> a = actual.instantiate(stateA, true);
        Random r = new Random(3);
        for (int it = 0; it < 30; it++) {
            INDArray g = gradient(r, type);
            INDArray ge = g.dup();
            INDArray ga = g.dup();
            e.applyUpdater(ge, it, 0);
            a.applyUpdater(ga, it, 0);
            assertClose(ge, ga, tolerance, "update at iteration " + it);
            assertClose(stateE, stateA, tolerance, "m and v at iteration " + it);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
        for (int i = 0; i < e.length(); i++) {
            double x = e.getDouble(i);
            double y = a.getDouble(i);
            assertEquals(x, y, tolerance * Math.max(Math.abs(x), 1e-30), what + ", element " + i);
        }
    }

    @Test
    void float32UpdateMatchesDl4jsAdamOpIncludingTheBiasCorrectionAndTinyGradients() {
        INDArray g = Nd4j.create(DataType.FLOAT, 8);
        assertTrue(Updates.adam(g, Nd4j.create(DataType.FLOAT, 8), Nd4j.create(DataType.FLOAT, 8), 1e-3, 0.9, 0.999,
                1e-8, 0), "the one-pass update runs on dense float32 arrays (Vector API enabled in tests)");
        assertSameSteps(new Adam(0.01), new FastAdam(0.01), DataType.FLOAT, 2e-5);
    }

    @Test
    void learningRateScheduleIsFollowedPerIteration() {
        ExponentialSchedule schedule = new ExponentialSchedule(ScheduleType.ITERATION, 0.05, 0.8);
        assertSameSteps(new Adam(schedule), new FastAdam(schedule), DataType.FLOAT, 2e-5);
    }

    @Test
    void float64AndStridedArraysFallBackToNd4jsOp() {
        INDArray d = Nd4j.create(DataType.DOUBLE, 8);
        assertFalse(Updates.adam(d, d.dup(), d.dup(), 1e-3, 0.9, 0.999, 1e-8, 0));
        INDArray strided = Nd4j.create(DataType.FLOAT, 16).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 16));
        INDArray before = strided.dup();
        assertFalse(Updates.adam(strided, Nd4j.create(DataType.FLOAT, 8), Nd4j.create(DataType.FLOAT, 8), 1e-3, 0.9,
                0.999, 1e-8, 0));
        assertEquals(before, strided, "nothing changed when the pass declines");
        assertSameSteps(new Adam(0.01), new FastAdam(0.01), DataType.DOUBLE, 1e-12);
    }

    private static MultiLayerNetwork dense(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(7).nOut(33).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(33).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(Random r) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 7).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, r.nextInt(3), 1f);
        }
        return new DataSet(x, y);
    }

    @Test
    void networkTrainsAsWithDl4jsAdamAndSavesAndResumesWithItsState(@TempDir File dir) throws Exception {
        MultiLayerNetwork fast = dense(Optimizer.ADAM.toUpdater(0.01));
        MultiLayerNetwork plain = dense(new Adam(0.01));
        assertInstanceOf(FastAdam.class, ((BaseLayer) fast.getLayerWiseConfigurations().getConf(0).getLayer())
                .getIUpdater());
        Nd4j.getRandom().setSeed(9);
        Random r = new Random(9);
        DataSet[] batches = new DataSet[12];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = batch(r);
        }
        for (int i = 0; i < 6; i++) {
            fast.fit(batches[i]);
            plain.fit(batches[i]);
        }
        // six steps of ~0.01 each: a wrong bias correction or epsilon moves parameters by ~1e-3, rounding by ~1e-7
        INDArray gap = plain.params().sub(fast.params());
        assertTrue(gap.amaxNumber().doubleValue() < 1e-5, "parameters after 6 steps differ by " + gap.amaxNumber());

        File file = new File(dir, "net.zip");
        ModelSerializer.writeModel(fast, file, true);
        MultiLayerNetwork loaded = MultiLayerNetwork.load(file, true);
        IUpdater restored = ((BaseLayer) loaded.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        assertInstanceOf(FastAdam.class, restored, "the updater's class survives saving");
        assertEquals(0.01, ((Adam) restored).getLearningRate(), 0.0);
        assertEquals(fast.getLayerWiseConfigurations(), MultiLayerConfiguration.fromJson(
                fast.getLayerWiseConfigurations().toJson()));
        for (int i = 6; i < batches.length; i++) {
            fast.fit(batches[i]);
            loaded.fit(batches[i]);
        }
        assertEquals(fast.params(), loaded.params(), "resumed from the saved m and v, the steps are the same");
    }
}
