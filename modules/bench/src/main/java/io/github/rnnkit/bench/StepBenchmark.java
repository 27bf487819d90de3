package io.github.rnnkit.bench;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentLayers;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.Random;

/**
 * Times one training step of {@code input -> recurrent layer -> softmax over the input vocabulary}
 * (forward, full BPTT backward, Adam update; cross-entropy at every step; float32), the protocol of
 * ../shared/BENCHMARKS.md, on DL4J's layers as built by {@link RecurrentLayers}.
 */
public final class StepBenchmark {

    /**
     * A reference shape.
     *
     * @param nIn    input features (= output classes)
     * @param hidden hidden units
     * @param steps  time steps T
     * @param batch  minibatch size
     */
    public record Shape(int nIn, int hidden, int steps, int batch) {
        /** Parses "64x256x50x32". */
        public static Shape parse(String s) {
            String[] p = s.toLowerCase(Locale.ROOT).split("x");
            if (p.length != 4) {
                throw new IllegalArgumentException("shape must be nInxHIDDENxTxBATCH, e.g. 64x256x50x32, got " + s);
            }
            return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[3]));
        }

        /** Training FLOPs per step: 3 x 2 x gates x H x (nIn + H) per token, plus the output projection. */
        public double flops(RecurrentCell cell) {
            double tokens = (double) steps * batch;
            return tokens * (3.0 * 2 * cell.gates() * hidden * (nIn + hidden) + 3.0 * 2 * hidden * nIn);
        }

        @Override
        public String toString() {
            return "(" + nIn + ", " + hidden + ", " + steps + ", " + batch + ")";
        }
    }

    private final MultiLayerNetwork network;
    private final DataSet batch;

    public StepBenchmark(RecurrentCell cell, Shape shape, long seed) {
        NeuralNetConfiguration.ListBuilder list = TrainingConfig.defaults().withSeed(seed)
                .applyTo(new NeuralNetConfiguration.Builder()).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).list();
        RecurrentLayers.stack(shape.nIn(), RecurrentSpec.of(cell, shape.hidden())).forEach(list::layer);
        list.layer(RecurrentLayers.softmaxOutput(shape.hidden(), shape.nIn()));
        network = new MultiLayerNetwork(list.build());
        network.init();
        Random r = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, shape.batch(), shape.nIn(), shape.steps());
        INDArray y = Nd4j.zeros(DataType.FLOAT, shape.batch(), shape.nIn(), shape.steps());
        for (int b = 0; b < shape.batch(); b++) {
            for (int t = 0; t < shape.steps(); t++) {
                x.putScalar(b, r.nextInt(shape.nIn()), t, 1f);
                y.putScalar(b, r.nextInt(shape.nIn()), t, 1f);
            }
        }
        batch = new DataSet(x, y);
    }

    /** Runs one step and returns its wall time in milliseconds. */
    public double step() {
        long t0 = System.nanoTime();
        network.fit(batch);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Milliseconds of one n x n x n float32 GEMM (the machine's practical limit). */
    public static double gemmMillis(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
        long t0 = System.nanoTime();
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        return (System.nanoTime() - t0) / 1e6;
    }
}
