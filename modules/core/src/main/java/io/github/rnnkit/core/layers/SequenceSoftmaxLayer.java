package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.nio.ByteBuffer;

import static io.github.rnnkit.core.layers.Nio.bytes;
import static io.github.rnnkit.core.layers.Nio.get;
import static io.github.rnnkit.core.layers.Nio.put;
import static io.github.rnnkit.core.layers.Nio.slice;

/**
 * The runtime of {@link SequenceSoftmax}. Rows are time-major: row {@code n = t B + b} is step t of example b.
 * Buffers (x: [N, H], z: [N, V] logits then probabilities then dz, all row-major) live outside DL4J's workspaces
 * and are reused from call to call; a time-major input (rnnkit's recurrent layers hand one over) is read in place, and
 * dx is written straight into the time-major epsilon. Float32 and float64 (the latter for gradient checks).
 */
public class SequenceSoftmaxLayer extends org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer {
    /**
     * Multiply-adds below which half a product stays whole ({@link #byRows}): a hand-off costs microseconds, and small
     * halves may go to OpenBLAS's small-matrix kernels, which sum in another order (the tagger's tiny products did:
     * ConcurrencyTest saw last-bit differences). 4M is well above the sizes seen to differ, not a threshold read from
     * OpenBLAS's source; LayerThreadsTest checks equal numbers at a product just this large.
     */
    private static final long MIN_HALF_WORK = 1L << 22;
    private INDArray xBuf;
    private INDArray zBuf;
    /** The input's time-major rows [N, H] for the current call: in the input itself when it is time-major, else xBuf. */
    private org.bytedeco.javacpp.Pointer x;
    private INDArray ones;
    private INDArray yBuf;           // one-hot labels, time-major [N, V]
    private INDArray lossInput;       // the input and labels whose loss backprop last computed (identity)
    private INDArray lossLabels;
    private double loss;

