package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static io.github.rnnkit.core.layers.Nio.get;
import static io.github.rnnkit.core.layers.Nio.put;
import static io.github.rnnkit.core.layers.Nio.slice;

/**
 * The runtime of {@link SequencePooling}: the input [B, H, T] read in F order (rnnkit's recurrent layers hand it
 * over so; other layouts are copied once), max and mean in one streaming pass, the last step read directly. Float32
 * and float64.
 */
public class SequencePoolingLayer extends AbstractLayer<SequencePooling> {

    public SequencePoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public Type type() {
        return Type.SUBSAMPLING;
    }

    /**
     * The input in the layer's data type and in F order, [B, H, T] with strides (1, B, B H): the layout rnnkit's
     * recurrent layers hand over (then nothing is copied), time-major with the batch fastest.
     */
    private INDArray timeMajorInput() {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("SequencePooling " + layerId() + " needs input [batch, features, time], "
                    + "got shape " + Arrays.toString(input.shape()));
        }
        INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
        return exampleFastest(in) || unitFastest(in) ? in : in.dup('f');
    }

    /** Whether {@code a} [B, H, T] is dense with the example fastest: element (b, u, s) at s B H + u B + b (F order). */
    private static boolean exampleFastest(INDArray a) {
        long b = a.size(0);
        long h = a.size(1);
        return (b == 1 || a.stride(0) == 1) && (h == 1 || a.stride(1) == b) && (a.size(2) == 1 || a.stride(2) == b * h);
    }

    /**
     * Whether {@code a} [B, H, T] is dense with the unit fastest: element (b, u, s) at s B H + b H + u (time-major, as
     * rnnkit's recurrent layers hand over their outputs).
     */
    private static boolean unitFastest(INDArray a) {
        long b = a.size(0);
        long h = a.size(1);
        return (b == 1 || a.stride(0) == h) && (h == 1 || a.stride(1) == 1) && (a.size(2) == 1 || a.stride(2) == b * h);
    }

    /** Per example: the mask weights [B * T] (all 1 without a mask). */
    private double[] maskWeights(int b, int t) {
        if (maskArray == null) {
            double[] ones = new double[b * t];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        if (maskArray.rank() != 2 || maskArray.size(0) != b || maskArray.size(1) != t) {
            throw new IllegalArgumentException("SequencePooling " + layerId() + " needs a mask [batch, time] = [" + b
                    + ", " + t + "], got shape " + Arrays.toString(maskArray.shape()));
        }
        return maskArray.dup('c').data().asDouble();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray in = timeMajorInput();
        int b = (int) in.size(0);
        int h = (int) in.size(1);
        int t = (int) in.size(2);
        List<SequencePooling.Mode> modes = layerConf().getModes();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{b, (long) modes.size() * h}, 'c');
        pool(in, maskWeights(b, t), out, null, null);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray in = timeMajorInput();
        int b = (int) in.size(0);
        int h = (int) in.size(1);
        int t = (int) in.size(2);
        int width = layerConf().getModes().size() * h;
        if (epsilon.rank() != 2 || epsilon.size(0) != b || epsilon.size(1) != width) {
            throw new IllegalArgumentException("SequencePooling " + layerId() + ": epsilon must be [" + b + ", " + width
                    + "], got " + Arrays.toString(epsilon.shape()));
        }
        boolean dense = epsilon.dataType() == dataType && epsilon.ordering() == 'c' && epsilon.stride(1) == 1
                && epsilon.stride(0) == width;
        INDArray eps = dense ? epsilon : epsilon.castTo(dataType).dup('c');
        INDArray grad = exampleFastest(in)                        // laid out as the input: the same indices
                ? workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[]{b, h, t}, 'f')
                : TimeMajor.timeMajorView(workspaceMgr, ArrayType.ACTIVATION_GRAD, dataType, b, h, t);
        grad.assign(0);
        pool(in, maskWeights(b, t), null, eps, grad);
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, grad));
    }

    /**
     * The forward into {@code out} [B, k H], or (with {@code eps} [B, k H]) the backward into {@code grad} [B, H, T]
     * (zero on entry). {@code in} and {@code grad} are dense in the same layout, the example fastest (element (b, u, s)
     * at s B H + u B + b) or the unit fastest (s B H + b H + u); {@code out} and {@code eps} C-ordered. The loops run
     * step, unit, example.
     */
    private void pool(INDArray in, double[] mask, INDArray out, INDArray eps, INDArray grad) {
        int b = (int) in.size(0);
        int h = (int) in.size(1);
        int t = (int) in.size(2);
        int bh = b * h;
        boolean byExample = exampleFastest(in);
        int su = byExample ? b : 1;                               // strides of unit and example within a step
        int se = byExample ? 1 : h;
        boolean dbl = dataType == DataType.DOUBLE;
        ByteBuffer x = slice(in);
        ByteBuffer g = grad == null ? null : slice(grad);
        ByteBuffer o = out == null ? null : slice(out);
        ByteBuffer e = eps == null ? null : slice(eps);
        boolean forward = o != null;
        List<SequencePooling.Mode> modes = layerConf().getModes();
        int k = modes.size();
        double[] steps = new double[t * b];                      // the mask time-major: steps[s B + ex]
        int[] last = new int[b];
        double[] total = new double[b];
        Arrays.fill(last, -1);
        for (int ex = 0; ex < b; ex++) {
            for (int s = 0; s < t; s++) {
                double m = mask[ex * t + s];
                steps[s * b + ex] = m;
                if (m != 0) {
                    last[ex] = s;
                    total[ex] += m;
                }
            }
        }
        boolean needMax = modes.contains(SequencePooling.Mode.MAX);
        boolean needSum = forward && modes.contains(SequencePooling.Mode.MEAN);
        double[] max = new double[needMax ? bh : 0];              // [u B + ex]
        int[] arg = new int[needMax ? bh : 0];
        double[] acc = new double[bh];                            // the sums, then (backward) the mean's gradient
        Arrays.fill(arg, -1);
        if (needMax || needSum) {                                 // one streaming pass for both
            for (int s = 0; s < t; s++) {
                for (int u = 0; u < h; u++) {
                    int row = s * bh + u * su;
                    int j = u * b;
                    for (int ex = 0; ex < b; ex++, j++) {
                        double m = steps[s * b + ex];
                        double v = get(x, row + ex * se, dbl);
                        if (needSum) {
                            acc[j] += v * m;                     // sum(x m), as DL4J: padding adds 0
                        }
                        // the first maximum over real steps, seeded by the first real value (not by -infinity),
                        // so the result and its gradient's step are always one of the example's real steps
                        if (needMax && m != 0 && (arg[j] < 0 || v > max[j])) {
                            arg[j] = s;
                            max[j] = v;
                        }
                    }
                }
            }
        }
        for (int mi = 0; mi < k; mi++) {
            SequencePooling.Mode mode = modes.get(mi);
            for (int ex = 0; ex < b; ex++) {
                int at = (ex * k + mi) * h;                      // this mode's h outputs of example ex
                for (int u = 0; u < h; u++) {
                    int j = u * b + ex;
                    int unit = u * su + ex * se;                 // (ex, u) within a step of in and grad
                    if (last[ex] < 0) {                          // no real step: zeros, no gradient
                        if (forward) {
                            put(o, at + u, 0, dbl);
                        }
                        continue;
                    }
                    switch (mode) {
                        case LAST -> {
                            int i = last[ex] * bh + unit;
                            if (forward) {
                                put(o, at + u, get(x, i, dbl), dbl);
                            } else {
                                put(g, i, get(g, i, dbl) + get(e, at + u, dbl), dbl);
                            }
                        }
                        case MAX -> {
                            int i = arg[j] * bh + unit;
                            if (forward) {
                                put(o, at + u, max[j], dbl);
                            } else {
                                put(g, i, get(g, i, dbl) + get(e, at + u, dbl), dbl);
                            }
                        }
                        case MEAN -> {
                            if (forward) {
                                put(o, at + u, acc[j] / total[ex], dbl);
                            } else {
                                acc[j] = get(e, at + u, dbl) / total[ex];
                            }
                        }
                    }
                }
            }
            if (mode == SequencePooling.Mode.MEAN && !forward) {
                for (int s = 0; s < t; s++) {
                    for (int u = 0; u < h; u++) {
                        int row = s * bh + u * su;
                        for (int ex = 0; ex < b; ex++) {
                            double m = steps[s * b + ex];
                            if (m != 0) {
                                int i = row + ex * se;
                                put(g, i, get(g, i, dbl) + acc[u * b + ex] * m, dbl);
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        this.maskArray = maskArray;                      // consumed here: the pooled output has no time axis
        this.maskState = null;
        return null;
    }
}
