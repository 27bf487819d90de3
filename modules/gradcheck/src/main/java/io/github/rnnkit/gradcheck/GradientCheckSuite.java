package io.github.rnnkit.gradcheck;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.RecurrentLayers;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The checks behind {@code rnnkit gradcheck}, in double precision at tiny sizes:
 * <ol>
 *   <li>each reference cell's hand-derived backward against numerical gradients;</li>
 *   <li>each DL4J layer (DL4J's {@code SimpleRnn} and {@code LSTM}, rnnkit's GRU) against its reference with
 *       the same parameters copied in, on a batch of variable-length sequences when masks are asked for;</li>
 *   <li>with truncated BPTT, every segment's gradient: against the true truncated gradient where the layer
 *       computes it (rnnkit's GRU; every layer's first segment), and against the documented model of DL4J
 *       M2.1's deviation for the stock layers' later segments (docs/design.md);</li>
 *   <li>a negative control: a backward with the recurrent term dropped, which must be reported as failing.</li>
 * </ol>
 */
public final class GradientCheckSuite {

    /**
     * One check.
     *
     * @param name       what was compared with what
     * @param report     per-parameter errors
     * @param mustPass   whether passing is the expected outcome (false for the negative control)
     * @param note       extra context (e.g. the distance of DL4J's gradient from the true one), or ""
     */
    public record Check(String name, GradientChecker.Report report, boolean mustPass, String note) {
        /** Whether the outcome is the expected one. */
        public boolean asExpected() {
            return report.passed() == mustPass;
        }
    }

    private final CheckOptions options;
    private final GradientChecker checker = GradientChecker.strict();

    public GradientCheckSuite(CheckOptions options) {
        this.options = options;
    }

