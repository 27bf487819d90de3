package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.BatchReport;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link LayerThreads}: which networks a hold suits, that it keeps OpenBLAS at one thread, and the same numbers. */
class LayerThreadsTest {
    private static final int IN = 12;
    private static final int HIDDEN = 64;
    /** With 16 x 32 rows, each half of the softmax's three products is just large enough to be divided. */
    private static final int CLASSES = 256;
    private static final int BATCH = 16;
    private static final int STEPS = 32;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static MultiLayerNetwork network(RecurrentImpl impl, DataType type, Layer... extra) {
        NeuralNetConfiguration.ListBuilder list = TrainingConfig.defaults().withSeed(5)
                .applyTo(new NeuralNetConfiguration.Builder()).dataType(type).weightInit(WeightInit.XAVIER).list();
        RecurrentLayers.stackOnData(IN, RecurrentSpec.of(RecurrentCell.LSTM, HIDDEN).withImpl(impl)).forEach(list::layer);
        if (extra.length == 0) {
            list.layer(RecurrentLayers.softmaxOutput(HIDDEN, CLASSES, impl));
        } else {
            for (Layer l : extra) {
                list.layer(l);
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static DataSet batch(long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, BATCH, IN, STEPS);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                x.putScalar(b, r.nextInt(IN), t, 1f);
                y.putScalar(b, r.nextInt(CLASSES), t, 1f);
            }
        }
        return new DataSet(x, y);
    }

    @Test
    void suitsNetworksWhoseProductsAreAllRnnkitsOrSmall() {
        assertTrue(LayerThreads.suits(network(RecurrentImpl.RNNKIT, DataType.FLOAT)));
        assertFalse(LayerThreads.suits(network(RecurrentImpl.DL4J, DataType.FLOAT)), "DL4J's LSTM and output layer");
        Layer small = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(3)
                .activation(Activation.SOFTMAX).build();
        int wide = LayerThreads.SMALL_DENSE / HIDDEN + 1;
        Layer large = new DenseLayer.Builder().nIn(HIDDEN).nOut(wide).build();
        Layer after = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(wide).nOut(3)
                .activation(Activation.SOFTMAX).build();
        assertTrue(LayerThreads.suits(network(RecurrentImpl.RNNKIT, DataType.FLOAT, SequencePooling.of(
                SequencePooling.Mode.LAST), small)), "pooling and a 64 x 3 output layer");
        assertFalse(LayerThreads.suits(network(RecurrentImpl.RNNKIT, DataType.FLOAT, SequencePooling.of(
                SequencePooling.Mode.LAST), large, after)),
                "a dense layer of more than " + LayerThreads.SMALL_DENSE + " weights");
        try (LayerThreads held = LayerThreads.holdFor(network(RecurrentImpl.RNNKIT, DataType.DOUBLE))) {
            assertFalse(held.held(), "float64 passes never run on the layers' own threads");
        }
        try (LayerThreads held = LayerThreads.holdFor(network(RecurrentImpl.DL4J, DataType.FLOAT))) {
            assertFalse(held.held());
            assertEquals(CORES, openblas_nolapack.blas_get_num_threads());
        }
    }

    @Test
    void aHeldRunTakesTheSameStepsOnOneOpenBlasThreadAndGivesTheThreadsBack() {
        assumeTrue(CORES > 1 && Kernels.vectorised(), "needs two cores and the Vector API");
        MultiLayerNetwork perPass = network(RecurrentImpl.RNNKIT, DataType.FLOAT);
        MultiLayerNetwork held = network(RecurrentImpl.RNNKIT, DataType.FLOAT);
        held.setParams(perPass.params());
        for (int step = 0; step < 3; step++) {
            perPass.fit(batch(step));
        }
        long helperBefore = VectorGemm.helperTasksDone();
        try (LayerThreads hold = LayerThreads.holdFor(held)) {
            assertTrue(hold.held());
            for (int step = 0; step < 3; step++) {
                held.fit(batch(step));
                assertEquals(1, openblas_nolapack.blas_get_num_threads(), "still one thread after step " + step);
            }
        }
        assertTrue(VectorGemm.helperTasksDone() > helperBefore, "the helper thread took half the work");
        assertEquals(CORES, openblas_nolapack.blas_get_num_threads(), "the hold gave OpenBLAS its threads back");
        // the softmax divides its products by output rows under the hold, on OpenBLAS's threads without: same numbers
        assertEquals(perPass.params(), held.params());
        assertEquals(perPass.output(batch(7).getFeatures()), held.output(batch(7).getFeatures()));
        assertNotEquals(0.0, perPass.params().sub(network(RecurrentImpl.RNNKIT, DataType.FLOAT).params())
                .norm2Number().doubleValue(), "the steps changed the parameters");
    }

    @Test
    void theTrainerHoldsForTheWholeRun() {
        assumeTrue(CORES > 1 && Kernels.vectorised(), "needs two cores and the Vector API");
        MultiLayerNetwork net = network(RecurrentImpl.RNNKIT, DataType.FLOAT);
        BatchSource data = new BatchSource() {
            @Override
            public Iterator<MultiDataSet> epoch(int epoch) {
                List<MultiDataSet> out = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    DataSet d = batch(epoch * 10L + i);
                    out.add(new org.nd4j.linalg.dataset.MultiDataSet(d.getFeatures(), d.getLabels()));
                }
                return out.iterator();
            }

            @Override
            public long batchesPerEpoch() {
                return 3;
            }
        };
        List<Integer> threads = new ArrayList<>();
        TrainerListener probe = new TrainerListener() {
            @Override
            public void onBatch(BatchReport report) {
                threads.add(openblas_nolapack.blas_get_num_threads());
            }
        };
        new Trainer(TrainingConfig.defaults().withEpochs(2).withSeed(3)).addListener(probe)
                .fit(TrainableNetwork.of(net), data, null, null, null);
        assertEquals(List.of(1, 1, 1, 1, 1, 1), threads, "OpenBLAS on one thread between the batches too");
        assertEquals(CORES, openblas_nolapack.blas_get_num_threads(), "and every thread back after the run");
    }
}
