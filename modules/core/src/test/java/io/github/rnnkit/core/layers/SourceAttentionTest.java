package io.github.rnnkit.core.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceAttentionTest {
    private static final int H = 3;
    private static final int E = 4;
    private static final int CLASSES = 3;

    /** q, k, v each through a small RNN (so that the check reaches dQ, dK, dV through parameters), then attention. */
    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("q", "k", "v")
                .addLayer("rq", new SimpleRnn.Builder().nIn(2).nOut(H).activation(Activation.TANH).build(), "q")
                .addLayer("rk", new SimpleRnn.Builder().nIn(2).nOut(H).activation(Activation.TANH).build(), "k")
                .addLayer("rv", new SimpleRnn.Builder().nIn(2).nOut(E).activation(Activation.TANH).build(), "v")
                .addVertex("att", new SourceAttention(H, E), "rq", "rk", "rv")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(H + E)
                        .nOut(CLASSES).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "att")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static INDArray mask(int batch, int steps, int shortest) {
        INDArray m = Nd4j.ones(DataType.DOUBLE, batch, steps);
        for (int b = 0; b < batch; b++) {
            int len = Math.max(shortest, steps - b);
            for (int t = len; t < steps; t++) {
                m.putScalar(b, t, 0.0);
            }
        }
        return m;
    }

    @Test
    void gradientsMatchNumericalGradientsWithMaskedSourcesAndTargets() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = graph();
            int batch = 3;
            int tt = 4;
            int ts = 5;
            Nd4j.getRandom().setSeed(3);
            INDArray q = Nd4j.randn(DataType.DOUBLE, batch, 2, tt);
            INDArray src = Nd4j.randn(DataType.DOUBLE, batch, 2, ts);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, batch, CLASSES, tt);
            Random r = new Random(4);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < tt; t++) {
                    y.putScalar(new long[]{b, r.nextInt(CLASSES), t}, 1.0);
                }
            }
            INDArray qm = mask(batch, tt, 2);
            INDArray sm = mask(batch, ts, 2);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[]{q, src, src}).labels(new INDArray[]{y})
                    .inputMask(new INDArray[]{qm, sm, sm}).labelMask(new INDArray[]{qm})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "gradients through SourceAttention (to queries, keys and values) match numerical ones");
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    @Test
    void weightsSumToOneOverSourceStepsAndAreZeroOnPadding() {
        ComputationGraph g = graph();
        int batch = 3;
        int tt = 4;
        int ts = 6;
        INDArray q = Nd4j.randn(DataType.DOUBLE, batch, 2, tt);
        INDArray src = Nd4j.randn(DataType.DOUBLE, batch, 2, ts);
        INDArray sm = mask(batch, ts, 1);
        g.setLayerMaskArrays(new INDArray[]{null, sm, sm}, null);
        g.feedForward(new INDArray[]{q, src, src}, false, false);
        INDArray w = ((SourceAttentionVertex) g.getVertex("att")).lastWeights();     // [B, Tt, Ts]
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < tt; t++) {
                double sum = 0;
                for (int s = 0; s < ts; s++) {
                    double a = w.getDouble(b, t, s);
                    if (sm.getDouble(b, s) == 0) {
                        assertEquals(0.0, a, "weight on a padded source step (row " + b + ", step " + s + ")");
                    } else {
                        assertTrue(a > 0);
                    }
                    sum += a;
                }
                assertEquals(1.0, sum, 1e-12);
            }
        }
    }

    @Test
    void oneStepAttendEqualsTheVertexAtEveryTargetStep() {
        ComputationGraph g = graph();
        int batch = 2;
        int tt = 3;
        int ts = 5;
        INDArray q = Nd4j.randn(DataType.DOUBLE, batch, 2, tt);
        INDArray src = Nd4j.randn(DataType.DOUBLE, batch, 2, ts);
        INDArray sm = mask(batch, ts, 3);
        g.setLayerMaskArrays(new INDArray[]{null, sm, sm}, null);
        Map<String, INDArray> acts = g.feedForward(new INDArray[]{q, src, src}, false, false);
        INDArray out = acts.get("att");
        INDArray rq = acts.get("rq");
        for (int t = 0; t < tt; t++) {
            INDArray query = rq.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t));
            INDArray[] wc = SourceAttention.attend(query.dup(), acts.get("rk"), acts.get("rv"), sm);
            for (int b = 0; b < batch; b++) {
                for (int e = 0; e < E; e++) {
                    assertEquals(out.getDouble(b, H + e, t), wc[1].getDouble(b, e), 1e-12);
                }
            }
        }
    }

    @Test
    void aPassWithoutMasksDoesNotReuseTheMaskOfAnEarlierPass() {
        ComputationGraph g = graph();
        INDArray q = Nd4j.randn(DataType.DOUBLE, 2, 2, 3);
        INDArray src = Nd4j.randn(DataType.DOUBLE, 2, 2, 5);
        INDArray unmasked = g.output(q, src, src)[0];
        INDArray m = mask(2, 5, 2);
        INDArray masked = g.output(false, new INDArray[]{q, src, src}, new INDArray[]{null, m, m})[0];
        assertTrue(!unmasked.equalsWithEps(masked, 1e-9), "the mask changes the output");
        assertEquals(unmasked, g.output(q, src, src)[0]);
    }

    @Test
    void wrongWidthsAreRefusedNamingTheExpectedShapes() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("q", "k", "v").addVertex("att", new SourceAttention(3, 4), "q", "k", "v")
                .setOutputs("att").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.output(
                Nd4j.zeros(DataType.DOUBLE, 1, 3, 2), Nd4j.zeros(DataType.DOUBLE, 1, 2, 5),
                Nd4j.zeros(DataType.DOUBLE, 1, 4, 5)));
        assertTrue(e.getMessage().contains("keys [B,3,Ts]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SourceAttention(0, 4));
    }

    @Test
    void configurationSurvivesJsonAndModelFiles(@TempDir Path dir) throws Exception {
        ComputationGraph g = graph();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        assertEquals(g.getConfiguration(), back);
        Path file = dir.resolve("att.zip");
        ModelSerializer.writeModel(g, file.toFile(), false);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        INDArray q = Nd4j.randn(DataType.DOUBLE, 2, 2, 3);
        INDArray src = Nd4j.randn(DataType.DOUBLE, 2, 2, 4);
        assertEquals(g.output(q, src, src)[0], loaded.output(q, src, src)[0]);
    }
}