    /** Runs every check for {@code cells}, plus the negative control. */
    public List<Check> run(Collection<RecurrentCell> cells) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("cells must not be empty");
        }
        List<Check> checks = new ArrayList<>();
        long seed = options.seed();
        for (RecurrentCell cell : cells) {
            checks.add(referenceCheck(ReferenceCell.random(cell, options, seed + 10), seed + 11));
            ReferenceCell ref = ReferenceCell.random(cell, options, seed + 20);
            for (RecurrentImpl impl : ref.impls()) {
                checks.add(layerCheck(ref, impl, seed + 21));
                if (options.tbptt() > 0) {
                    checks.addAll(truncatedChecks(ReferenceCell.random(cell, options, seed + 30), impl, seed + 31));
                }
            }
        }
        if (cells.contains(RecurrentCell.LSTM)) {
            checks.addAll(bidirectionalLstmChecks(seed + 50));
        }
        checks.add(negativeControl(seed + 40));
        return checks;
    }

    /** The reference's backward against numerical gradients on one sequence. */
    Check referenceCheck(ReferenceCell ref, long seed) {
        Batch data = Batch.random(options, seed);
        double[][] x = data.x()[0];
        int[] y = data.y()[0];
        ReferenceCell.Result r = ref.run(x, y, options.steps(), ref.zeroState(), true);
        GradientChecker.Report report = checker.check(ref.params(), r.grads(),
                () -> ref.run(x, y, options.steps(), ref.zeroState(), false).loss());
        return new Check(name(ref.cell()) + " reference backward vs numerical gradients", report, true, "");
    }

    /** The layer's gradient against the reference's, summed over a (masked) batch. */
    Check layerCheck(ReferenceCell ref, RecurrentImpl impl, long seed) {
        Batch data = Batch.random(options, seed);
        MultiLayerNetwork net = network(ref.layer(impl, options.inputs(), options.hidden()), options, 0);
        ref.copyInto(net);
        List<Param> sum = zeros(ref.params());
        for (int b = 0; b < options.batch(); b++) {
            addInto(sum, ref.run(data.x()[b], data.y()[b], options.length(b), ref.zeroState(), true).grads());
        }
        DataSet ds = data.dataSet();
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.setLayerMaskArrays(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        net.computeGradientAndScore();
        GradientChecker.Report report = checker.compare(sum, ref.fromDl4j(net.gradient().gradientForVariable()));
        return new Check(layerName(ref.cell(), impl) + " vs reference" + (options.masks() ? " (masked batch)" : ""), report,
                true, "");
    }

    /** Every truncated-BPTT segment of one fit call (learning rate 0, so all segments see the same parameters). */
    List<Check> truncatedChecks(ReferenceCell ref, RecurrentImpl impl, long seed) {
        int k = options.tbptt();
        Batch data = Batch.random(options, seed);
        MultiLayerNetwork net = network(ref.layer(impl, options.inputs(), options.hidden()), options, k);
        ref.copyInto(net);
        List<Map<String, INDArray>> captured = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                Map<String, INDArray> copy = new HashMap<>();
                model.gradient().gradientForVariable().forEach((key, v) -> copy.put(key, v.dup()));
                captured.add(copy);
            }
        });
        net.fit(data.dataSet());
        int segments = (options.steps() + k - 1) / k;
        if (captured.size() != segments) {
            throw new IllegalStateException("expected " + segments + " truncated-BPTT segments, DL4J ran "
                    + captured.size());
        }
        List<Check> checks = new ArrayList<>();
        double[][][] carried = new double[options.batch()][][];
        for (int b = 0; b < options.batch(); b++) {
            carried[b] = ref.zeroState();
        }
        for (int seg = 0; seg < segments; seg++) {
            int from = seg * k;
            int to = Math.min(options.steps(), from + k);
            List<Param> truth = zeros(ref.params());
            List<Param> deviation = zeros(ref.params());
            for (int b = 0; b < options.batch(); b++) {
                int len = Math.max(0, Math.min(options.length(b), to) - from);
                double[][] xs = Arrays.copyOfRange(data.x()[b], from, to);
                int[] ys = Arrays.copyOfRange(data.y()[b], from, to);
                addInto(truth, ref.run(xs, ys, len, carried[b], true).grads());
                if (!ref.truncatedBpttExact(impl) && seg > 0) {
                    addInto(deviation, ref.zeroStateBackward(xs, ys, len, carried[b]));
                }
                // DL4J's layers zero the state at masked steps, so a finished sequence carries zeros
                carried[b] = len < to - from ? ref.zeroState() : ref.run(xs, ys, len, carried[b], false).last();
            }
            List<Param> dl4j = ref.fromDl4j(captured.get(seg));
            String what = layerName(ref.cell(), impl) + " tBPTT(" + k + ") segment " + (seg + 1) + "/" + segments;
            GradientChecker.Report exact = checker.compare(truth, dl4j);
            if (ref.truncatedBpttExact(impl) || seg == 0) {
                checks.add(new Check(what + " vs true truncated gradient", exact, true, ""));
            } else {
                checks.add(new Check(what + " vs DL4J M2.1's zero-state backward", checker.compare(deviation, dl4j),
                        true, String.format(Locale.ROOT, "known DL4J M2.1 defect: %.2e from the true truncated "
                        + "gradient (docs/design.md)", exact.maxRelError())));
            }
        }
        return checks;
    }

    /**
     * The bidirectional LSTM reference against numerical gradients; rnnkit's {@code Bidirectional(CONCAT, Lstm)}
     * against the reference on the (masked) batch; DL4J's {@code Bidirectional(CONCAT, LSTM)} on full-length
     * sequences only: DL4J reverses the padded sequence, so its backward LSTM meets the padding first, and DL4J
     * M2.1's LSTM lets masked leading steps into its state (docs/gradcheck.md), so with variable lengths it does
     * not compute the bidirectional LSTM of the valid steps. rnnkit's layers reset the state at masked steps.
     */
    List<Check> bidirectionalLstmChecks(long seed) {
        BidirectionalLstm.Params p = BidirectionalLstm.Params.random(options.inputs(), options.hidden(),
                options.classes(), 0.5, seed);
        Batch first = Batch.random(options.withMasks(false), seed + 1);
        double[][] x0 = first.x()[0];
        int[] y0 = first.y()[0];
        BidirectionalLstm.Result r = BidirectionalLstm.run(p, x0, y0, options.steps(), true);
        GradientChecker.Report numeric = checker.check(p.asList(), r.grads().asList(),
                () -> BidirectionalLstm.run(p, x0, y0, options.steps(), false).loss());
        String masked = options.masks() ? " (masked batch)" : "";
        return List.of(new Check("bidirectional LSTM reference backward vs numerical gradients", numeric, true, ""),
                new Check("rnnkit Bidirectional(CONCAT, Lstm) vs reference" + masked,
                        bidirectionalLayerCheck(p, RecurrentImpl.RNNKIT, options, seed + 2), true, ""),
                new Check("DL4J Bidirectional(CONCAT, LSTM) vs reference (full-length sequences)",
                        bidirectionalLayerCheck(p, RecurrentImpl.DL4J, options.withMasks(false), seed + 1), true,
                        options.masks() ? "not checked under masks: DL4J M2.1's LSTM lets leading masked steps into "
                                + "its state (docs/gradcheck.md)" : ""));
    }

    private GradientChecker.Report bidirectionalLayerCheck(BidirectionalLstm.Params p, RecurrentImpl impl, CheckOptions o,
                                                           long seed) {
        Batch data = Batch.random(o, seed);
        MultiLayerNetwork net = bidirectionalNetwork(impl);
        String[] keys = {"0_fW", "0_fRW", "0_fb", "0_bW", "0_bRW", "0_bb"};
        List<Param> ps = p.asList();
        for (int k = 0; k < keys.length; k++) {
            net.setParam(keys[k], ps.get(k).rows().length == 1 ? Nd4j.create(ps.get(k).rows()[0]).reshape(1, -1)
                    : Nd4j.create(ps.get(k).rows()));
        }
        net.setParam("1_W", Nd4j.create(p.V()).transpose().dup('c'));
        net.setParam("1_b", Nd4j.create(p.c()).reshape(1, -1));
        List<Param> sum = zeros(p.asList());
        for (int b = 0; b < o.batch(); b++) {
            addInto(sum, BidirectionalLstm.run(p, data.x()[b], data.y()[b], o.length(b), true).grads().asList());
        }
        DataSet ds = data.dataSet();
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.setLayerMaskArrays(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        net.computeGradientAndScore();
        Map<String, INDArray> g = net.gradient().gradientForVariable();
        List<Param> layer = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            layer.add(new Param(ps.get(k).name(), ps.get(k).rows().length == 1
                    ? new double[][]{g.get(keys[k]).toDoubleVector()} : g.get(keys[k]).toDoubleMatrix()));
        }
        layer.add(Param.matrix("V", g.get("1_W").transpose().dup('c').toDoubleMatrix()));
        layer.add(Param.vector("c", g.get("1_b").toDoubleVector()));
        return checker.compare(sum, layer);
    }

    private MultiLayerNetwork bidirectionalNetwork(RecurrentImpl impl) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new Sgd(0.0)).seed(options.seed()).list()
                .layer(RecurrentLayers.layer(RecurrentCell.LSTM, impl, options.inputs(), options.hidden(),
                        BidirectionalMode.CONCAT, 0.0))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2 * options.hidden())
                        .nOut(options.classes()).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** The vanilla RNN's backward with grad h(t+1)'s term dropped: must fail. */
    Check negativeControl(long seed) {
        VanillaRnn.Params p = VanillaRnn.Params.random(options.inputs(), options.hidden(), options.classes(), 0.5, seed);
        Batch data = Batch.random(options, seed + 1);
        double[][] x = data.x()[0];
        int[] y = data.y()[0];
        int steps = options.steps();
        double[] h0 = new double[options.hidden()];
        VanillaRnn.StepCache[] caches = new VanillaRnn.StepCache[steps];
        double[] h = h0;
        for (int t = 0; t < steps; t++) {
            caches[t] = VanillaRnn.forward(p, x[t], h, y[t]);
            h = caches[t].h();
        }
        VanillaRnn.Params wrong = VanillaRnn.Params.zerosLike(p);
        for (int t = steps - 1; t >= 0; t--) {
            VanillaRnn.backward(p, caches[t], new double[options.hidden()], wrong);   // the future's term dropped
        }
        GradientChecker.Report report = checker.check(p.asList(), wrong.asList(),
                () -> VanillaRnn.run(p, x, y, steps, h0, false).loss());
        return new Check("negative control: vanilla RNN backward without W^T diag(1-h^2) grad h(t+1)", report, false,
                "must fail: shows the checker can fail");
    }

    /** A double-precision network: the recurrent layer, then a per-step softmax (cross-entropy); learning rate 0. */
    public static MultiLayerNetwork network(Layer recurrent, CheckOptions o, int tbptt) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new Sgd(0.0)).seed(o.seed()).list().layer(recurrent)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(o.hidden()).nOut(o.classes())
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
        if (tbptt > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** Inputs [batch][T][D], targets [batch][T] and the same as a DL4J DataSet (masks when asked for). */
    public record Batch(double[][][] x, int[][] y, DataSet dataSet) {
        public static Batch random(CheckOptions o, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[][][] x = new double[o.batch()][][];
            int[][] y = new int[o.batch()][o.steps()];
            INDArray features = Nd4j.zeros(DataType.DOUBLE, o.batch(), o.inputs(), o.steps());
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, o.batch(), o.classes(), o.steps());
            INDArray mask = Nd4j.zeros(DataType.DOUBLE, o.batch(), o.steps());
            for (int b = 0; b < o.batch(); b++) {
                x[b] = Rand.matrix(r, o.steps(), o.inputs(), 1.0);
                for (int t = 0; t < o.steps(); t++) {
                    y[b][t] = r.nextInt(o.classes());
                    for (int d = 0; d < o.inputs(); d++) {
                        features.putScalar(b, d, t, x[b][t][d]);
                    }
                    if (t < o.length(b)) {
                        labels.putScalar(b, y[b][t], t, 1.0);
                        mask.putScalar(b, t, 1.0);
                    }
                }
            }
            DataSet ds = o.masks() ? new DataSet(features, labels, mask, mask.dup()) : new DataSet(features, labels);
            return new Batch(x, y, ds);
        }
    }

    static List<Param> zeros(List<Param> like) {
        List<Param> out = new ArrayList<>();
        for (Param p : like) {
            double[][] z = new double[p.rows().length][p.rows()[0].length];
            out.add(new Param(p.name(), z));
        }
        return out;
    }

    static void addInto(List<Param> acc, List<Param> g) {
        for (int k = 0; k < acc.size(); k++) {
            for (int i = 0; i < acc.get(k).size(); i++) {
                acc.get(k).set(i, acc.get(k).get(i) + g.get(k).get(i));
            }
        }
    }

    static String name(RecurrentCell cell) {
        return switch (cell) {
            case SIMPLE_RNN -> "vanilla RNN";
            case LSTM -> "LSTM";
            case GRU -> "GRU";
        };
    }

    static String layerName(RecurrentCell cell, RecurrentImpl impl) {
        return switch (impl) {
            case RNNKIT -> switch (cell) {
                case SIMPLE_RNN -> "rnnkit Rnn";
                case LSTM -> "rnnkit Lstm";
                case GRU -> "rnnkit Gru";
            };
            case DL4J -> switch (cell) {
                case SIMPLE_RNN -> "DL4J SimpleRnn";
                case LSTM -> "DL4J LSTM";
                case GRU -> throw new IllegalArgumentException("DL4J has no GRU");
            };
        };
    }

    /** The full report: one table per check, then a summary line. */
    public static String format(List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        for (Check c : checks) {
            sb.append(c.report().table(c.name() + (c.mustPass() ? "" : " [expected to FAIL]")));
            if (!c.note().isEmpty()) {
                sb.append("note: ").append(c.note()).append('\n');
            }
            sb.append(c.asExpected() ? "as expected\n\n" : "NOT AS EXPECTED\n\n");
        }
        long bad = checks.stream().filter(c -> !c.asExpected()).count();
        sb.append(String.format(Locale.ROOT, "%d passed, %d failed%n", checks.size() - bad, bad));
        return sb.toString();
    }
}
