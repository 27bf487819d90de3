package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each time step's gate math divided between the caller and the helper thread (by examples), and its recurrent product
 * on OpenBLAS (by gate columns, hidden 64), as with {@code -Drnnkit.ownThreads=true}, give exactly what one thread
 * gives: outputs, score and every gradient (to float rounding), for every cell, with a mask, for batches that split evenly
 * and unevenly, hidden sizes with and without a partial vector at the end of a row. And the helper really ran its half.
 */
class GateSplitTest {

    private static MultiLayerNetwork net(RecurrentCell cell, int hidden) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(7)
                .updater(new Sgd(0.1)).list()
                .layer(RecurrentLayers.layer(cell, RecurrentImpl.RNNKIT, 5, hidden, BidirectionalMode.NONE, 0.0))
                .layer(RecurrentLayers.softmaxOutput(hidden, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void aStepSplitAcrossTwoThreadsGivesWhatOneThreadGives(RecurrentCell cell) {
        Assumptions.assumeTrue(Kernels.vectorised() && Runtime.getRuntime().availableProcessors() > 1,
                "needs the Vector API module and a second core");
        boolean enabled = FastRecurrentLayer.gateSplitEnabled;
        int min = FastRecurrentLayer.gateSplitMin;
        boolean large = FastRecurrentLayer.splitLarge;
        try {
            FastRecurrentLayer.gateSplitMin = 0;
            for (int hidden : new int[]{64, 19}) {
                for (int batch : new int[]{2, 3, 33}) {
                    compare(cell, hidden, batch);
                }
            }
        } finally {
            FastRecurrentLayer.gateSplitEnabled = enabled;
            FastRecurrentLayer.gateSplitMin = min;
            FastRecurrentLayer.splitLarge = large;
        }
    }

    private static void compare(RecurrentCell cell, int hidden, int batch) {
        int steps = 7;
        Nd4j.getRandom().setSeed(batch + hidden);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, 5, steps);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 3, steps);
        INDArray mask = Nd4j.ones(DataType.FLOAT, batch, steps);
        Random r = new Random(batch);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(b, r.nextInt(3), t, 1.0);
            }
            for (int t = steps - b % 3; t < steps; t++) {              // some sequences end early
                mask.putScalar(b, t, 0.0);
            }
        }
        String what = cell + " hidden " + hidden + " batch " + batch;
        MultiLayerNetwork one = net(cell, hidden);
        MultiLayerNetwork two = net(cell, hidden);
        two.setParams(one.params().dup());
        INDArray[] out = new INDArray[2];
        long helperBefore = 0;
        for (int i = 0; i < 2; i++) {
            MultiLayerNetwork net = i == 0 ? one : two;
            FastRecurrentLayer.gateSplitEnabled = i == 1;
            FastRecurrentLayer.splitLarge = i == 1;                    // as with OpenBLAS on one thread per call
            helperBefore = VectorGemm.helperTasksDone();
            out[i] = net.output(x, false, mask, mask);
            net.setInput(x);
            net.setLabels(y);
            net.setLayerMaskArrays(mask, mask);
            net.computeGradientAndScore();
        }
        // forward for output(), forward and backward for the gradient: 3 x steps tasks, less any while it was busy
        assertTrue(VectorGemm.helperTasksDone() - helperBefore >= steps, what + ": the helper ran "
                + (VectorGemm.helperTasksDone() - helperBefore) + " tasks");
        assertClose(out[0], out[1], what + ": output");
        assertEquals(one.score(), two.score(), 1e-6 * Math.abs(one.score()), what + ": score");
        Map<String, INDArray> g = one.gradient().gradientForVariable();
        two.gradient().gradientForVariable().forEach((key, v) -> assertClose(g.get(key), v, what + ": gradient " + key));
    }

    /**
     * Within 1e-5 of the largest magnitude: the gate math alone splits bit for bit, but OpenBLAS's products over half
     * the columns round differently in the last bits from its products over all of them.
     */
    private static void assertClose(INDArray want, INDArray got, String what) {
        double scale = Math.max(1e-3, want.amaxNumber().doubleValue());
        double d = got.castTo(DataType.DOUBLE).sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
        assertTrue(d < 1e-5, what + " differs by " + d + " of its largest magnitude");
    }
}
