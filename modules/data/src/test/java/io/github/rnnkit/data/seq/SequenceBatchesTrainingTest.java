package io.github.rnnkit.data.seq;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.RecurrentLayers;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The many-to-one wiring the classification preset builds on: token ids from {@link SequenceBatches} through
 * DL4J's {@code EmbeddingSequenceLayer}, one of rnnkit's recurrent layers under {@code LastTimeStep} (which
 * reads the last real step through the mask) and a softmax. A synthetic task, as a unit-sized check: the label
 * is whether the sequence's first token is even, so the answer has to be carried through the whole sequence
 * and through right padding of varying length; chance is 50%.
 */
class SequenceBatchesTrainingTest {
    private static List<SequenceBatches.Example> examples(int n, long seed) {
        Random r = new Random(seed);
        List<SequenceBatches.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[3 + r.nextInt(10)];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = 2 + r.nextInt(8);
            }
            out.add(SequenceBatches.Example.of(ids, ids[0] % 2 == 0 ? 1 : 0));
        }
        return out;
    }

    private static DataSet toDataSet(MultiDataSet m) {
        return new DataSet(m.getFeatures(0), m.getLabels(0), m.getFeaturesMaskArray(0), null);
    }

    @ParameterizedTest
    @EnumSource(value = RecurrentCell.class, names = {"LSTM", "GRU"})
    void anEmbeddingAndARecurrentLayerLearnToCarryTheFirstTokenThroughPadding(RecurrentCell cell) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.01)).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(10).nOut(8).outputDataFormat(RNNFormat.NCW).build())
                .layer(new LastTimeStep(RecurrentLayers.layer(cell, RecurrentImpl.RNNKIT, 8, 24, BidirectionalMode.NONE,
                        0.0)))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(24).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        SequenceBatches train = SequenceBatches.builder(examples(1600, 1), SequenceBatches.Labels.PER_SEQUENCE, 2)
                .batchSize(32).seed(2).build();
        for (int epoch = 0; epoch < 4; epoch++) {
            for (Iterator<MultiDataSet> it = train.epoch(epoch); it.hasNext(); ) {
                net.fit(toDataSet(it.next()));
            }
        }
        SequenceBatches test = SequenceBatches.builder(examples(400, 9), SequenceBatches.Labels.PER_SEQUENCE, 2)
                .batchSize(400).bucketPool(1).build();
        DataSet held = toDataSet(test.epoch(0).next());
        INDArray predicted = net.output(held.getFeatures(), false, held.getFeaturesMaskArray(), null).argMax(1);
        double accuracy = predicted.eq(held.getLabels().argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .meanNumber().doubleValue();
        assertTrue(accuracy > 0.9, cell + ": held-out accuracy " + accuracy + " (chance 0.5)");
    }
}
