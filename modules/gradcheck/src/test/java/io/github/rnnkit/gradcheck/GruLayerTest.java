package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.layers.Gru;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.github.rnnkit.gradcheck.Dl4jLayersTest.BATCH;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.D;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.H;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.K;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.LENGTHS;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.T;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.addInto;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.matrix;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.transpose;
import static io.github.rnnkit.gradcheck.Dl4jLayersTest.transposeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rnnkit's GRU layer against the hand-derived GRU reference, DL4J's gradient checker, and its wrappers. */
class GruLayerTest {
    private final GradientChecker checker = GradientChecker.strict();

    static Gru gru() {
        return new Gru.Builder().nIn(D).nOut(H).dataFormat(RNNFormat.NCW).build();
    }

    static void copy(MultiLayerNetwork net, io.github.rnnkit.gradcheck.Gru.Params p) {
        net.setParam("0_W", matrix(p.W()));
        net.setParam("0_RW", matrix(p.RW()));
        net.setParam("0_b", Nd4j.create(p.b()).reshape(1, 3 * H));
        net.setParam("0_rb", Nd4j.create(p.rb()).reshape(1, 3 * H));
        net.setParam("1_W", transpose(p.V()));
        net.setParam("1_b", Nd4j.create(p.c()).reshape(1, K));
    }

    static List<Param> fromGradient(Map<String, INDArray> g) {
        return List.of(Param.matrix("W", g.get("0_W").toDoubleMatrix()),
                Param.matrix("RW", g.get("0_RW").toDoubleMatrix()),
                Param.vector("b", g.get("0_b").toDoubleVector()),
                Param.vector("rb", g.get("0_rb").toDoubleVector()),
                Param.matrix("V", transposeOf(g.get("1_W"))),
                Param.vector("c", g.get("1_b").toDoubleVector()));
    }

    @Test
    void matchesTheReferenceOnAMaskedBatch() {
        io.github.rnnkit.gradcheck.Gru.Params p = io.github.rnnkit.gradcheck.Gru.Params.random(D, H, K, 0.5, 51);
        MultiLayerNetwork net = Dl4jLayersTest.network(gru(), 0);
        copy(net, p);
        Dl4jLayersTest.Batch batch = Dl4jLayersTest.Batch.random(52);
        io.github.rnnkit.gradcheck.Gru.Params sum = io.github.rnnkit.gradcheck.Gru.Params.zerosLike(p);
        for (int b = 0; b < BATCH; b++) {
            addInto(sum.asList(), io.github.rnnkit.gradcheck.Gru.run(p, batch.x()[b], batch.y()[b], LENGTHS[b],
                    new double[H], true).grads().asList());
        }
        Dl4jLayersTest.dl4jGradient(net, batch.dataSet(), "0_W");
        GradientChecker.Report report = checker.compare(sum.asList(), fromGradient(net.gradient().gradientForVariable()));
        assertTrue(report.passed(), report.table("rnnkit GRU vs reference (masked batch)"));
    }

    /** Unlike DL4J M2.1's stock layers, every segment gets the true truncated gradient. */
    @Test
    void everyTruncatedBpttSegmentGetsTheTrueTruncatedGradient() {
        int k = 3;
        io.github.rnnkit.gradcheck.Gru.Params p = io.github.rnnkit.gradcheck.Gru.Params.random(D, H, K, 0.5, 61);
        MultiLayerNetwork net = Dl4jLayersTest.network(gru(), k);
        copy(net, p);
        Dl4jLayersTest.Batch batch = Dl4jLayersTest.Batch.random(62);
        List<Map<String, INDArray>> captured = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                Map<String, INDArray> copy = new HashMap<>();
                model.gradient().gradientForVariable().forEach((key, v) -> copy.put(key, v.dup()));
                captured.add(copy);
            }
        });
        net.fit(batch.dataSet());
        assertEquals(3, captured.size());
        double[][] carried = new double[BATCH][H];
        for (int seg = 0; seg < 3; seg++) {
            int from = seg * k;
            int to = Math.min(T, from + k);
            io.github.rnnkit.gradcheck.Gru.Params truth = io.github.rnnkit.gradcheck.Gru.Params.zerosLike(p);
            for (int b = 0; b < BATCH; b++) {
                int len = Math.max(0, Math.min(LENGTHS[b], to) - from);
                double[][] xs = Arrays.copyOfRange(batch.x()[b], from, to);
                int[] ys = Arrays.copyOfRange(batch.y()[b], from, to);
                addInto(truth.asList(), io.github.rnnkit.gradcheck.Gru.run(p, xs, ys, len, carried[b], true)
                        .grads().asList());
                // the layer zeroes h at masked steps, so a finished sequence carries zeros
                carried[b] = len < to - from ? new double[H]
                        : io.github.rnnkit.gradcheck.Gru.run(p, xs, ys, len, carried[b], false).hLast();
            }
            GradientChecker.Report report = checker.compare(truth.asList(), fromGradient(captured.get(seg)));
            assertTrue(report.passed(), report.table("rnnkit GRU tBPTT segment " + (seg + 1)));
        }
    }

    @Test
    void stepByStepGenerationGivesTheSameOutputsAsTheWholeSequence() {
        MultiLayerNetwork net = Dl4jLayersTest.network(gru(), 0);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, D, T);
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        for (int t = 0; t < T; t++) {
            INDArray step = net.rnnTimeStep(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)));
            INDArray expected = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t));
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

    @Test
    void passesDl4jsGradientCheckInsideBidirectional() {
        MultiLayerNetwork net = gradientCheckNet(new Bidirectional(Bidirectional.Mode.CONCAT, gru()),
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2 * H).nOut(K)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
        Dl4jLayersTest.Batch batch = Dl4jLayersTest.Batch.random(71);
        boolean ok = inDoublePrecision(() -> GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(batch.dataSet().getFeatures()).labels(batch.dataSet().getLabels())
                .inputMask(batch.dataSet().getFeaturesMaskArray()).labelMask(batch.dataSet().getLabelsMaskArray())
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)));
        assertTrue(ok, "DL4J's GradientCheckUtil on Bidirectional(Gru) with masks");
    }

    @Test
    void passesDl4jsGradientCheckInsideLastTimeStep() {
        MultiLayerNetwork net = gradientCheckNet(new LastTimeStep(gru()),
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(H).nOut(K)
                        .activation(Activation.SOFTMAX).build());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, D, 6);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, K);
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, i % K, 1.0);
        }
        boolean ok = inDoublePrecision(() -> GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(x).labels(y).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)));
        assertTrue(ok, "DL4J's GradientCheckUtil on LastTimeStep(Gru)");
    }
}
