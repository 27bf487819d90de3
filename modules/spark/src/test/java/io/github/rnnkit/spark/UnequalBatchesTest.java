package io.github.rnnkit.spark;

import io.github.rnnkit.core.train.TrainableNetwork;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's workers re-batch their partition to the master's batch size and train at most averagingFrequency of
 * the results: a round whose batches differ in size must still train every batch as it is, as a local run does.
 */
class UnequalBatchesTest {
    @TempDir
    Path dir;

    static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).list()
                .layer(new LSTM.Builder().nIn(3).nOut(6).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** {@code examples} random one-hot sequences of 5 steps whose label is the next step's input. */
    static MultiDataSet batch(int examples, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray steps = Nd4j.rand(DataType.FLOAT, examples, 1, 6).muli(3).castTo(DataType.INT32);
        INDArray x = Nd4j.zeros(DataType.FLOAT, examples, 3, 5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, examples, 3, 5);
        for (int e = 0; e < examples; e++) {
            for (int t = 0; t < 5; t++) {
                x.putScalar(new int[]{e, steps.getInt(e, 0, t), t}, 1);
                y.putScalar(new int[]{e, steps.getInt(e, 0, t + 1), t}, 1);
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(x, y);
    }

    @Test
    void aRoundOfUnequalBatchesTrainsEachBatchAsTheLocalRunDoes() {
        // one worker that averages every 3 minibatches is handed [3, 5, 5]: re-batched to the first size (3) it
        // would train 3 + 3 + 3 examples and drop 4, merged to 5 it would train other minibatches than these
        List<MultiDataSet> round = List.of(batch(3, 1), batch(5, 2), batch(5, 3));
        MultiLayerNetwork local = network();
        INDArray initial = local.params().dup();
        for (MultiDataSet b : round) {
            local.fit(TrainableNetwork.asDataSet(b));
        }
        MultiLayerNetwork onSpark = network();
        assertEquals(initial, onSpark.params(), "same seed, same initial parameters");
        int jobs;
        try (SparkEngine spark = SparkEngine.start(SparkSettings.of("local[1]").withWorkers(1).withAveragingFrequency(3)
                .withWorkDir(dir.resolve("spark")))) {
            assertEquals(3, spark.batchesPerRound());
            double score = spark.fitRound(TrainableNetwork.of(onSpark), round);
            assertTrue(Double.isFinite(score) && score > 0, "score " + score);
            jobs = spark.rounds();
        }
        double moved = local.params().sub(initial).norm2Number().doubleValue();
        double diff = local.params().sub(onSpark.params()).amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, "training moved the parameters by " + moved);
        assertTrue(diff < 1e-6, "local and Spark parameters differ by up to " + diff + " (moved " + moved + ")");
        assertEquals(local.getIterationCount(), onSpark.getIterationCount(), "Adam's step count");
        assertEquals(2, jobs, "one job for the batch of 3, one for the two batches of 5");
    }
}
