package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static io.github.rnnkit.core.layers.WordCharParamInitializer.BIAS_KEY;
import static io.github.rnnkit.core.layers.WordCharParamInitializer.CHAR_KEY;
import static io.github.rnnkit.core.layers.WordCharParamInitializer.KERNEL_KEY;
import static io.github.rnnkit.core.layers.WordCharParamInitializer.WORD_KEY;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * The runtime of {@link WordCharEmbedding}. The CNN is computed through per-position tables P_i = C K_i
 * ([chars, F] each, one small GEMM per window position): a window's pre-activation is then the bias plus k table
 * rows, so the forward pass is lookups and adds, and the backward pass scatters each filter's gradient into the
 * k table rows of its winning window before two small GEMMs per position give dC and dK. Rows are batch-major:
 * n = b T + t. Float32 and float64 (the latter for gradient checks).
 */
public class WordCharEmbeddingLayer extends BaseLayer<WordCharEmbedding> {
    private Forward last;

    public WordCharEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** What backprop needs from the forward pass of one input (reused by backprop for the same input). */
    private static final class Forward {
        INDArray input;
        INDArray mask;
        int batch;
        int steps;
        int[] words;        // [N]
        int[] chars;        // [N, L]
        int[] winner;       // [N, F] window index of each filter's max
        double[] features;  // [N, F] tanh(max z)
        double[] keep;      // [N] mask weight
    }

    private WordCharEmbedding c() {
        return layerConf();
    }

