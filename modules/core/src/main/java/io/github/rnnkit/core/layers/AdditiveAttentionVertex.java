package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The working vertex of {@link AdditiveAttention}: forward {@code S[b,t,s] = v . tanh(Qp[b,:,t] + Kp[b,:,s])},
 * {@code A = softmax_s(S)} over unmasked source steps, {@code C = V A^T}, output {@code [Q ; C]}; backward to Q, Qp,
 * Kp, V and to the scoring vector {@code v}, whose gradient goes into the graph's gradient view so that the graph's
 * updater trains it.
 */
public class AdditiveAttentionVertex extends BaseGraphVertex {
    private final AdditiveAttention conf;
    private final INDArray params;      // [A], a view of the graph's parameters
    private INDArray gradients;         // [A], a view of the graph's gradients
    private TrainingConfig trainingConfig;
    private INDArray sourceMask;        // [B, Ts] or null
    private INDArray queryMask;         // [B, Tt] or null (the output's mask)
    private INDArray weights;           // [B, Tt, Ts] from the last forward pass, outside workspaces
    private double[] tanh = new double[0];  // [B, Tt, Ts, A] of the last training forward pass
    private boolean tanhValid;          // whether tanh belongs to the last forward pass

    AdditiveAttentionVertex(ComputationGraph graph, String name, int index, AdditiveAttention conf, INDArray params,
                            DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.conf = conf;
        this.params = params;
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
    public INDArray params() {
        return params;
    }

    @Override
    public long numParams() {
        return params.length();
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropOnly) {
        Map<String, INDArray> table = new LinkedHashMap<>();
        table.put(AdditiveAttention.PARAM_V, params);
        return table;
    }

    @Override
    public INDArray getGradientsViewArray() {
        return gradients;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray == null || backpropGradientsViewArray.length() != params.length()) {
            throw new IllegalStateException(this + ": the gradient view must have " + params.length()
                    + " values (one per entry of v), got "
                    + (backpropGradientsViewArray == null ? "none" : SourceAttention.shape(backpropGradientsViewArray)));
        }
        gradients = backpropGradientsViewArray;
    }

    /**
     * How the graph's updater trains {@code v}: the updater of the configuration, or else the one most of the
     * graph's other trainable parameters use; no regularization, no gradient normalization.
     */
    @Override
    public TrainingConfig getConfig() {
        if (trainingConfig == null) {
            trainingConfig = new Training(getVertexName(), resolveUpdater());
        }
        return trainingConfig;
    }

