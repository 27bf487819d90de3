package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.layers.SequencePooling.Mode;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequencePoolingTest {
    private static final int IN = 3;
    private static final int H = 4;
    private static final int CLASSES = 2;

    private static ComputationGraph graph(DataType type, boolean fused) {
        return graph(type, fused, false);
    }

    /**
     * input -> recurrent layer -> pooling (rnnkit's layer, or DL4J's composition) -> softmax. The recurrent layer is
     * DL4J's SimpleRnn (C-ordered output: the pooling copies it once) or rnnkit's Rnn (F-ordered output, read in
     * place).
     */
    private static ComputationGraph graph(DataType type, boolean fused, boolean rnnkitLayer) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(11).dataType(type)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .addLayer("rnn", rnnkitLayer ? new Rnn.Builder().nIn(IN).nOut(H).build()
                        : new SimpleRnn.Builder().nIn(IN).nOut(H).activation(Activation.TANH).build(), "in");
        if (fused) {
            g.addLayer("pool", SequencePooling.of(Mode.LAST, Mode.MAX, Mode.MEAN), "rnn");
        } else {
            g.addVertex("last", new LastTimeStepVertex("in"), "rnn")
                    .addLayer("max", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "rnn")
                    .addLayer("mean", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "rnn")
                    .addVertex("pool", new MergeVertex(), "last", "max", "mean");
        }
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3 * H).nOut(CLASSES)
                .activation(Activation.SOFTMAX).build(), "pool").setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** Right-padded lengths 5, 3, 1, 4 over 5 steps, and one example with a hole in the middle. */
    private static INDArray mask(DataType type) {
        int[] lengths = {5, 3, 1, 4, 5};
        INDArray m = Nd4j.zeros(type, lengths.length, 5);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m.putScalar(b, t, 1.0);
            }
        }
        m.putScalar(4, 2, 0.0);
        return m;
    }

    private static INDArray labels(DataType type, int batch) {
        INDArray y = Nd4j.zeros(type, batch, CLASSES);
        for (int b = 0; b < batch; b++) {
            y.putScalar(b, b % CLASSES, 1.0);
        }
        return y;
    }

    @ParameterizedTest(name = "after rnnkit's own recurrent layer: {0}")
    @ValueSource(booleans = {false, true})
    void valuesAndGradientsEqualDl4jsCompositionInDoublePrecision(boolean rnnkitLayer) {
        ComputationGraph fused = graph(DataType.DOUBLE, true, rnnkitLayer);
        ComputationGraph dl4j = graph(DataType.DOUBLE, false, rnnkitLayer);
        dl4j.setParams(fused.params());
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 5, IN, 5);
        INDArray m = mask(DataType.DOUBLE);
        INDArray y = labels(DataType.DOUBLE, 5);
        fused.setLayerMaskArrays(new INDArray[]{m}, null);
        INDArray pooled = fused.feedForward(new INDArray[]{x}, false, false).get("pool");
        dl4j.setLayerMaskArrays(new INDArray[]{m}, null);
        INDArray expected = dl4j.feedForward(new INDArray[]{x}, false, false).get("pool");
        assertEquals(0.0, pooled.sub(expected).amaxNumber().doubleValue(), 1e-12, "pooled " + pooled + " vs " + expected);

        fused.setInputs(x);
        fused.setLabels(y);
        fused.setLayerMaskArrays(new INDArray[]{m}, null);
        fused.computeGradientAndScore();
        dl4j.setInputs(x);
        dl4j.setLabels(y);
        dl4j.setLayerMaskArrays(new INDArray[]{m}, null);
        dl4j.computeGradientAndScore();
        assertEquals(dl4j.score(), fused.score(), 1e-12);
        INDArray gf = fused.gradient().gradient();
        INDArray gd = dl4j.gradient().gradient();
        assertTrue(gd.norm2Number().doubleValue() > 1e-3, "a real gradient");
        assertEquals(0.0, gf.sub(gd).amaxNumber().doubleValue(), 1e-12, "gradients " + gf + " vs " + gd);
    }

    @Test
    void gradientsMatchNumericalGradients() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = graph(DataType.DOUBLE, true);
            Nd4j.getRandom().setSeed(9);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 5, IN, 5);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[]{x}).labels(new INDArray[]{labels(DataType.DOUBLE, 5)})
                    .inputMask(new INDArray[]{mask(DataType.DOUBLE)})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "gradients through SequencePooling match numerical ones");
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    @Test
    void floatMatchesDoubleAndAllMaskedExamplesPoolToZeros() {
        ComputationGraph f = graph(DataType.FLOAT, true);
        ComputationGraph d = graph(DataType.DOUBLE, true);
        d.setParams(f.params().castTo(DataType.DOUBLE));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 5, IN, 5);
        INDArray m = mask(DataType.DOUBLE);
        m.getRow(1).assign(0.0);
        d.setLayerMaskArrays(new INDArray[]{m}, null);
        INDArray pd = d.feedForward(new INDArray[]{x}, false, false).get("pool");
        f.setLayerMaskArrays(new INDArray[]{m.castTo(DataType.FLOAT)}, null);
        INDArray pf = f.feedForward(new INDArray[]{x.castTo(DataType.FLOAT)}, false, false).get("pool");
        assertEquals(0.0, pf.castTo(DataType.DOUBLE).sub(pd).amaxNumber().doubleValue(), 1e-5);
        assertEquals(0.0, pd.getRow(1).amaxNumber().doubleValue(), "an example with no real step pools to zeros");
    }

    @Test
    void theMaximumIsAlwaysARealStepsValue() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("in").addLayer("pool", SequencePooling.of(Mode.MAX), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "pool").setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        INDArray x = Nd4j.createFromArray(new double[][][]{{{Double.NaN, 1, 2}, {Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 5}}});                      // [1, 2, 3]; step 2 is padding
        g.setLayerMaskArrays(new INDArray[]{Nd4j.createFromArray(new double[][]{{1, 1, 0}})}, null);
        INDArray pooled = g.feedForward(new INDArray[]{x}, false, false).get("pool");
        assertTrue(Double.isNaN(pooled.getDouble(0, 0)), "a NaN at the first real step is not hidden: " + pooled);
        assertEquals(Double.NEGATIVE_INFINITY, pooled.getDouble(0, 1), "the padded 5 does not count: " + pooled);
    }

    @Test
    void withoutAMaskEveryStepCounts() {
        ComputationGraph fused = graph(DataType.DOUBLE, true);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, IN, 4);
        INDArray rnn = fused.feedForward(new INDArray[]{x}, false, false).get("rnn");
        INDArray pooled = fused.feedForward(new INDArray[]{x}, false, false).get("pool");
        for (int b = 0; b < 2; b++) {
            for (int u = 0; u < H; u++) {
                INDArray row = rnn.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(u), org.nd4j.linalg.indexing.NDArrayIndex.all());
                assertEquals(row.getDouble(3), pooled.getDouble(b, u), 1e-15);
                assertEquals(row.maxNumber().doubleValue(), pooled.getDouble(b, H + u), 1e-15);
                assertEquals(row.meanNumber().doubleValue(), pooled.getDouble(b, 2 * H + u), 1e-12);
            }
        }
    }

    @Test
    void savesAndLoadsWithTheModelAndRejectsBadModes(@TempDir Path dir) throws Exception {
        ComputationGraph g = graph(DataType.FLOAT, true);
        Path file = dir.resolve("m.zip");
        ModelSerializer.writeModel(g, file.toFile(), false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, IN, 4);
        assertEquals(g.outputSingle(x), back.outputSingle(x));
        assertEquals(g.getConfiguration().toJson(), back.getConfiguration().toJson());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SequencePooling.of(Mode.MAX, Mode.MAX));
        assertTrue(twice.getMessage().contains("none twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, SequencePooling::of);
    }
}