    private Forward forward(boolean training) {
        assertInputSet(false);
        if (last != null && last.input == input && last.mask == maskArray) {
            return last;
        }
        WordCharEmbedding conf = c();
        int rowsPerStep = 1 + conf.getMaxChars();
        if (input.rank() != 3 || input.size(1) != rowsPerStep) {
            throw new IllegalArgumentException("WordCharEmbedding " + layerId() + " needs input [batch, " + rowsPerStep
                    + ", time] (word id, then " + conf.getMaxChars() + " character ids per step), got shape "
                    + Arrays.toString(input.shape()));
        }
        int b = (int) input.size(0);
        int t = (int) input.size(2);
        int n = b * t;
        int len = conf.getMaxChars();
        if (maskArray != null && (maskArray.rank() != 2 || maskArray.size(0) != b || maskArray.size(1) != t)) {
            throw new IllegalArgumentException("WordCharEmbedding " + layerId() + " needs a mask [batch, time] = [" + b
                    + ", " + t + "], got " + Arrays.toString(maskArray.shape()));
        }
        double[] raw = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] mask = maskArray == null ? null : maskArray.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        Forward f = new Forward();
        f.input = input;
        f.mask = maskArray;
        f.batch = b;
        f.steps = t;
        f.words = new int[n];
        f.chars = new int[n * len];
        f.keep = new double[n];
        for (int bi = 0; bi < b; bi++) {
            for (int ti = 0; ti < t; ti++) {
                int row = bi * t + ti;
                f.words[row] = id(raw[(bi * rowsPerStep) * t + ti], conf.getWords(), -1, bi, ti);
                for (int j = 0; j < len; j++) {
                    f.chars[row * len + j] = id(raw[(bi * rowsPerStep + 1 + j) * t + ti], conf.getChars(), j, bi, ti);
                }
                f.keep[row] = mask == null ? 1.0 : mask[row];
            }
        }
        if (training && conf.getWordDropout() > 0) {
            org.nd4j.linalg.api.rng.Random random = Nd4j.getRandom();
            for (int row = 0; row < n; row++) {
                if (random.nextDouble() < conf.getWordDropout()) {
                    f.words[row] = conf.getUnknownWord();
                }
            }
        }
        int filters = conf.getFilters();
        int k = conf.getWidth();
        f.winner = new int[n * filters];
        f.features = new double[n * filters];
        last = f;
        if (!conf.readsCharacters()) {
            return f;
        }
        double[][] tables = tables();
        double[] bias = getParam(BIAS_KEY).castTo(DataType.DOUBLE).dup().data().asDouble();
        double[] z = new double[filters];
        for (int row = 0; row < n; row++) {
            int real = realChars(f.chars, row, len);
            int windows = Math.max(1, real - k + 1);
            for (int j = 0; j < windows; j++) {
                System.arraycopy(bias, 0, z, 0, filters);
                for (int i = 0; i < k; i++) {
                    int pos = j + i;
                    int ch = pos < len ? f.chars[row * len + pos] : 0;
                    double[] table = tables[i];
                    int from = ch * filters;
                    for (int q = 0; q < filters; q++) {
                        z[q] += table[from + q];
                    }
                }
                for (int q = 0; q < filters; q++) {
                    int at = row * filters + q;
                    if (j == 0 || z[q] > f.features[at]) {
                        f.features[at] = z[q];
                        f.winner[at] = j;
                    }
                }
            }
            for (int q = 0; q < filters; q++) {
                f.features[row * filters + q] = Math.tanh(f.features[row * filters + q]);
            }
        }
        return f;
    }

    /** {@code value} as an id in [0, size); {@code character} is -1 for the word id, else the character's index. */
    private int id(double value, int size, int character, int example, int step) {
        int v = (int) value;
        if (v != value || v < 0 || v >= size) {
            throw new IllegalArgumentException("WordCharEmbedding " + layerId() + ": "
                    + (character < 0 ? "word" : "character " + character) + " id " + value + " at example " + example
                    + ", step " + step + " is not in [0, " + size + ")");
        }
        return v;
    }

    /** Characters before the first padding id. */
    private static int realChars(int[] chars, int row, int len) {
        int n = 0;
        while (n < len && chars[row * len + n] != 0) {
            n++;
        }
        return n;
    }

    /** P_i = C K_i for each window position i, as row-major [chars, F] doubles. */
    private double[][] tables() {
        WordCharEmbedding conf = c();
        INDArray charTable = getParam(CHAR_KEY);
        INDArray kernel = getParam(KERNEL_KEY);
        int d = conf.getCharSize();
        double[][] out = new double[conf.getWidth()][];
        for (int i = 0; i < conf.getWidth(); i++) {
            INDArray ki = kernel.get(interval(i * d, (i + 1) * d), all());
            out[i] = charTable.mmul(ki).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
        return out;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        last = null;                            // parameters may have changed since the last call
        Forward f = forward(training);
        WordCharEmbedding conf = c();
        int e = conf.getWordSize();
        int filters = conf.getFilters();
        int width = e + filters;
        int t = f.steps;
        int n = f.batch * t;
        double[] wordRows = Nd4j.pullRows(getParam(WORD_KEY), 1, f.words).castTo(DataType.DOUBLE).dup('c').data()
                .asDouble();
        double[] out = new double[f.batch * width * t];          // [B, E + F, T] 'c'
        for (int row = 0; row < n; row++) {
            double m = f.keep[row];
            if (m == 0) {
                continue;
            }
            int bi = row / t;
            int ti = row % t;
            int base = bi * width * t + ti;
            for (int q = 0; q < e; q++) {
                out[base + q * t] = m * wordRows[row * e + q];
            }
            for (int q = 0; q < filters; q++) {
                out[base + (e + q) * t] = m * f.features[row * filters + q];
            }
        }
        long[] shape = {f.batch, width, t};
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
        result.assign(Nd4j.create(out, shape, 'c').castTo(dataType));
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        WordCharEmbedding conf = c();
        boolean cached = last != null && last.input == input && last.mask == maskArray;
        if (!cached && conf.getWordDropout() > 0) {
            throw new IllegalStateException("WordCharEmbedding " + layerId() + ": backprop without the forward pass of "
                    + "this input (its word dropout cannot be redrawn)");
        }
        Forward f = forward(true);
        int e = conf.getWordSize();
        int filters = conf.getFilters();
        int width = e + filters;
        int t = f.steps;
        int n = f.batch * t;
        int len = conf.getMaxChars();
        int k = conf.getWidth();
        int d = conf.getCharSize();
        if (epsilon.rank() != 3 || epsilon.size(0) != f.batch || epsilon.size(1) != width || epsilon.size(2) != t) {
            throw new IllegalArgumentException("WordCharEmbedding " + layerId() + " expects a gradient [" + f.batch
                    + ", " + width + ", " + t + "], got " + Arrays.toString(epsilon.shape()));
        }
        double[] eps = epsilon.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] wordDelta = new double[n * e];
        double[][] tableDelta = new double[k][conf.getChars() * filters];
        double[] biasDelta = new double[filters];
        for (int row = 0; row < n; row++) {
            double m = f.keep[row];
            if (m == 0) {
                continue;
            }
            int base = (row / t) * width * t + row % t;
            for (int q = 0; q < e; q++) {
                wordDelta[row * e + q] = m * eps[base + q * t];
            }
            for (int q = 0; q < filters; q++) {        // through the mask and tanh, into the winning window's rows
                double y = f.features[row * filters + q];
                double dz = m * eps[base + (e + q) * t] * (1 - y * y);
                if (dz == 0) {
                    continue;
                }
                biasDelta[q] += dz;
                int j = f.winner[row * filters + q];
                for (int i = 0; i < k; i++) {
                    int pos = j + i;
                    int ch = pos < len ? f.chars[row * len + pos] : 0;
                    tableDelta[i][ch * filters + q] += dz;
                }
            }
        }
        INDArray gWords = gradientViews.get(WORD_KEY);
        gWords.assign(0);
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, gWords, Nd4j.createFromArray(f.words),
                Nd4j.create(wordDelta, new long[]{n, e}, 'c').castTo(dataType), 1);
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(WORD_KEY, gWords);
        weightNoiseParams.clear();
        if (!conf.readsCharacters()) {
            return new Pair<>(gradient, null);
        }
        INDArray gChars = gradientViews.get(CHAR_KEY);
        INDArray gKernel = gradientViews.get(KERNEL_KEY);
        INDArray charTable = getParam(CHAR_KEY);
        INDArray kernel = getParam(KERNEL_KEY);
        gChars.assign(0);
        for (int i = 0; i < k; i++) {       // dC += dP_i K_i^T, dK_i = C^T dP_i
            INDArray dP = Nd4j.create(tableDelta[i], new long[]{conf.getChars(), filters}, 'c').castTo(dataType);
            INDArray ki = kernel.get(interval(i * d, (i + 1) * d), all());
            gChars.addi(dP.mmul(ki.transpose()));
            gKernel.get(interval(i * d, (i + 1) * d), all()).assign(charTable.transpose().mmul(dP));
        }
        INDArray gBias = gradientViews.get(BIAS_KEY);
        gBias.assign(Nd4j.create(biasDelta, new long[]{1, filters}, 'c').castTo(dataType));

        gradient.gradientForVariable().put(CHAR_KEY, gChars);
        gradient.gradientForVariable().put(KERNEL_KEY, gKernel);
        gradient.gradientForVariable().put(BIAS_KEY, gBias);
        return new Pair<>(gradient, null);
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return activate(training, workspaceMgr);
    }

    @Override
    protected void applyDropOutIfNecessary(boolean training, LayerWorkspaceMgr workspaceMgr) {
        // ids: nothing to drop
    }

    @Override
    public boolean hasBias() {
        return c().readsCharacters();
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public void clear() {
        super.clear();
        last = null;
    }
}
