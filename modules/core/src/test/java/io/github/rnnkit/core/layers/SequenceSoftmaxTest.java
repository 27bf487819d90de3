package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rnnkit's sequence softmax gives DL4J's RnnOutputLayer(SPARSE_MCXENT)'s probabilities, score and gradients, and
 * with one-hot labels RnnOutputLayer(MCXENT)'s.
 */
class SequenceSoftmaxTest {
    private static final int N_IN = 5;
    private static final int HIDDEN = 7;
    private static final int CLASSES = 11;

    private static MultiLayerNetwork net(Layer output, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new Lstm.Builder().nIn(N_IN).nOut(HIDDEN).dataFormat(RNNFormat.NCW).build())
                .layer(output)
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static RnnOutputLayer dl4j() {
        return dl4j(false);
    }

    private static RnnOutputLayer dl4j(boolean oneHot) {
        return new RnnOutputLayer.Builder(oneHot ? LossFunctions.LossFunction.MCXENT
                : LossFunctions.LossFunction.SPARSE_MCXENT).nIn(HIDDEN).nOut(CLASSES)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build();
    }

    /** Class indices [B, 1, T] as one-hot [B, V, T]; steps where {@code mask} is 0 get a row of zeros. */
    private static INDArray oneHot(INDArray indices, INDArray mask) {
        int batch = (int) indices.size(0);
        int steps = (int) indices.size(2);
        INDArray y = Nd4j.zeros(indices.dataType(), batch, CLASSES, steps);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                if (mask == null || mask.getDouble(b, t) != 0) {
                    y.putScalar(b, indices.getInt(b, 0, t), t, 1.0);
                }
            }
        }
        return y;
    }

    private static INDArray labels(int batch, int steps, Random r, DataType type) {
        INDArray y = Nd4j.create(type, batch, 1, steps);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(b, 0, t, r.nextInt(CLASSES));
            }
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void probabilitiesScoreAndGradientsEqualDl4jsLayerInDoublePrecision(boolean masked) {
        compare(DataType.DOUBLE, masked, 1e-12, false);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withOneHotLabelsItEqualsDl4jsMcxentLayer(boolean masked) {
        compare(DataType.DOUBLE, masked, 1e-12, true);
        compare(DataType.FLOAT, masked, 2e-5, true);
    }

    @Test
    void theFloatPathAgreesWithinFloatPrecision() {
        compare(DataType.FLOAT, true, 2e-5, false);
    }

    private static void compare(DataType type, boolean masked, double tolerance, boolean oneHot) {
        MultiLayerNetwork ref = net(dl4j(oneHot), type);
        MultiLayerNetwork fast = net(oneHot ? SequenceSoftmax.oneHot(HIDDEN, CLASSES)
                : SequenceSoftmax.of(HIDDEN, CLASSES), type);
        fast.setParams(ref.params());
        assertInstanceOf(SequenceSoftmaxLayer.class, fast.getLayer(1));
        Random r = new Random(7);
        int batch = 3;
        int steps = 6;
        INDArray x = Nd4j.rand(type, batch, N_IN, steps).subi(0.5);
        INDArray y = labels(batch, steps, r, type);
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.ones(type, batch, steps);
            mask.putScalar(0, 5, 0);
            mask.putScalar(0, 4, 0);
            mask.putScalar(2, 5, 0);
        }
        if (oneHot) {
            y = oneHot(y, mask);
            if (type == DataType.FLOAT) {
                y = y.dup('f');                        // labels in any order (DL4J's iterators hand over both)
            }
        }
        INDArray pRef = ref.output(x, false, mask, mask);
        INDArray pFast = fast.output(x, false, mask, mask);
        assertEquals(0.0, pRef.sub(pFast).amaxNumber().doubleValue(), tolerance, "probabilities");

        ref.setInput(x);
        ref.setLabels(y);
        ref.setLayerMaskArrays(mask, mask);
        ref.computeGradientAndScore();
        fast.setInput(x);
        fast.setLabels(y);
        fast.setLayerMaskArrays(mask, mask);
        fast.computeGradientAndScore();
        assertEquals(ref.score(), fast.score(), tolerance * Math.max(1, Math.abs(ref.score())), "score");
        INDArray gRef = ref.gradient().gradient();
        INDArray gFast = fast.gradient().gradient();
        double scale = Math.max(1e-3, gRef.amaxNumber().doubleValue());
        assertEquals(0.0, gRef.sub(gFast).amaxNumber().doubleValue() / scale, tolerance,
                "gradients (output layer and, through dx, the LSTM below)");
        assertTrue(gRef.amaxNumber().doubleValue() > 1e-3, "the comparison saw real gradients");
    }

    /** A time-major input is read in place and an ordinary one gathered first: the same probabilities and gradients. */
    @Test
    void timeMajorAndOrdinaryInputsGiveTheSameGradients() {
        MultiLayerNetwork fast = net(SequenceSoftmax.of(HIDDEN, CLASSES), DataType.FLOAT);
        fast.initGradientsView();
        org.deeplearning4j.nn.api.layers.IOutputLayer out =
                (org.deeplearning4j.nn.api.layers.IOutputLayer) fast.getLayer(1);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr none =
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        INDArray plain = Nd4j.rand(DataType.FLOAT, 3, HIDDEN, 4).subi(0.5);
        INDArray timeMajor = TimeMajor.timeMajorView(none, org.deeplearning4j.nn.workspace.ArrayType.INPUT,
                DataType.FLOAT, 3, HIDDEN, 4).assign(plain);
        assertTrue(TimeMajor.isDenseTimeMajor(timeMajor) && !TimeMajor.isDenseTimeMajor(plain));
        INDArray y = labels(3, 4, new Random(5), DataType.FLOAT);
        INDArray[] results = new INDArray[4];
        for (int i = 0; i < 2; i++) {
            out.setInput(i == 0 ? plain : timeMajor, none);
            out.setLabels(y);
            results[2 * i] = out.activate(false, none).dup();
            var pair = out.backpropGradient(null, none);
            results[2 * i + 1] = org.nd4j.linalg.factory.Nd4j.concat(0, pair.getSecond().dup('c').reshape(-1),
                    fast.getLayer(1).getGradientsViewArray().dup().reshape(-1));
        }
        assertEquals(results[0], results[2], "probabilities");
        assertEquals(results[1], results[3], "input gradient and parameter gradients");
        assertTrue(results[1].amaxNumber().doubleValue() > 1e-3, "real gradients compared");
    }

    @Test
    void trainingStepsMatchDl4jsLayer() {
        MultiLayerNetwork ref = net(dl4j(), DataType.DOUBLE);
        MultiLayerNetwork fast = net(SequenceSoftmax.of(HIDDEN, CLASSES), DataType.DOUBLE);
        fast.setParams(ref.params());
        Random r = new Random(11);
        for (int i = 0; i < 3; i++) {
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, N_IN, 5);
            INDArray y = labels(4, 5, r, DataType.DOUBLE);
            ref.fit(x, y);
            fast.fit(x, y);
        }
        assertEquals(0.0, ref.params().sub(fast.params()).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void oneHotTrainingStepsMatchDl4jsLayer() {
        MultiLayerNetwork ref = net(dl4j(true), DataType.DOUBLE);
        MultiLayerNetwork fast = net(SequenceSoftmax.oneHot(HIDDEN, CLASSES), DataType.DOUBLE);
        fast.setParams(ref.params());
        Random r = new Random(13);
        for (int i = 0; i < 3; i++) {
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, N_IN, 5);
            INDArray y = oneHot(labels(4, 5, r, DataType.DOUBLE), null);
            ref.fit(x, y);
            fast.fit(x, y);
        }
        assertEquals(0.0, ref.params().sub(fast.params()).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void softOrMissingOneHotLabelsAreRefusedNamingTheirPlace() {
        MultiLayerNetwork fast = net(SequenceSoftmax.oneHot(HIDDEN, CLASSES), DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, N_IN, 3);
        INDArray soft = oneHot(labels(2, 3, new Random(1), DataType.FLOAT), null);
        soft.putScalar(1, 4, 2, 0.5);
        soft.putScalar(1, 5, 2, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fast.fit(x, soft));
        assertTrue(e.getMessage().contains("example 1, step 2") && e.getMessage().contains("not one-hot"),
                e.getMessage());
        INDArray missing = oneHot(labels(2, 3, new Random(1), DataType.FLOAT), null);
        missing.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(0);
        e = assertThrows(IllegalArgumentException.class, () -> fast.fit(x, missing));
        assertTrue(e.getMessage().contains("example 0, step 1") && e.getMessage().contains("all zero"),
                e.getMessage());
        INDArray mask = Nd4j.ones(DataType.FLOAT, 2, 3);
        mask.putScalar(1, 2, 0);
        fast.fit(x, soft, mask, mask);                  // the soft labels sit at a masked step: not read
        e = assertThrows(IllegalArgumentException.class,
                () -> fast.fit(x, Nd4j.zeros(DataType.FLOAT, 2, 1, 3)));
        assertTrue(e.getMessage().contains("one-hot labels [batch, 11, time]"), e.getMessage());
        MultiLayerNetwork sparse = net(SequenceSoftmax.of(HIDDEN, CLASSES), DataType.FLOAT);
        e = assertThrows(IllegalArgumentException.class, () -> sparse.fit(x, soft));
        assertTrue(e.getMessage().contains("labels [batch, 1, time] of class indices"), e.getMessage());
    }

    @Test
    void theConfigurationSurvivesJson() {
        MultiLayerNetwork fast = net(SequenceSoftmax.of(HIDDEN, CLASSES), DataType.FLOAT);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(fast.getLayerWiseConfigurations().toJson());
        assertInstanceOf(SequenceSoftmax.class, back.getConf(1).getLayer());
        MultiLayerNetwork again = new MultiLayerNetwork(back);
        again.init(fast.params(), true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, N_IN, 4);
        assertEquals(0.0, fast.output(x).sub(again.output(x)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedNamingItsPlace() {
        MultiLayerNetwork fast = net(SequenceSoftmax.of(HIDDEN, CLASSES), DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 1, 3);
        y.putScalar(0, 0, 2, CLASSES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fast.fit(Nd4j.rand(DataType.FLOAT, 1, N_IN, 3), y));
        assertTrue(e.getMessage().contains("step 2") && e.getMessage().contains("[0, 11)"), e.getMessage());
    }
}
