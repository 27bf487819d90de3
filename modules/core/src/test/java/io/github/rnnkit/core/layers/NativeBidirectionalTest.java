package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.RecurrentSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bidirectional stack built from a forward and a {@code reverse} rnnkit layer computes what DL4J's
 * {@code Bidirectional} wrapper around the same layer computes: outputs on right-padded, masked batches, and
 * the parameters after training steps (double precision).
 */
class NativeBidirectionalTest {
    private static final int N_IN = 4;
    private static final int HIDDEN = 5;

    private static ComputationGraph graph(RecurrentSpec spec, boolean wrapper) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in");
        String top;
        if (wrapper) {
            String previous = "in";
            int nIn = N_IN;
            for (int i = 0; i < spec.depth(); i++) {
                g.addLayer("rnn" + i, RecurrentLayers.layer(spec.cell(), RecurrentImpl.RNNKIT, nIn, HIDDEN,
                        spec.bidirectional(), 0.0), previous);
                previous = "rnn" + i;
                nIn = spec.outputSize();
            }
            top = previous;
        } else {
            top = RecurrentLayers.addTo(g, "in", N_IN, spec, "rnn", UnaryOperator.identity());
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), top)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(spec.outputSize()).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(value = RecurrentCell.class)
    void forwardAndReverseLayersEqualTheBidirectionalWrapper(RecurrentCell cell) {
        RecurrentSpec spec = new RecurrentSpec(cell, HIDDEN, 2, BidirectionalMode.CONCAT, 0.0, RecurrentImpl.RNNKIT);
        ComputationGraph wrapped = graph(spec, true);
        ComputationGraph nativeBidi = graph(spec, false);
        assertEquals(wrapped.numParams(), nativeBidi.numParams());
        nativeBidi.setParams(wrapped.params());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, N_IN, 7).subi(0.5);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, 7);
        for (int t = 4; t < 7; t++) {
            mask.putScalar(1, t, 0);                  // example 1 has 4 steps, example 2 has 6
        }
        mask.putScalar(2, 6, 0);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        y.putScalar(0, 0, 1);
        y.putScalar(1, 2, 1);
        y.putScalar(2, 1, 1);
        INDArray a = wrapped.output(false, new INDArray[]{x}, new INDArray[]{mask}, null)[0];
        INDArray b = nativeBidi.output(false, new INDArray[]{x}, new INDArray[]{mask}, null)[0];
        assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), 1e-12, "outputs");
        MultiDataSet batch = new MultiDataSet(new INDArray[]{x}, new INDArray[]{y}, new INDArray[]{mask}, null);
        for (int i = 0; i < 3; i++) {
            wrapped.fit(batch);
            nativeBidi.fit(batch);
        }
        assertTrue(wrapped.params().sub(nativeBidi.params()).amaxNumber().doubleValue() < 1e-12, "parameters after 3 steps");
    }

    @Test
    void aReverseLayerRefusesToStream() {
        FastRecurrent bwd = new Lstm.Builder().nIn(N_IN).nOut(HIDDEN).build().reversed();
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("bwd", bwd, "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nIn(HIDDEN).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "bwd")
                .setOutputs("out").build());
        g.init();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> g.rnnTimeStep(Nd4j.rand(DataType.FLOAT, 1, N_IN, 2)));
        assertTrue(e.getMessage().contains("reverse"), e.getMessage());
    }
}
