package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.layers.Gru;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * Beyond the suite: rnnkit's GRU step by step, and DL4J's own gradient checker ({@code GradientCheckUtil}) on
 * every recurrent layer rnnkit ships or wraps: DL4J's SimpleRnn and LSTM, Bidirectional(LSTM), rnnkit's Rnn, Lstm
 * and Gru alone, Bidirectional(Lstm) and Bidirectional(Gru) with masks, and LastTimeStep(Gru).
 */
class WrappedLayersTest {
    private static final CheckOptions O = CheckOptions.defaults().withMasks(true);

    static Gru gru() {
        return new Gru.Builder().nIn(O.inputs()).nOut(O.hidden()).dataFormat(RNNFormat.NCW).build();
    }

    @Test
    void stepByStepGenerationGivesTheSameOutputsAsTheWholeSequence() {
        MultiLayerNetwork net = GradientCheckSuite.network(gru(), O, 0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, O.inputs(), O.steps());
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        for (int t = 0; t < O.steps(); t++) {
            INDArray step = net.rnnTimeStep(x.get(all(), all(), interval(t, t + 1)));
            INDArray expected = whole.get(all(), all(), point(t));
            assertTrue(expected.equalsWithEps(step.reshape(expected.shape()), 1e-12), "step " + t);
        }
    }

    private static MultiLayerNetwork gradientCheckNet(org.deeplearning4j.nn.conf.layers.Layer recurrent,
                                                      org.deeplearning4j.nn.conf.layers.Layer out) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).seed(5).list().layer(recurrent).layer(out).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** DL4J's checker insists on double as the global default data type; restored afterwards. */
    private static boolean inDoublePrecision(java.util.function.BooleanSupplier check) {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return check.getAsBoolean();
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    private static boolean dl4jGradientCheck(org.deeplearning4j.nn.conf.layers.Layer recurrent, int outputSize,
                                             boolean masks) {
        MultiLayerNetwork net = gradientCheckNet(recurrent,
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(outputSize).nOut(O.classes())
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
        var ds = GradientCheckSuite.Batch.random(O.withMasks(masks), 81).dataSet();
        return inDoublePrecision(() -> GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(ds.getFeatures()).labels(ds.getLabels()).inputMask(ds.getFeaturesMaskArray())
                .labelMask(ds.getLabelsMaskArray()).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)));
    }

    @Test
    void dl4jsStockLayersPassDl4jsGradientCheckWithMasks() {
        var simple = layer(RecurrentCell.SIMPLE_RNN, RecurrentImpl.DL4J);
        var lstm = layer(RecurrentCell.LSTM, RecurrentImpl.DL4J);
        assertTrue(dl4jGradientCheck(simple, O.hidden(), true), "SimpleRnn");
        assertTrue(dl4jGradientCheck(lstm, O.hidden(), true), "LSTM");
        assertTrue(dl4jGradientCheck(new Bidirectional(Bidirectional.Mode.CONCAT, lstm), 2 * O.hidden(), true),
                "Bidirectional(LSTM) is self-consistent even where it lets leading padding in (LeadingMaskTest)");
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(RecurrentCell cell, RecurrentImpl impl) {
        return RecurrentLayers.layer(cell, impl, O.inputs(), O.hidden(), BidirectionalMode.NONE, 0.0);
    }

    @Test
    void rnnkitsLayersPassDl4jsGradientCheckAloneAndInsideBidirectionalWithMasks() {
        for (RecurrentCell cell : RecurrentCell.values()) {
            assertTrue(dl4jGradientCheck(layer(cell, RecurrentImpl.RNNKIT), O.hidden(), true), "rnnkit " + cell);
        }
        assertTrue(dl4jGradientCheck(new Bidirectional(Bidirectional.Mode.CONCAT,
                layer(RecurrentCell.LSTM, RecurrentImpl.RNNKIT)), 2 * O.hidden(), true), "Bidirectional(rnnkit Lstm)");
    }

    @Test
    void passesDl4jsGradientCheckInsideBidirectionalWithMasks() {
        MultiLayerNetwork net = gradientCheckNet(new Bidirectional(Bidirectional.Mode.CONCAT, gru()),
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2 * O.hidden()).nOut(O.classes())
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
        var ds = GradientCheckSuite.Batch.random(O, 71).dataSet();
        boolean ok = inDoublePrecision(() -> GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(ds.getFeatures()).labels(ds.getLabels()).inputMask(ds.getFeaturesMaskArray())
                .labelMask(ds.getLabelsMaskArray()).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)));
        assertTrue(ok, "DL4J's GradientCheckUtil on Bidirectional(Gru) with masks");
    }

    @Test
    void passesDl4jsGradientCheckInsideLastTimeStep() {
        MultiLayerNetwork net = gradientCheckNet(new LastTimeStep(gru()),
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(O.hidden()).nOut(O.classes())
                        .activation(Activation.SOFTMAX).build());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, O.inputs(), 6);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, O.classes());
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, i % O.classes(), 1.0);
        }
        boolean ok = inDoublePrecision(() -> GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(x).labels(y).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)));
        assertTrue(ok, "DL4J's GradientCheckUtil on LastTimeStep(Gru)");
    }
}