    public SequenceSoftmaxLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private static INDArray grow(INDArray buf, DataType type, long size) {
        if (buf != null && buf.dataType() == type && buf.length() >= size) {
            return buf;
        }
        long n = buf == null ? size : Math.max(size, buf.length() + buf.length() / 2);
        if (n * type.width() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SequenceSoftmax: a batch of " + size + " values exceeds the 2 GiB its "
                    + "buffers can address; use smaller batches, shorter windows or a smaller vocabulary");
        }
        return Nd4j.createUninitializedDetached(type, n);
    }

    private int rows() {
        return (int) (input.size(0) * input.size(2));
    }

    /** x rows from the input, then z = x W + b and softmax in place; leaves the probabilities in zBuf. */
    private void probabilities() {
        DataType type = dataType;
        INDArray in = input.dataType() == type ? input : input.castTo(type);
        int b = (int) in.size(0);
        int h = (int) in.size(1);
        int t = (int) in.size(2);
        int n = b * t;
        INDArray w = params.get(DefaultParamInitializer.WEIGHT_KEY);      // [H, V] 'f' = row-major [V, H]
        INDArray bias = params.get(DefaultParamInitializer.BIAS_KEY);
        int v = (int) w.size(1);
        if (h != w.size(0)) {
            throw new IllegalArgumentException("SequenceSoftmax " + layerId() + " expects " + w.size(0)
                    + " input features per step, got input of shape " + java.util.Arrays.toString(in.shape()));
        }
        checkColumnMajor(w);
        zBuf = grow(zBuf, type, (long) n * v);
        if (in == input && TimeMajor.isDenseTimeMajor(in)) {   // rnnkit's recurrent layers hand over time-major arrays
            x = Blas.pointer(in, 0);
        } else {
            xBuf = grow(xBuf, type, (long) n * h);
            TimeMajor.gather(in, xBuf);
            x = Blas.pointer(xBuf, 0);
        }
        Blas.useConfiguredThreads();
        org.bytedeco.javacpp.Pointer wp = Blas.pointer(w, 0);
        org.bytedeco.javacpp.Pointer xp = x;
        byRows(type, n, (long) v * h, (r0, r1) -> Blas.gemm(type, false, true, r1 - r0, v, h,
                Blas.offset(xp, (long) r0 * h), h, wp, h, 0.0, Blas.pointer(zBuf, (long) r0 * v), v));
        Kernels.of(type).softmaxRows(bytes(zBuf), slice(bias), n, v);
    }

    /** A product over rows {@code [r0, r1)} of its output. */
    private interface RowProduct {
        void run(int r0, int r1);
    }

    /**
     * Runs {@code product} over all {@code rows} of its output: in two halves on the caller and {@link VectorGemm}'s
     * helper while this thread holds OpenBLAS at one thread ({@link LayerThreads}) and each half has at least
     * {@link #MIN_HALF_WORK} multiply-adds ({@code perRow} per output row), else in one call on OpenBLAS's threads.
     * The halves divide output rows, never the sum inside a product, and are kept large (above), so every element
     * comes out as from one call (tested at the threshold): the numbers depend neither on the hold nor on what other
     * threads do.
     */
    private static void byRows(DataType type, int rows, long perRow, RowProduct product) {
        if (type == DataType.FLOAT && (long) (rows / 2) * perRow >= MIN_HALF_WORK && LayerThreads.heldHere()
                && Kernels.vectorised()) {
            int half = rows / 2;
            FastRecurrentLayer.halves(() -> product.run(0, half), () -> product.run(half, rows));
        } else {
            product.run(0, rows);
        }
    }

    private static void checkColumnMajor(INDArray w) {
        if (w.ordering() != 'f' || w.stride(0) != 1 || w.stride(1) != w.size(0)) {
            throw new IllegalStateException("SequenceSoftmax expects its weights as a dense column-major view, got "
                    + "order " + w.ordering() + " strides " + java.util.Arrays.toString(w.stride()));
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalArgumentException("SequenceSoftmax " + layerId() + " needs input [batch, features, time], "
                    + "got shape " + java.util.Arrays.toString(input.shape()));
        }
        probabilities();
        int v = (int) params.get(DefaultParamInitializer.WEIGHT_KEY).size(1);
        if (maskArray != null) {                                    // masked steps output zeros, as in DL4J
            int b = (int) input.size(0);
            int n = rows();
            ByteBuffer z = bytes(zBuf);
            boolean dbl = dataType == DataType.DOUBLE;
            for (int row = 0; row < n; row++) {
                double m = maskAt(row, b);
                if (m != 1) {
                    for (int j = 0; j < v; j++) {
                        put(z, row * v + j, get(z, row * v + j, dbl) * m, dbl);
                    }
                }
            }
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{input.size(0), v, input.size(2)}, 'c');
        TimeMajor.scatter(zBuf, 0, out);
        x = null;
        return out;
    }

    /** The mask weight of row n = t B + b: 1 without a mask. */
    private double maskAt(int n, int batch) {
        if (maskArray == null) {
            return 1.0;
        }
        if (maskArray.rank() == 2 && maskArray.size(0) == batch && maskArray.size(1) == input.size(2)
                && !(maskArray.size(1) == 1 && batch != 1)) {
            return maskArray.getDouble(n % batch, n / batch);                    // [B, T]
        }
        return maskArray.getDouble(n);                                          // [B*T, 1], time-major
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException("SequenceSoftmax " + layerId() + ": no labels set");
        }
        int b = (int) input.size(0);
        int h = (int) input.size(1);
        int t = (int) input.size(2);
        INDArray w = params.get(DefaultParamInitializer.WEIGHT_KEY);
        int v = (int) w.size(1);
        boolean oneHot = !(layerConf().getLossFn() instanceof LossSparseMCXENT);       // SequenceSoftmax.oneHot
        if (labels.rank() != 3 || labels.size(0) != b || labels.size(1) != (oneHot ? v : 1) || labels.size(2) != t) {
            throw new IllegalArgumentException("SequenceSoftmax " + layerId() + " needs " + (oneHot
                    ? "one-hot labels [batch, " + v + ", time]" : "labels [batch, 1, time] of class indices")
                    + " matching input " + java.util.Arrays.toString(input.shape()) + ", got "
                    + java.util.Arrays.toString(labels.shape()));
        }
        probabilities();
        int n = b * t;
        int[] classes = oneHot ? oneHotClasses(b, t, v) : null;
        DataType type = dataType;
        ByteBuffer z = bytes(zBuf);
        boolean dbl = type == DataType.DOUBLE;
        double nats = 0;
        for (int row = 0; row < n; row++) {                      // dz = (p - onehot(y)) * mask; loss -log p_y
            int bi = row % b;
            int ti = row / b;
            double m = maskAt(row, b);
            double yv = oneHot ? classes[row] : labels.getDouble(bi, 0, ti);
            int y = (int) yv;
            if (m != 0 && oneHot && y < 0) {
                throw new IllegalArgumentException("SequenceSoftmax " + layerId() + ": the one-hot labels of example "
                        + bi + ", step " + ti + " are all zero at a real (unmasked) step");
            }
            if (m != 0 && (y != yv || y < 0 || y >= v)) {
                throw new IllegalArgumentException("SequenceSoftmax " + layerId() + ": label " + yv + " at example "
                        + bi + ", step " + ti + " is not a class index in [0, " + v + ")");
            }
            if (m == 0) {
                for (int j = 0; j < v; j++) {
                    put(z, row * v + j, 0, dbl);
                }
                continue;
            }
            int at = row * v + y;
            double py = get(z, at, dbl);
            nats -= m * Math.log(Math.min(Math.max(py, 1e-10), 1 - 1e-10));     // DL4J's softmax clipping
            put(z, at, py - 1, dbl);
            if (m != 1) {
                for (int j = 0; j < v; j++) {
                    put(z, row * v + j, get(z, row * v + j, dbl) * m, dbl);
                }
            }
        }
        loss = nats / b;
        lossInput = input;
        lossLabels = labels;

        INDArray gW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);   // [H, V] 'f' = row-major [V, H]
        INDArray gb = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        checkColumnMajor(gW);
        // dW^T [V, H] = dz^T [V, N] x [N, H]
        org.bytedeco.javacpp.Pointer xp = x;
        byRows(type, v, (long) h * n, (r0, r1) -> Blas.gemm(type, true, false, r1 - r0, h, n,
                Blas.pointer(zBuf, r0), v, xp, h, 0.0, Blas.pointer(gW, (long) r0 * h), h));
        // db = sum over rows of dz
        ones = grow(ones, type, n);
        if (ones.getDouble(0) != 1.0 || ones.getDouble(n - 1) != 1.0) {
            ones.assign(1.0);
        }
        Blas.gemvTransposed(type, n, v, Blas.pointer(zBuf, 0), v, Blas.pointer(ones, 0), Blas.pointer(gb, 0));
        // dx [N, H] = dz [N, V] x W^T, W^T stored row-major [V, H], straight into the time-major epsilon
        INDArray eps = TimeMajor.timeMajorView(workspaceMgr, ArrayType.ACTIVATION_GRAD, type, b, h, t);
        org.bytedeco.javacpp.Pointer wp = Blas.pointer(w, 0);
        byRows(type, n, (long) h * v, (r0, r1) -> Blas.gemm(type, false, false, r1 - r0, h, v,
                Blas.pointer(zBuf, (long) r0 * v), v, wp, h, 0.0, Blas.pointer(eps, (long) r0 * h), h));
        x = null;

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gW);
        gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gb);
        weightNoiseParams.clear();
        return new Pair<>(gradient, eps);
    }

    /**
     * The class of each time-major row n = t B + b from one-hot labels [B, V, T], -1 for a row of zeros or a masked
     * step; anything else at a real step (soft or multi-hot labels) is refused, naming the example and step: this
     * layer's loss is the one-hot cross-entropy only.
     */
    private int[] oneHotClasses(int b, int t, int v) {
        int n = b * t;
        yBuf = grow(yBuf, dataType, (long) n * v);
        TimeMajor.gather(labels.dataType() == dataType ? labels : labels.castTo(dataType), yBuf);
        ByteBuffer y = bytes(yBuf);
        boolean dbl = dataType == DataType.DOUBLE;
        int[] classes = new int[n];
        for (int row = 0; row < n; row++) {
            int hot = -1;
            if (maskAt(row, b) == 0) {                  // a masked step's labels are not read, as in DL4J
                classes[row] = hot;
                continue;
            }
            for (int j = 0; j < v; j++) {
                double e = get(y, row * v + j, dbl);
                if (e == 1 && hot < 0) {
                    hot = j;
                } else if (e != 0) {
                    throw new IllegalArgumentException("SequenceSoftmax " + layerId() + ": the labels of example "
                            + row % b + ", step " + row / b + " are not one-hot (class " + j + " holds " + e
                            + "); give one 1 per step, or class indices [batch, 1, time]");
                }
            }
            classes[row] = hot;
        }
        return classes;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            throw new IllegalStateException("Cannot calculate score without input and labels " + layerId());
        }
        if (input != lossInput || labels != lossLabels) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        score = loss + fullNetRegTerm;
        return score;
    }

    @Override
    public void clear() {
        super.clear();
        lossInput = null;
        lossLabels = null;
    }
}
