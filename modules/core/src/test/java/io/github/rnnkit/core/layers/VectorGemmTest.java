package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-step product on the Vector API against a plain triple loop (every row tail, both packings, overwrite and
 * accumulate, one core and two), and the layers that use it (hidden a multiple of 64, batch up to 64) in float32
 * against the same layers in float64, where the products are OpenBLAS's: with the product alone, with the LSTM's
 * batch split across two threads, and with the large products split too.
 */
class VectorGemmTest {

    private static void assumeAvailable() {
        Assumptions.assumeTrue(Kernels.vectorised() && VectorGemm.AVAILABLE,
                "needs 512-bit vectors (AVX-512) and the Vector API module");
    }

    @Test
    void theProductMatchesAPlainLoopForEveryRowTailPackingAndMode() {
        assumeAvailable();
        Random r = new Random(5);
        for (int m : new int[]{1, 3, 4, 5, 32, 35}) {
            for (int k : new int[]{1, 7, 64}) {
                for (int n : new int[]{64, 128, 192}) {
                    float[] a = new float[m * k];
                    float[] b = new float[k * n];                // row-major k x n
                    for (int i = 0; i < a.length; i++) {
                        a[i] = r.nextFloat() - 0.5f;
                    }
                    for (int i = 0; i < b.length; i++) {
                        b[i] = r.nextFloat() - 0.5f;
                    }
                    int pad = 3;                                // C and B start inside their buffers
                    ByteBuffer direct = floats(pad + k * n);
                    ByteBuffer transposed = floats(pad + k * n);
                    for (int q = 0; q < k; q++) {
                        for (int j = 0; j < n; j++) {
                            direct.putFloat((pad + q * n + j) << 2, b[q * n + j]);
                            transposed.putFloat((pad + j * k + q) << 2, b[q * n + j]);
                        }
                    }
                    float[] packedDirect = new float[k * n];
                    float[] packedTransposed = new float[k * n];
                    VectorGemm.pack(direct, pad, k, n, false, packedDirect);
                    VectorGemm.pack(transposed, pad, k, n, true, packedTransposed);
                    for (boolean accumulate : new boolean[]{false, true}) {
                        for (boolean parallel : new boolean[]{false, true}) {
                            ByteBuffer c = floats(pad + m * n);
                            for (int i = 0; i < m * n; i++) {
                                c.putFloat((pad + i) << 2, i % 7 - 3);
                            }
                            VectorGemm.multiply(a, m, k, parallel ? packedTransposed : packedDirect, n, c, pad,
                                    accumulate, parallel);
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double want = accumulate ? (i * n + j) % 7 - 3 : 0;
                                    for (int q = 0; q < k; q++) {
                                        want += (double) a[i * k + q] * b[q * n + j];
                                    }
                                    float got = c.getFloat((pad + i * n + j) << 2);
                                    assertEquals(want, got, 1e-5 * (1 + k), "m " + m + " k " + k + " n " + n
                                            + (accumulate ? " accumulate" : "") + (parallel ? " parallel" : "")
                                            + ": C[" + i + ", " + j + "]");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static ByteBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
    }

    private static MultiLayerNetwork net(RecurrentCell cell, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).seed(3).updater(new Sgd(0.1))
                .list().layer(RecurrentLayers.layer(cell, RecurrentImpl.RNNKIT, 6, 64, BidirectionalMode.NONE, 0.0))
                .layer(RecurrentLayers.softmaxOutput(64, 4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void aLayerOnTheVectorProductGivesWhatItGivesInDoublePrecision(RecurrentCell cell) {
        assumeAvailable();
        boolean[] before = {FastRecurrentLayer.stepGemmEnabled, FastRecurrentLayer.batchSplit,
                FastRecurrentLayer.splitLarge, Blas.layerThreads};
        try {
            // the per-step product alone; then each half of the batch on its own core; then the large products split
            // between the two threads as well (as with -Drnnkit.ownThreads); then the default, the layer's own
            // threads for its pass (all of it, with OpenBLAS at one thread)
            for (int mode = 0; mode < 4; mode++) {
                compareWithDoublePrecision(cell, mode);
            }
        } finally {
            FastRecurrentLayer.stepGemmEnabled = before[0];
            FastRecurrentLayer.batchSplit = before[1];
            FastRecurrentLayer.splitLarge = before[2];
            Blas.layerThreads = before[3];
        }
    }

    /** The float32 layer in {@code mode} against the float64 one with every switch off (OpenBLAS, one time loop). */
    private static void compareWithDoublePrecision(RecurrentCell cell, int mode) {
        for (int batch : new int[]{3, 33}) {                           // a 1-row tail, and more than one tile
            MultiLayerNetwork f32 = net(cell, DataType.FLOAT);
            MultiLayerNetwork f64 = net(cell, DataType.DOUBLE);
            f64.setParams(f32.params().castTo(DataType.DOUBLE));
            Nd4j.getRandom().setSeed(batch);
            INDArray x = Nd4j.randn(DataType.DOUBLE, batch, 6, 9);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, batch, 4, 9);
            Random r = new Random(batch);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < 9; t++) {
                    y.putScalar(b, r.nextInt(4), t, 1.0);
                }
            }
            DataSet d64 = new DataSet(x, y);
            DataSet d32 = new DataSet(x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT));
            for (var pair : new Object[][]{{f32, d32}, {f64, d64}}) {
                MultiLayerNetwork net = (MultiLayerNetwork) pair[0];
                DataSet d = (DataSet) pair[1];
                boolean reference = net == f64;
                FastRecurrentLayer.stepGemmEnabled = !reference && mode < 3;
                FastRecurrentLayer.batchSplit = !reference && mode >= 1 && mode < 3;
                FastRecurrentLayer.splitLarge = !reference && mode == 2;
                Blas.layerThreads = mode == 3;
                long tasks = VectorGemm.helperTasksDone();
                net.setInput(d.getFeatures());
                net.setLabels(d.getLabels());
                net.computeGradientAndScore();
                if (!reference && mode == 3 && !Blas.singleThreaded() && Runtime.getRuntime()
                        .availableProcessors() > 1) {
                    assertTrue(VectorGemm.helperTasksDone() > tasks, "the layer's own threads used the helper");
                }
            }
            assertEquals(f64.score(), f32.score(), 1e-5 * Math.abs(f64.score()), cell + " mode " + mode + " batch " + batch
                    + " score");
            Map<String, INDArray> g64 = f64.gradient().gradientForVariable();
            f32.gradient().gradientForVariable().forEach((key, v) -> {
                INDArray want = g64.get(key);
                double scale = Math.max(1e-3, want.amaxNumber().doubleValue());
                double d = v.castTo(DataType.DOUBLE).sub(want).amaxNumber().doubleValue() / scale;
                assertTrue(d < 1e-4, cell + " mode " + mode + " batch " + batch + ": gradient " + key + " differs by " + d);
            });
        }
    }
}
