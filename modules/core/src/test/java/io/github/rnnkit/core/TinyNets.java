package io.github.rnnkit.core;

import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.core.train.TrainingConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/** Small networks and synthetic sequence batches for unit-sized checks of the training core. */
public final class TinyNets {
    public static final int CLASSES = 5;

    private TinyNets() {
    }

    /** One LSTM layer of 6 (or the given spec) and a softmax over 5 classes per step, double precision. */
    public static MultiLayerNetwork network(RecurrentSpec spec, TrainingConfig training) {
        NeuralNetConfiguration.ListBuilder list = training.applyTo(new NeuralNetConfiguration.Builder())
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).list();
        RecurrentLayers.stack(CLASSES, spec).forEach(list::layer);
        list.layer(RecurrentLayers.softmaxOutput(spec.outputSize(), CLASSES));
        training.applyTo(list);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /**
     * A synthetic "predict the previous symbol" task: one-hot inputs over 5 symbols, labels = the input
     * one step earlier. Batches depend only on (seed, epoch, index).
     */
    public static BatchSource echoTask(int batches, int batchSize, int steps, long seed) {
        return new BatchSource() {
            @Override
            public Iterator<MultiDataSet> epoch(int epoch) {
                List<MultiDataSet> out = new ArrayList<>();
                SplittableRandom r = new SplittableRandom(seed * 31 + epoch);
                for (int b = 0; b < batches; b++) {
                    out.add(echoBatch(r, batchSize, steps));
                }
                return out.iterator();
            }

            @Override
            public long batchesPerEpoch() {
                return batches;
            }
        };
    }

    public static MultiDataSet echoBatch(SplittableRandom r, int batchSize, int steps) {
        INDArray f = Nd4j.zeros(DataType.DOUBLE, batchSize, CLASSES, steps);
        INDArray l = Nd4j.zeros(DataType.DOUBLE, batchSize, CLASSES, steps);
        for (int i = 0; i < batchSize; i++) {
            int prev = 0;
            for (int t = 0; t < steps; t++) {
                int x = r.nextInt(CLASSES);
                f.putScalar(i, x, t, 1.0);
                l.putScalar(i, prev, t, 1.0);
                prev = x;
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(f, l);
    }
}
