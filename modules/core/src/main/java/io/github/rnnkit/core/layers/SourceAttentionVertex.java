package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The working vertex of {@link SourceAttention}: forward {@code A = softmax(Q^T K)} over unmasked source steps,
 * {@code C = V A^T}, output {@code [Q ; C]}; backward through the softmax to Q, K and V.
 */
public class SourceAttentionVertex extends BaseGraphVertex {
    private final SourceAttention conf;
    private INDArray sourceMask;        // [B, Ts] or null
    private INDArray queryMask;         // [B, Tt] or null (the output's mask)
    private INDArray weights;           // [B, Tt, Ts] from the last forward pass, outside workspaces

    SourceAttentionVertex(ComputationGraph graph, String name, int index, SourceAttention conf, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.conf = conf;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    /** The attention weights [B, Tt, Ts] of the last forward pass (a copy), or null before any. */
    public INDArray lastWeights() {
        return weights == null ? null : weights.dup();
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(this + ": cannot do the forward pass, inputs not set");
        }
        INDArray q = inputs[0];
        INDArray k = inputs[1];
        INDArray v = inputs[2];
        if (graph.getInputMaskArrays() == null) {      // this pass has no masks: forget those of an earlier one
            sourceMask = null;
            queryMask = null;
        }
        checkShapes(q, k, v);
        long b = q.size(0);
        long tt = q.size(2);
        long ts = k.size(2);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{b, conf.getQueries() + conf.getValues(), tt}, 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            // contiguous copies: batched matmul mis-reads some strided views (TimeDistributed's permuted outputs)
            q = contiguous(q);
            k = contiguous(k);
            v = contiguous(v);
            INDArray scores = Nd4j.matmul(q, k, true, false, false);                              // [B,Tt,Ts]
            weights = maskedSoftmaxRows(scores.reshape('c', b * tt, ts), sourceMask, tt).reshape('c', b, tt, ts);
            INDArray context = Nd4j.matmul(v, weights, false, true, false);                        // [B,E,Tt]
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, conf.getQueries()), NDArrayIndex.all()).assign(q);
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(conf.getQueries(), conf.outputSize()),
                    NDArrayIndex.all()).assign(context);
        }
        return out;
    }

    private void checkShapes(INDArray q, INDArray k, INDArray v) {
        if (q.rank() != 3 || k.rank() != 3 || v.rank() != 3) {
            throw new IllegalStateException(this + ": inputs must be rank 3 [batch, size, time]; got queries "
                    + SourceAttention.shape(q) + ", keys " + SourceAttention.shape(k) + ", values "
                    + SourceAttention.shape(v));
        }
        if (q.size(1) != conf.getQueries() || k.size(1) != conf.getQueries() || v.size(1) != conf.getValues()
                || k.size(0) != q.size(0) || v.size(0) != q.size(0) || v.size(2) != k.size(2)) {
            throw new IllegalStateException(this + " expects queries [B," + conf.getQueries() + ",Tt], keys [B,"
                    + conf.getQueries() + ",Ts], values [B," + conf.getValues() + ",Ts]; got "
                    + SourceAttention.shape(q) + ", " + SourceAttention.shape(k) + ", " + SourceAttention.shape(v));
        }
        if (sourceMask != null && (sourceMask.size(0) != q.size(0) || sourceMask.size(1) != k.size(2))) {
            throw new IllegalStateException(this + ": the stored source mask has shape "
                    + SourceAttention.shape(sourceMask) + " but the batch has " + q.size(0) + " rows of "
                    + k.size(2) + " source steps; set the feature masks for every batch");
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(this + ": cannot do the backward pass, epsilon not set");
        }
        INDArray q = inputs[0];
        INDArray k = inputs[1];
        INDArray v = inputs[2];
        long b = q.size(0);
        long tt = q.size(2);
        long ts = k.size(2);
        int h = conf.getQueries();
        INDArray epsilon = this.epsilon;
        INDArray dq = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, q.shape(), 'c');
        INDArray dk = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, k.shape(), 'c');
        INDArray dv = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, v.shape(), 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            q = contiguous(q);
            k = contiguous(k);
            v = contiguous(v);
            INDArray eps = contiguous(epsilon);
            INDArray dqDirect = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h), NDArrayIndex.all());
            INDArray dc = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(h, conf.outputSize()),
                    NDArrayIndex.all()).dup('c');                                                   // [B,E,Tt]
            dv.assign(Nd4j.matmul(dc, weights));                                                    // [B,E,Ts]
            INDArray da = Nd4j.matmul(dc, v, true, false, false);                                   // [B,Tt,Ts]
            INDArray ds = softmaxBackwardRows(weights.reshape('c', b * tt, ts), da.reshape('c', b * tt, ts))
                    .reshape('c', b, tt, ts);
            dq.assign(Nd4j.matmul(k, ds, false, true, false).addi(dqDirect));                      // [B,H,Tt]
            dk.assign(Nd4j.matmul(q, ds));                                                          // [B,H,Ts]
        }
        return new Pair<>(null, new INDArray[]{dq, dk, dv});
    }

    private INDArray contiguous(INDArray a) {
        return plain(a.castTo(dataType));
    }

    /** {@code a} itself when it is a whole c-ordered array, else a c-ordered copy. */
    static INDArray plain(INDArray a) {
        return a.ordering() == 'c' && !a.isView() && a.length() == a.data().length() ? a : a.dup('c');
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException(this + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        queryMask = maskArrays == null ? null : maskArrays[0];
        sourceMask = maskArrays == null ? null : maskArrays[2];
        return new Pair<>(queryMask, currentMaskState);
    }

    @Override
    public String toString() {
        return "SourceAttentionVertex(" + getVertexName() + ")";
    }

    /**
     * Row softmax of {@code scores} [N, Ts] where row n belongs to batch row {@code n / rowsPerMask} of
     * {@code mask} [B, Ts] (null: no mask); masked steps get weight exactly 0. A fresh array of the scores' type.
     */
    static INDArray maskedSoftmaxRows(INDArray scores, INDArray mask, long rowsPerMask) {
        int n = (int) scores.size(0);
        int ts = (int) scores.size(1);
        double[] s = scores.dup('c').data().asDouble();
        double[] m = mask == null ? null : mask.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int row = 0; row < n; row++) {
            int off = row * ts;
            int moff = (int) (row / rowsPerMask) * ts;
            double max = Double.NEGATIVE_INFINITY;
            boolean any = false;
            for (int j = 0; j < ts; j++) {
                if (m == null || m[moff + j] != 0) {
                    max = Math.max(max, s[off + j]);
                    any = true;
                }
            }
            if (!any) {                            // an all-padding row (a padded batch row): weights all 0
                java.util.Arrays.fill(s, off, off + ts, 0);
                continue;
            }
            double sum = 0;
            for (int j = 0; j < ts; j++) {
                double e = (m == null || m[moff + j] != 0) ? Math.exp(s[off + j] - max) : 0;
                s[off + j] = e;
                sum += e;
            }
            for (int j = 0; j < ts; j++) {
                s[off + j] /= sum;
            }
        }
        return Nd4j.createFromArray(s).reshape('c', n, ts).castTo(scores.dataType());
    }

    /** Gradient through a row softmax: {@code dS = A * (dA - sum_j A_j dA_j)}, per row. */
    static INDArray softmaxBackwardRows(INDArray a, INDArray da) {
        int n = (int) a.size(0);
        int ts = (int) a.size(1);
        double[] w = a.dup('c').data().asDouble();
        double[] g = da.dup('c').data().asDouble();
        for (int row = 0; row < n; row++) {
            int off = row * ts;
            double dot = 0;
            for (int j = 0; j < ts; j++) {
                dot += w[off + j] * g[off + j];
            }
            for (int j = 0; j < ts; j++) {
                g[off + j] = w[off + j] * (g[off + j] - dot);
            }
        }
        return Nd4j.createFromArray(g).reshape('c', n, ts).castTo(a.dataType());
    }
}
