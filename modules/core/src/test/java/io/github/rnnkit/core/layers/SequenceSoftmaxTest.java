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

/** rnnkit's sequence softmax gives DL4J's RnnOutputLayer(SPARSE_MCXENT)'s probabilities, score and gradients. */
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
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT).nIn(HIDDEN).nOut(CLASSES)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build();
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
        compare(DataType.DOUBLE, masked, 1e-12);
    }

    @Test
    void theFloatPathAgreesWithinFloatPrecision() {
        compare(DataType.FLOAT, true, 2e-5);
    }

    private static void compare(DataType type, boolean masked, double tolerance) {
        MultiLayerNetwork ref = net(dl4j(), type);
        MultiLayerNetwork fast = net(SequenceSoftmax.of(HIDDEN, CLASSES), type);
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
