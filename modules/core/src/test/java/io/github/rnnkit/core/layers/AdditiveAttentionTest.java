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
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdditiveAttentionTest {
    private static final int H = 3;
    private static final int A = 4;
    private static final int E = 5;
    private static final int CLASSES = 3;

    /**
     * Target and source each through small RNNs: rq (queries), rqp (projected queries) on the target, rkp
     * (projected keys) and rv (values) on the source, so that a gradient check reaches all four input gradients
     * through parameters; then attention and an output layer.
     */
    private static ComputationGraph graph(DataType type, IUpdater updater, AdditiveAttention attention) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(updater).graphBuilder().addInputs("tgt", "src")
                .addLayer("rq", new SimpleRnn.Builder().nIn(2).nOut(H).activation(Activation.TANH).build(), "tgt")
                .addLayer("rqp", new SimpleRnn.Builder().nIn(2).nOut(A).activation(Activation.TANH).build(), "tgt")
                .addLayer("rkp", new SimpleRnn.Builder().nIn(2).nOut(A).activation(Activation.TANH).build(), "src")
                .addLayer("rv", new SimpleRnn.Builder().nIn(2).nOut(E).activation(Activation.TANH).build(), "src")
                .addVertex("att", attention, "rq", "rqp", "rkp", "rv")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(H + E)
                        .nOut(CLASSES).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "att")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static ComputationGraph graph() {
        ComputationGraph g = graph(DataType.DOUBLE, new NoOp(), new AdditiveAttention(H, A, E));
        // a larger v than the initial one, so that the weights are far from uniform
        g.paramTable().get("att_v").assign(Nd4j.createFromArray(2.0, -1.5, 1.0, 2.5));
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

    private static INDArray labels(int batch, int steps, long seed) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, batch, CLASSES, steps);
        Random r = new Random(seed);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(new long[]{b, r.nextInt(CLASSES), t}, 1.0);
            }
        }
        return y;
    }

    private static AdditiveAttentionVertex vertex(ComputationGraph g) {
        return (AdditiveAttentionVertex) g.getVertex("att");
    }

    @Test
    void gradientsMatchNumericalGradientsWithMaskedSourcesAndTargets() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = graph();
            assertEquals(A, g.paramTable().get("att_v").length(), "v is one of the graph's parameters");
            int batch = 3;
            int tt = 4;
            int ts = 5;
            Nd4j.getRandom().setSeed(3);
            INDArray tgt = Nd4j.randn(DataType.DOUBLE, batch, 2, tt);
            INDArray src = Nd4j.randn(DataType.DOUBLE, batch, 2, ts);
            INDArray y = labels(batch, tt, 4);
            INDArray qm = mask(batch, tt, 2);
            INDArray sm = mask(batch, ts, 2);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[]{tgt, src}).labels(new INDArray[]{y})
                    .inputMask(new INDArray[]{qm, sm}).labelMask(new INDArray[]{qm})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "gradients through AdditiveAttention (to v, and to Q, Qp, Kp and V through the RNNs "
                    + "in front) match numerical ones");
            INDArray dv = g.gradient().getGradientFor("att_v");
            assertTrue(dv.norm2Number().doubleValue() > 1e-6, "v has a real gradient: " + dv);
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
        INDArray tgt = Nd4j.randn(DataType.DOUBLE, batch, 2, tt);
        INDArray src = Nd4j.randn(DataType.DOUBLE, batch, 2, ts);
        INDArray sm = mask(batch, ts, 1);
        g.setLayerMaskArrays(new INDArray[]{null, sm}, null);
        g.feedForward(new INDArray[]{tgt, src}, false, false);
        INDArray w = vertex(g).lastWeights();                                     // [B, Tt, Ts]
        assertArrayEquals(new long[]{batch, tt, ts}, w.shape());
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
    void weightsAndContextFollowTheAdditiveScoreAndOneStepAttendEqualsTheVertex() {
        ComputationGraph g = graph();
        int batch = 2;
        int tt = 3;
        int ts = 5;
        INDArray tgt = Nd4j.randn(DataType.DOUBLE, batch, 2, tt);
        INDArray src = Nd4j.randn(DataType.DOUBLE, batch, 2, ts);
        INDArray sm = mask(batch, ts, 3);
        g.setLayerMaskArrays(new INDArray[]{null, sm}, null);
        Map<String, INDArray> acts = g.feedForward(new INDArray[]{tgt, src}, false, false);
        INDArray out = acts.get("att");
        INDArray weights = vertex(g).lastWeights();
        INDArray q = acts.get("rq");
        INDArray qp = acts.get("rqp");
        INDArray kp = acts.get("rkp");
        INDArray vals = acts.get("rv");
        INDArray v = g.paramTable().get("att_v");
        assertArrayEquals(new long[]{batch, H + E, tt}, out.shape());
        for (int t = 0; t < tt; t++) {
            for (int b = 0; b < batch; b++) {
                // by hand: score(t, s) = v . tanh(qp_t + kp_s), softmax over the unmasked steps
                double[] e = new double[ts];
                double sum = 0;
                for (int s = 0; s < ts; s++) {
                    double score = 0;
                    for (int i = 0; i < A; i++) {
                        score += v.getDouble(i) * Math.tanh(qp.getDouble(b, i, t) + kp.getDouble(b, i, s));
                    }
                    e[s] = sm.getDouble(b, s) == 0 ? 0 : Math.exp(score);
                    sum += e[s];
                }
                for (int s = 0; s < ts; s++) {
                    assertEquals(e[s] / sum, weights.getDouble(b, t, s), 1e-12, "weight b=" + b + " t=" + t
                            + " s=" + s);
                }
                for (int j = 0; j < E; j++) {
                    double c = 0;
                    for (int s = 0; s < ts; s++) {
                        c += e[s] / sum * vals.getDouble(b, j, s);
                    }
                    assertEquals(c, out.getDouble(b, H + j, t), 1e-12, "context b=" + b + " t=" + t);
                }
                for (int j = 0; j < H; j++) {
                    assertEquals(q.getDouble(b, j, t), out.getDouble(b, j, t), "the queries are copied");
                }
            }
            // the one-step attend gives the same for this target step
            INDArray qpStep = qp.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).dup();
            INDArray[] wc = AdditiveAttention.attend(qpStep, kp, vals, sm, v);
            assertArrayEquals(new long[]{batch, ts}, wc[0].shape());
            assertArrayEquals(new long[]{batch, E}, wc[1].shape());
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < ts; s++) {
                    assertEquals(weights.getDouble(b, t, s), wc[0].getDouble(b, s), 1e-12);
                }
                for (int j = 0; j < E; j++) {
                    assertEquals(out.getDouble(b, H + j, t), wc[1].getDouble(b, j), 1e-12);
                }
            }
        }
    }

    @Test
    void aPassWithoutMasksDoesNotReuseTheMaskOfAnEarlierPass() {
        ComputationGraph g = graph();
        INDArray tgt = Nd4j.randn(DataType.DOUBLE, 2, 2, 3);
        INDArray src = Nd4j.randn(DataType.DOUBLE, 2, 2, 5);
        INDArray unmasked = g.output(tgt, src)[0];
        INDArray m = mask(2, 5, 2);
        INDArray masked = g.output(false, new INDArray[]{tgt, src}, new INDArray[]{null, m})[0];
        assertFalse(unmasked.equalsWithEps(masked, 1e-9), "the mask changes the output");
        assertEquals(unmasked, g.output(tgt, src)[0]);
    }

    @Test
    void wrongWidthsAreRefusedNamingTheExpectedShapes() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("q", "qp", "kp", "v")
                .addVertex("att", new AdditiveAttention(3, 2, 4, new Sgd(0.1)), "q", "qp", "kp", "v")
                .setOutputs("att").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.output(
                Nd4j.zeros(DataType.DOUBLE, 1, 3, 2), Nd4j.zeros(DataType.DOUBLE, 1, 2, 2),
                Nd4j.zeros(DataType.DOUBLE, 1, 3, 5), Nd4j.zeros(DataType.DOUBLE, 1, 4, 5)));
        assertTrue(e.getMessage().contains("projected keys [B,2,Ts]"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> new AdditiveAttention(3, 0, 4));
        assertTrue(c.getMessage().contains("attention=0"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AdditiveAttention.attend(
                Nd4j.zeros(DataType.DOUBLE, 2, 3), Nd4j.zeros(DataType.DOUBLE, 2, 3, 4),
                Nd4j.zeros(DataType.DOUBLE, 2, 5, 4), null, Nd4j.zeros(DataType.DOUBLE, 2)));
    }

    @Test
    void configurationSurvivesJsonAndModelFiles(@TempDir Path dir) throws Exception {
        for (AdditiveAttention att : new AdditiveAttention[]{new AdditiveAttention(H, A, E),
                new AdditiveAttention(H, A, E, new Adam(0.02))}) {
            ComputationGraph g = graph(DataType.DOUBLE, new NoOp(), att);
            ComputationGraphConfiguration back =
                    ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
            assertEquals(g.getConfiguration(), back);
            assertEquals(att, back.getVertices().get("att"));
            Path file = dir.resolve("att" + (att.getUpdater() == null ? "" : "-adam") + ".zip");
            ModelSerializer.writeModel(g, file.toFile(), false);
            ComputationGraph loaded = ModelSerializer.restoreComputationGraph(file.toFile(), false);
            assertEquals(g.paramTable().get("att_v"), loaded.paramTable().get("att_v"));
            INDArray tgt = Nd4j.randn(DataType.DOUBLE, 2, 2, 3);
            INDArray src = Nd4j.randn(DataType.DOUBLE, 2, 2, 4);
            assertEquals(g.output(tgt, src)[0], loaded.output(tgt, src)[0]);
            assertEquals(att.getUpdater() == null ? new NoOp() : att.getUpdater(),
                    vertex(loaded).getConfig().getUpdaterByParam(AdditiveAttention.PARAM_V));
        }
    }

    private static MultiDataSet data(DataType type) {
        int batch = 4;
        int tt = 5;
        int ts = 6;
        Nd4j.getRandom().setSeed(11);
        INDArray tgt = Nd4j.randn(type, batch, 2, tt);
        INDArray src = Nd4j.randn(type, batch, 2, ts);
        INDArray qm = mask(batch, tt, 3).castTo(type);
        INDArray sm = mask(batch, ts, 3).castTo(type);
        return new MultiDataSet(new INDArray[]{tgt, src}, new INDArray[]{labels(batch, tt, 12).castTo(type)},
                new INDArray[]{qm, sm}, new INDArray[]{qm});
    }

    @Test
    void theGraphsAdamTrainsVAndLowersTheScore() {
        double lr = 0.05;
        ComputationGraph g = graph(DataType.FLOAT, new Adam(lr), new AdditiveAttention(H, A, E));
        assertEquals(new Adam(lr), vertex(g).getConfig().getUpdaterByParam(AdditiveAttention.PARAM_V),
                "without an updater of its own, v takes the one of the graph's layers");
        MultiDataSet data = data(DataType.FLOAT);
        double before = g.score(data);
        INDArray v0 = g.paramTable().get("att_v").castTo(DataType.DOUBLE).dup();

        g.setInputs(data.getFeatures());
        g.setLabels(data.getLabels());
        g.setLayerMaskArrays(data.getFeaturesMaskArrays(), data.getLabelsMaskArrays());
        g.computeGradientAndScore();
        INDArray grad = g.gradient().getGradientFor("att_v").castTo(DataType.DOUBLE).dup();
        g.clearLayerMaskArrays();

        g.fit(data);
        assertEquals(2 * g.params().length(), g.getUpdater().getStateViewArray().length(),
                "Adam keeps two state values for every parameter, v included");
        INDArray v1 = g.paramTable().get("att_v").castTo(DataType.DOUBLE).dup();
        // Adam's first step moves every entry by about lr against the sign of its gradient
        for (int i = 0; i < A; i++) {
            double g0 = grad.getDouble(i);
            assertTrue(Math.abs(g0) > 1e-3, "entry " + i + " of v has a gradient: " + grad);
            assertEquals(v0.getDouble(i) - lr * Math.signum(g0), v1.getDouble(i), 2e-3,
                    "v[" + i + "] after one Adam step (v0 " + v0 + ", gradient " + grad + ")");
        }
        for (int i = 0; i < 30; i++) {
            g.fit(data);
        }
        double after = g.score(data);
        assertTrue(after < before - 0.05, "the score drops: " + before + " -> " + after);
        assertFalse(g.paramTable().get("att_v").castTo(DataType.DOUBLE).equalsWithEps(v1, 1e-3), "v keeps moving");
    }

    @Test
    void anUpdaterGivenInTheConfigurationWinsAndTheUpdaterStateSurvivesModelFiles(@TempDir Path dir)
            throws Exception {
        ComputationGraph g = graph(DataType.DOUBLE, new Adam(0.01), new AdditiveAttention(H, A, E, new Sgd(0.5)));
        assertEquals(new Sgd(0.5), vertex(g).getConfig().getUpdaterByParam(AdditiveAttention.PARAM_V));
        MultiDataSet data = data(DataType.DOUBLE);
        INDArray v0 = g.paramTable().get("att_v").dup();
        g.setInputs(data.getFeatures());
        g.setLabels(data.getLabels());
        g.setLayerMaskArrays(data.getFeaturesMaskArrays(), data.getLabelsMaskArrays());
        g.computeGradientAndScore();
        INDArray grad = g.gradient().getGradientFor("att_v").dup();
        g.clearLayerMaskArrays();
        g.fit(data);
        // plain SGD on the minibatch mean: v1 = v0 - 0.5 * grad / batch
        INDArray expected = v0.sub(grad.mul(0.5 / data.getFeatures(0).size(0)));
        assertTrue(expected.equalsWithEps(g.paramTable().get("att_v"), 1e-10),
                "v after one SGD step: expected " + expected + ", got " + g.paramTable().get("att_v"));

        Path file = dir.resolve("trained.zip");
        ModelSerializer.writeModel(g, file.toFile(), true);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(file.toFile(), true);
        assertEquals(g.getUpdater().getStateViewArray(), loaded.getUpdater().getStateViewArray());
        g.fit(data);
        loaded.fit(data);
        assertEquals(g.params(), loaded.params(), "the restored graph trains on exactly as the original");
    }
}