    private IUpdater resolveUpdater() {
        if (conf.getUpdater() != null) {
            return conf.getUpdater();
        }
        Map<IUpdater, Integer> votes = new LinkedHashMap<>();
        IUpdater noOp = null;
        for (GraphVertex other : graph.getVertices()) {
            if (other == this || other instanceof AdditiveAttentionVertex || other.numParams() == 0
                    || other.getConfig() == null) {
                continue;
            }
            for (String key : other.paramTable(false).keySet()) {
                IUpdater u = other.getConfig().getUpdaterByParam(key);
                if (u instanceof NoOp) {
                    noOp = u;                       // frozen layers: count only if nothing else is trained
                } else if (u != null) {
                    votes.merge(u, 1, Integer::sum);
                }
            }
        }
        IUpdater best = null;
        int most = 0;
        for (Map.Entry<IUpdater, Integer> e : votes.entrySet()) {
            if (e.getValue() > most) {             // ties: the first in topological order
                best = e.getKey();
                most = e.getValue();
            }
        }
        if (best != null) {
            return best;
        }
        if (noOp != null) {
            return noOp;
        }
        throw new IllegalStateException(this + ": no other trainable parameter in the graph to take the updater "
                + "from; give one with new AdditiveAttention(queries, attention, values, updater)");
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return true;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(this + ": cannot do the forward pass, inputs not set");
        }
        INDArray q = inputs[0];
        INDArray qp = inputs[1];
        INDArray kp = inputs[2];
        INDArray v = inputs[3];
        if (graph.getInputMaskArrays() == null) {      // this pass has no masks: forget those of an earlier one
            sourceMask = null;
            queryMask = null;
        }
        checkShapes(q, qp, kp, v);
        int b = (int) q.size(0);
        int tt = (int) q.size(2);
        int ts = (int) kp.size(2);
        int a = conf.getAttention();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{b, conf.outputSize(), tt}, 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            double[] qpRows = AdditiveAttention.featuresLast(AdditiveAttention.doubles(qp), b, a, tt);
            double[] kpRows = AdditiveAttention.featuresLast(AdditiveAttention.doubles(kp), b, a, ts);
            int cells = b * tt * ts * a;
            if (training && tanh.length < cells) {
                tanh = new double[cells];
            }
            double[] scores = AdditiveAttention.scores(qpRows, kpRows, AdditiveAttention.doubles(params), b, tt, ts,
                    a, training ? tanh : null);
            tanhValid = training;
            INDArray s = Nd4j.createFromArray(scores).reshape('c', (long) b * tt, ts).castTo(dataType);
            weights = SourceAttentionVertex.maskedSoftmaxRows(s, sourceMask, tt).reshape('c', b, tt, ts);
            // contiguous copies: batched matmul mis-reads some strided views (TimeDistributed's permuted outputs)
            INDArray context = Nd4j.matmul(contiguous(v), weights, false, true, false);              // [B,E,Tt]
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, conf.getQueries()), NDArrayIndex.all()).assign(q);
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(conf.getQueries(), conf.outputSize()),
                    NDArrayIndex.all()).assign(context);
        }
        return out;
    }

    private void checkShapes(INDArray q, INDArray qp, INDArray kp, INDArray v) {
        if (q.rank() != 3 || qp.rank() != 3 || kp.rank() != 3 || v.rank() != 3) {
            throw new IllegalStateException(this + ": inputs must be rank 3 [batch, size, time]; got queries "
                    + SourceAttention.shape(q) + ", projected queries " + SourceAttention.shape(qp)
                    + ", projected keys " + SourceAttention.shape(kp) + ", values " + SourceAttention.shape(v));
        }
        long b = q.size(0);
        int a = conf.getAttention();
        if (q.size(1) != conf.getQueries() || qp.size(1) != a || kp.size(1) != a || v.size(1) != conf.getValues()
                || qp.size(0) != b || kp.size(0) != b || v.size(0) != b || qp.size(2) != q.size(2)
                || v.size(2) != kp.size(2)) {
            throw new IllegalStateException(this + " expects queries [B," + conf.getQueries() + ",Tt], projected "
                    + "queries [B," + a + ",Tt], projected keys [B," + a + ",Ts], values [B," + conf.getValues()
                    + ",Ts]; got " + SourceAttention.shape(q) + ", " + SourceAttention.shape(qp) + ", "
                    + SourceAttention.shape(kp) + ", " + SourceAttention.shape(v));
        }
        if (sourceMask != null && (sourceMask.size(0) != b || sourceMask.size(1) != kp.size(2))) {
            throw new IllegalStateException(this + ": the stored source mask has shape "
                    + SourceAttention.shape(sourceMask) + " but the batch has " + b + " rows of "
                    + kp.size(2) + " source steps; set the feature masks for every batch");
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(this + ": cannot do the backward pass, epsilon not set");
        }
        if (gradients == null) {
            throw new IllegalStateException(this + ": no gradient view set; the graph sets it before backprop");
        }
        INDArray q = inputs[0];
        INDArray qp = inputs[1];
        INDArray kp = inputs[2];
        INDArray v = inputs[3];
        int b = (int) q.size(0);
        int tt = (int) q.size(2);
        int ts = (int) kp.size(2);
        int a = conf.getAttention();
        int h = conf.getQueries();
        INDArray epsilon = this.epsilon;
        INDArray dq = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, q.shape(), 'c');
        INDArray dqp = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, qp.shape(), 'c');
        INDArray dkp = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, kp.shape(), 'c');
        INDArray dv = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, v.shape(), 'c');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            double[] vec = AdditiveAttention.doubles(params);
            int cells = b * tt * ts * a;
            if (!tanhValid || tanh.length < cells) {  // the last forward pass kept no tanh values: redo them
                if (tanh.length < cells) {
                    tanh = new double[cells];
                }
                AdditiveAttention.scores(AdditiveAttention.featuresLast(AdditiveAttention.doubles(qp), b, a, tt),
                        AdditiveAttention.featuresLast(AdditiveAttention.doubles(kp), b, a, ts), vec, b, tt, ts, a,
                        tanh);
                tanhValid = true;
            }
            INDArray values = contiguous(v);
            INDArray eps = contiguous(epsilon);
            INDArray dqDirect = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h), NDArrayIndex.all());
            INDArray dc = eps.get(NDArrayIndex.all(), NDArrayIndex.interval(h, conf.outputSize()),
                    NDArrayIndex.all()).dup('c');                                                   // [B,E,Tt]
            dv.assign(Nd4j.matmul(dc, weights));                                                    // [B,E,Ts]
            INDArray da = Nd4j.matmul(dc, values, true, false, false);                              // [B,Tt,Ts]
            double[] ds = AdditiveAttention.doubles(SourceAttentionVertex.softmaxBackwardRows(
                    weights.reshape('c', (long) b * tt, ts), da.reshape('c', (long) b * tt, ts)));   // [B,Tt,Ts]
            // through S = v . T and T = tanh(Qp_t + Kp_s)
            double[] dvec = new double[a];
            double[] dqpRows = new double[b * tt * a];                                              // [B,Tt,A]
            double[] dkpRows = new double[b * ts * a];                                              // [B,Ts,A]
            for (int bi = 0; bi < b; bi++) {
                for (int t = 0; t < tt; t++) {
                    int qOff = (bi * tt + t) * a;
                    for (int s = 0; s < ts; s++) {
                        int cell = (bi * tt + t) * ts + s;
                        double g = ds[cell];
                        if (g == 0) {                  // padding (weight 0) and masked target steps add nothing
                            continue;
                        }
                        int kOff = (bi * ts + s) * a;
                        int tOff = cell * a;
                        for (int i = 0; i < a; i++) {
                            double th = tanh[tOff + i];
                            dvec[i] += g * th;
                            double pre = g * vec[i] * (1 - th * th);
                            dqpRows[qOff + i] += pre;
                            dkpRows[kOff + i] += pre;
                        }
                    }
                }
            }
            dq.assign(dqDirect);
            dqp.assign(Nd4j.createFromArray(AdditiveAttention.featuresMiddle(dqpRows, b, a, tt))
                    .reshape('c', b, a, tt).castTo(dataType));
            dkp.assign(Nd4j.createFromArray(AdditiveAttention.featuresMiddle(dkpRows, b, a, ts))
                    .reshape('c', b, a, ts).castTo(dataType));
            gradients.assign(Nd4j.createFromArray(dvec).castTo(gradients.dataType()).reshape(gradients.shape()));
        }
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(AdditiveAttention.PARAM_V, gradients);
        return new Pair<>(gradient, new INDArray[]{dq, dqp, dkp, dv});
    }

    private INDArray contiguous(INDArray a) {
        return a.castTo(dataType).dup('c');
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        queryMask = maskArrays == null ? null : maskArrays[0];
        sourceMask = maskArrays == null ? null : maskArrays[3];
        return new Pair<>(queryMask, currentMaskState);
    }

    @Override
    public String toString() {
        return "AdditiveAttentionVertex(" + getVertexName() + ")";
    }

    /** The training configuration of {@code v}: one updater, no regularization, no gradient normalization. */
    private static final class Training implements TrainingConfig {
        private final String name;
        private final IUpdater updater;

        Training(String name, IUpdater updater) {
            this.name = name;
            this.updater = updater;
        }

        @Override
        public String getLayerName() {
            return name;
        }

        @Override
        public List<Regularization> getRegularizationByParam(String paramName) {
            check(paramName);
            return Collections.emptyList();
        }

        @Override
        public boolean isPretrainParam(String paramName) {
            check(paramName);
            return false;
        }

        @Override
        public IUpdater getUpdaterByParam(String paramName) {
            check(paramName);
            return updater;
        }

        @Override
        public GradientNormalization getGradientNormalization() {
            return GradientNormalization.None;
        }

        @Override
        public double getGradientNormalizationThreshold() {
            return 1.0;
        }

        @Override
        public void setDataType(DataType dataType) {
            // v lives in the graph's parameter view and has the network's data type
        }

        private void check(String paramName) {
            if (!AdditiveAttention.PARAM_V.equals(paramName)) {
                throw new IllegalArgumentException("vertex \"" + name + "\" has only the parameter \""
                        + AdditiveAttention.PARAM_V + "\", not \"" + paramName + "\"");
            }
        }
    }
}
