package io.github.rnnkit.core;

import io.github.rnnkit.core.layers.Lstm;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.layers.Rnn;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationTanH;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentLayersTest {
    @Test
    void rnnkitsLayersAreTheDefault() {
        List<Layer> layers = RecurrentLayers.stack(10, RecurrentSpec.of(RecurrentCell.LSTM, 7).withDepth(2));
        Lstm second = assertInstanceOf(Lstm.class, layers.get(1));
        assertEquals(7, second.getNIn());
        assertEquals(RNNFormat.NCW, second.getRnnDataFormat());
        assertEquals(1.0, second.getForgetGateBiasInit(), 0.0, "DL4J's LSTM default");
        assertInstanceOf(Rnn.class, RecurrentLayers.stack(3, RecurrentSpec.of(RecurrentCell.SIMPLE_RNN, 4)).get(0));
    }

    @Test
    void dl4jsLstmLayersAlwaysUseTanhAndNcw() {
        List<Layer> layers = RecurrentLayers.stack(10, RecurrentSpec.of(RecurrentCell.LSTM, 7).withDepth(3)
                .withImpl(RecurrentImpl.DL4J));
        assertEquals(3, layers.size());
        for (Layer l : layers) {
            LSTM lstm = assertInstanceOf(LSTM.class, l);
            assertInstanceOf(ActivationTanH.class, lstm.getActivationFn(), "DL4J defaults LSTM to sigmoid");
            assertEquals(RNNFormat.NCW, lstm.getRnnDataFormat());
        }
        assertEquals(10, ((LSTM) layers.get(0)).getNIn());
        assertEquals(7, ((LSTM) layers.get(2)).getNIn());
    }

    @Test
    void dropoutIsTheProbabilityOfDroppingAndSkipsTheFirstLayer() {
        List<Layer> layers = RecurrentLayers.stack(4, RecurrentSpec.of(RecurrentCell.SIMPLE_RNN, 5).withDepth(2)
                .withDropout(0.25).withImpl(RecurrentImpl.DL4J));
        assertNull(layers.get(0).getIDropout());
        SimpleRnn second = assertInstanceOf(SimpleRnn.class, layers.get(1));
        org.deeplearning4j.nn.conf.dropout.Dropout d =
                assertInstanceOf(org.deeplearning4j.nn.conf.dropout.Dropout.class, second.getIDropout());
        assertEquals(0.75, d.getP(), 1e-12, "DL4J's p is the probability of keeping");
    }

    @Test
    void bidirectionalConcatDoublesTheNextLayersInput() {
        RecurrentSpec spec = RecurrentSpec.of(RecurrentCell.LSTM, 6).withDepth(2)
                .withBidirectional(BidirectionalMode.CONCAT);
        List<Layer> layers = RecurrentLayers.stack(3, spec);
        Bidirectional second = assertInstanceOf(Bidirectional.class, layers.get(1));
        assertEquals(12, ((Lstm) second.getFwd()).getNIn());
        assertEquals(12, spec.outputSize());
        assertEquals(6, spec.withBidirectional(BidirectionalMode.ADD).outputSize());
    }

    @Test
    void gruLayersAreRnnkitsOwn() {
        List<Layer> layers = RecurrentLayers.stack(3, RecurrentSpec.of(RecurrentCell.GRU, 4).withDepth(2)
                .withDropout(0.1));
        io.github.rnnkit.core.layers.Gru second = assertInstanceOf(io.github.rnnkit.core.layers.Gru.class, layers.get(1));
        assertEquals(4, second.getNIn());
        assertEquals(RNNFormat.NCW, second.getRnnDataFormat());
        assertEquals(3, RecurrentCell.GRU.gates());
    }

    @Test
    void dl4jHasNoGru() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecurrentSpec.of(RecurrentCell.GRU, 4).withImpl(RecurrentImpl.DL4J));
        assertEquals("impl DL4J has no GRU cell; use impl RNNKIT (the default) for GRU", e.getMessage());
        assertEquals(RecurrentImpl.RNNKIT, new RecurrentSpec(RecurrentCell.LSTM, 4, 1, BidirectionalMode.NONE, 0.0, null)
                .impl(), "null (a config saved before impl existed) means the default");
    }

    @Test
    void outputLayerReadsNcw() {
        RnnOutputLayer out = RecurrentLayers.softmaxOutput(8, 3);
        assertEquals(RNNFormat.NCW, out.getRnnDataFormat(), "DL4J's builder leaves it null and reads NWC");
    }

    @Test
    void withersChangeOneComponent() {
        RecurrentSpec spec = RecurrentSpec.of(RecurrentCell.LSTM, 8);
        assertEquals(new RecurrentSpec(RecurrentCell.GRU, 8, 1, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT),
                spec.withCell(RecurrentCell.GRU));
        assertEquals(new RecurrentSpec(RecurrentCell.LSTM, 16, 1, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT),
                spec.withHiddenSize(16));
        assertEquals(RecurrentImpl.DL4J, spec.withImpl(RecurrentImpl.DL4J).impl());
    }

    @Test
    void invalidSpecsAreRefusedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecurrentSpec.of(RecurrentCell.LSTM, 0));
        assertEquals("hiddenSize must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RecurrentSpec.of(RecurrentCell.LSTM, 4).withDropout(1.0));
        assertTrue(e.getMessage().startsWith("dropout must be in [0, 1)"));
        assertThrows(IllegalArgumentException.class, () -> RecurrentLayers.stack(0, RecurrentSpec.of(RecurrentCell.LSTM, 4)));
    }
}
