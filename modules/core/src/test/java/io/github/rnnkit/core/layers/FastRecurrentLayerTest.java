package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.RecurrentLayers;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * rnnkit's fast layers against DL4J's stock layers with the same parameters (the layouts are DL4J's): the same
 * outputs and, for full BPTT without masks (where DL4J's gradients are right), the same gradients. Odd sizes
 * (hidden 19, 37) leave a partial vector at the end of every row, so both the vector and the scalar tail run.
 * The GRU has no DL4J twin; the gradient-check module checks it (and these) against the hand-derived references.
 */
class FastRecurrentLayerTest {
    private static final int IN = 5;
    private static final int CLASSES = 4;

    private static MultiLayerNetwork net(RecurrentCell cell, RecurrentImpl impl, int hidden, DataType type) {
        Layer recurrent = RecurrentLayers.layer(cell, impl, IN, hidden, BidirectionalMode.NONE, 0.0);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).seed(3).updater(new Sgd(0.1))
                .list().layer(recurrent).layer(RecurrentLayers.softmaxOutput(hidden, CLASSES)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(int batch, int steps, DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(type, batch, IN, steps);
        INDArray y = Nd4j.zeros(type, batch, CLASSES, steps);
        java.util.Random r = new java.util.Random(seed);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(b, r.nextInt(CLASSES), t, 1.0);
            }
        }
        return new DataSet(x, y);
    }

    private static double maxRelDiff(INDArray a, INDArray b) {
        INDArray diff = a.sub(b);
        double scale = Math.max(1e-3, Math.max(a.amaxNumber().doubleValue(), b.amaxNumber().doubleValue()));
        return diff.amaxNumber().doubleValue() / scale;
    }

    /**
     * A stack on the data skips its first layer's input gradient: training takes the same steps as with it (fit
     * discards it), the layer hands back null, and the setting survives JSON.
     */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void aStackOnTheDataSkipsTheInputGradientAndTrainsTheSame(RecurrentCell cell) {
        io.github.rnnkit.core.RecurrentSpec spec = io.github.rnnkit.core.RecurrentSpec.of(cell, 8).withDepth(2);
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int i = 0; i < 2; i++) {
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                    .seed(3).updater(new Sgd(0.1)).list();
            (i == 0 ? RecurrentLayers.stack(IN, spec) : RecurrentLayers.stackOnData(IN, spec)).forEach(list::layer);
            nets[i] = new MultiLayerNetwork(list.layer(RecurrentLayers.softmaxOutput(8, CLASSES)).build());
            nets[i].init();
        }
        MultiLayerConfiguration onData = nets[1].getLayerWiseConfigurations();
        assertTrue(((FastRecurrent) onData.getConf(0).getLayer()).isSkipInputGradient());
        assertTrue(!((FastRecurrent) onData.getConf(1).getLayer()).isSkipInputGradient(), "only the first layer");
        assertTrue(((FastRecurrent) MultiLayerConfiguration.fromJson(onData.toJson()).getConf(0).getLayer())
                .isSkipInputGradient(), "survives JSON");
        nets[1].setParams(nets[0].params());
        for (int step = 0; step < 3; step++) {
            DataSet ds = batch(3, 6, DataType.FLOAT, step);
            nets[0].fit(ds);
            nets[1].fit(ds);
        }
        assertEquals(nets[0].params(), nets[1].params(), "the same training steps");
        assertEquals(Runtime.getRuntime().availableProcessors(),
                org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads(),
                "the layers' own-threads scopes gave OpenBLAS its threads back");
        for (int i = 0; i < 2; i++) {
            org.deeplearning4j.nn.api.Layer first = nets[i].getLayer(0);
            LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
            first.setInput(batch(3, 6, DataType.FLOAT, 9).getFeatures(), none);
            first.activate(true, none);
            Pair<Gradient, INDArray> p = first.backpropGradient(Nd4j.ones(DataType.FLOAT, 3, 8, 6), none);
            assertEquals(i == 1, p.getSecond() == null, "input gradient " + (i == 1 ? "skipped" : "computed"));
        }
    }

    /**
     * rnnTimeStep reuses two sets of state arrays instead of making new ones per call, but never overwrites the state a
     * caller took with rnnGetPreviousState: stepping on after handing it out leaves the caller's arrays as they were.
     */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void steppingReusesItsStateArraysButNeverOnesHandedOut(RecurrentCell cell) {
        MultiLayerNetwork net = net(cell, RecurrentImpl.RNNKIT, 8, DataType.FLOAT);
        INDArray x = batch(2, 6, DataType.FLOAT, 4).getFeatures();
        INDArray[] h = new INDArray[6];                 // the outputs under reuse: stepByStepMatchesTheWholeSequence
        for (int t = 0; t < 6; t++) {
            net.rnnTimeStep(x.get(all(), all(), interval(t, t + 1)));
            h[t] = ((FastRecurrentLayer) net.getLayer(0)).stepState();
        }
        assertTrue(h[3] == h[1] && h[5] == h[3] && h[4] == h[2] && h[2] != h[1], "two sets of arrays, alternating");
        Map<String, INDArray> held = net.rnnGetPreviousState(0);
        Map<String, INDArray> copy = new java.util.HashMap<>();
        held.forEach((k, v) -> copy.put(k, v.dup()));
        for (int t = 0; t < 3; t++) {
            net.rnnTimeStep(x.get(all(), all(), interval(t, t + 1)));
        }
        held.forEach((k, v) -> assertEquals(copy.get(k), v, "the handed-out " + k + " is left as it was"));
        net.rnnSetPreviousState(0, held);
        INDArray again = net.rnnTimeStep(x.get(all(), all(), interval(0, 1)));
        net.rnnSetPreviousState(0, copy);
        assertEquals(net.rnnTimeStep(x.get(all(), all(), interval(0, 1))), again, "stepping from the held state");
    }

    @ParameterizedTest
    @EnumSource(value = RecurrentCell.class, names = {"LSTM", "SIMPLE_RNN"})
    void matchesDl4jsStockLayerInDoublePrecision(RecurrentCell cell) {
        assertMatchesStock(cell, DataType.DOUBLE, 1e-10);
    }

    @ParameterizedTest
    @EnumSource(value = RecurrentCell.class, names = {"LSTM", "SIMPLE_RNN"})
    void matchesDl4jsStockLayerInFloat(RecurrentCell cell) {
        assertMatchesStock(cell, DataType.FLOAT, 2e-4);
    }

    /** Hidden 19 and 37 leave a partial vector per row; batch 1 takes the GEMV path of the per-step products. */
    private static void assertMatchesStock(RecurrentCell cell, DataType type, double tol) {
        for (int hidden : new int[]{19, 37}) {
          for (int examples : new int[]{1, 3}) {
            MultiLayerNetwork fast = net(cell, RecurrentImpl.RNNKIT, hidden, type);
            MultiLayerNetwork stock = net(cell, RecurrentImpl.DL4J, hidden, type);
            stock.setParams(fast.params());
            DataSet ds = batch(examples, 7, type, hidden);
            double out = maxRelDiff(fast.output(ds.getFeatures()), stock.output(ds.getFeatures()));
            assertTrue(out < tol, cell + " " + type + " hidden " + hidden + ": outputs differ by " + out);
            fast.setInput(ds.getFeatures());
            fast.setLabels(ds.getLabels());
            fast.computeGradientAndScore();
            stock.setInput(ds.getFeatures());
            stock.setLabels(ds.getLabels());
            stock.computeGradientAndScore();
            assertEquals(stock.score(), fast.score(), tol * Math.abs(stock.score()));
            Map<String, INDArray> g = stock.gradient().gradientForVariable();
            fast.gradient().gradientForVariable().forEach((key, v) -> {
                double d = maxRelDiff(v, g.get(key));
                assertTrue(d < tol * 10, cell + " " + type + " hidden " + hidden + " batch " + examples + ": gradient "
                        + key + " differs by " + d);
            });
          }
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void buffersReusedAcrossShapesGiveWhatFreshBuffersGive(RecurrentCell cell) {
        MultiLayerNetwork used = net(cell, RecurrentImpl.RNNKIT, 13, DataType.DOUBLE);
        MultiLayerNetwork fresh = net(cell, RecurrentImpl.RNNKIT, 13, DataType.DOUBLE);
        fresh.setParams(used.params());
        DataSet large = batch(4, 9, DataType.DOUBLE, 5);
        DataSet small = batch(2, 3, DataType.DOUBLE, 6);
        DataSet middle = batch(3, 6, DataType.DOUBLE, 7);
        used.setInput(large.getFeatures());
        used.setLabels(large.getLabels());
        used.computeGradientAndScore();                           // buffers grow to the large shape
        for (DataSet d : new DataSet[]{small, middle}) {
            used.setInput(d.getFeatures());
            used.setLabels(d.getLabels());
            used.computeGradientAndScore();
            fresh = net(cell, RecurrentImpl.RNNKIT, 13, DataType.DOUBLE);
            fresh.setParams(used.params());
            fresh.setInput(d.getFeatures());
            fresh.setLabels(d.getLabels());
            fresh.computeGradientAndScore();
            assertEquals(fresh.score(), used.score(), 1e-12, cell + " score");
            assertTrue(maxRelDiff(fresh.gradient().gradient(), used.gradient().gradient()) < 1e-12, cell + " gradient");
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void stepByStepMatchesTheWholeSequence(RecurrentCell cell) {
        MultiLayerNetwork net = net(cell, RecurrentImpl.RNNKIT, 11, DataType.DOUBLE);
        INDArray x = batch(2, 6, DataType.DOUBLE, 1).getFeatures();
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        for (int t = 0; t < 6; t++) {
            INDArray step = net.rnnTimeStep(x.get(all(), all(), interval(t, t + 1)));
            double d = maxRelDiff(whole.get(all(), all(), interval(t, t + 1)), step);
            assertTrue(d < 1e-12, cell + " step " + t + " differs by " + d);
        }
    }

    /**
     * Gradients through at most k steps are full BPTT over the last k steps started from the state carried into
     * them: truncation cuts the graph and does not reweight it. The cut steps get no input gradient.
     */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void truncatedBackpropIsFullBpttOverTheLastStepsFromTheCarriedState(RecurrentCell cell) {
        int examples = 3;
        int steps = 7;
        int back = 3;
        int end = steps - back;
        int hidden = 9;
        MultiLayerNetwork net = net(cell, RecurrentImpl.RNNKIT, hidden, DataType.DOUBLE);
        net.initGradientsView();
        FastRecurrentLayer layer = (FastRecurrentLayer) net.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = batch(examples, steps, DataType.DOUBLE, 21).getFeatures();
        Nd4j.getRandom().setSeed(22);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, examples, hidden, steps);

        layer.rnnClearPreviousState();
        layer.activate(x, true, mgr);
        Pair<Gradient, INDArray> full = layer.tbpttBackpropGradient(eps, -1, mgr);
        Map<String, INDArray> fullGrads = copy(full.getFirst());

        layer.activate(x, true, mgr);
        Pair<Gradient, INDArray> cut = layer.tbpttBackpropGradient(eps, back, mgr);
        Map<String, INDArray> cutGrads = copy(cut.getFirst());
        INDArray cutEps = cut.getSecond().dup();

        layer.rnnClearPreviousState();
        layer.rnnActivateUsingStoredState(x.get(all(), all(), interval(0, end)).dup(), true, true, mgr);
        layer.rnnActivateUsingStoredState(x.get(all(), all(), interval(end, steps)).dup(), true, false, mgr);
        Pair<Gradient, INDArray> ref = layer.backpropGradient(eps.get(all(), all(), interval(end, steps)).dup(), mgr);

        assertEquals(RecurrentParamInitializer.INSTANCE.paramKeys(layer.layerConf()).size(), cutGrads.size());
        cutGrads.forEach((key, g) -> {
            double d = maxRelDiff(g, ref.getFirst().getGradientFor(key));
            assertTrue(d < 1e-12, cell + ": truncated gradient " + key + " differs from the reference by " + d);
        });
        assertEquals(0.0, cutEps.get(all(), all(), interval(0, end)).amaxNumber().doubleValue(), 0.0,
                "cut steps get no input gradient");
        double dx = maxRelDiff(cutEps.get(all(), all(), interval(end, steps)), ref.getSecond());
        assertTrue(dx < 1e-12, cell + ": input gradient differs by " + dx);
        double fullVsCut = maxRelDiff(fullGrads.get("RW"), cutGrads.get("RW"));
        assertTrue(fullVsCut > 1e-6, cell + ": truncation changed nothing (" + fullVsCut + "), so the check is empty");
    }

    private static Map<String, INDArray> copy(Gradient g) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        g.gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    @Test
    void aShapeBeyondTheKernelsAddressRangeIsRefusedBeforeAllocating() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new Work(RecurrentCell.LSTM, DataType.FLOAT, 1000, 1000, 10, 1024, new Work.Storage()));
        assertTrue(e.getMessage().startsWith("a recurrent layer's work buffer for batch 1000 x 1000 steps x 4096 would "
                + "need 16384000000 bytes"), e.getMessage());
    }

    private static void randomise(Work... works) {
        Work first = works[0];
        for (int i = 0; i < first.all().size(); i++) {
            INDArray a = first.all().get(i);
            INDArray values = Nd4j.rand(DataType.FLOAT, a.shape()).subi(0.5).muli(4);
            for (Work w : works) {
                w.all().get(i).assign(values);
            }
        }
        INDArray mask = Nd4j.rand(DataType.FLOAT, first.mask.shape()).gt(0.3).castTo(DataType.FLOAT);
        for (Work w : works) {
            w.mask.assign(mask);
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void vectorAndScalarKernelsAgree(RecurrentCell cell) {
        assertTrue(Kernels.vectorised(), "the tests run with --add-modules jdk.incubator.vector");
        Kernels vector = Kernels.of(DataType.FLOAT);
        Kernels scalar = ScalarKernels.FLOAT;
        int steps = 4;
        Work v = new Work(cell, DataType.FLOAT, 3, steps, IN, 37, new Work.Storage());
        Work s = new Work(cell, DataType.FLOAT, 3, steps, IN, 37, new Work.Storage());
        randomise(v, s);
        for (int t = 0; t < steps; t++) {
            for (Work w : new Work[]{v, s}) {
                Kernels k = w == v ? vector : scalar;
                switch (cell) {
                    case LSTM -> k.lstmForward(w, t);
                    case GRU -> k.gruForward(w, t);
                    case SIMPLE_RNN -> k.rnnForward(w, t);
                }
            }
        }
        for (int t = steps - 1; t >= 0; t--) {
            for (Work w : new Work[]{v, s}) {
                Kernels k = w == v ? vector : scalar;
                switch (cell) {
                    case LSTM -> k.lstmBackward(w, t);
                    case GRU -> k.gruBackward(w, t, t > 0);
                    case SIMPLE_RNN -> k.rnnBackward(w, t);
                }
            }
        }
        for (int i = 0; i < v.all().size(); i++) {
            double d = v.all().get(i).sub(s.all().get(i)).amaxNumber().doubleValue();
            assertTrue(d < 1e-5, cell + ": buffer " + i + " differs by " + d);
        }
    }
}
