package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static io.github.rnnkit.core.layers.GruParamInitializer.BIAS_KEY;
import static io.github.rnnkit.core.layers.GruParamInitializer.RECURRENT_BIAS_KEY;
import static io.github.rnnkit.core.layers.GruParamInitializer.RECURRENT_WEIGHT_KEY;
import static io.github.rnnkit.core.layers.GruParamInitializer.WEIGHT_KEY;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The runtime of {@link Gru} (see its equations). Input and output are [batch, features, time] (NCW; NWC
 * when the layer is configured so). Per step: x(t) [mb, nIn], h [mb, n], gate pre-activations [mb, 3n].
 *
 * <p>The backward pass recomputes the forward from the initial state the last forward pass really used
 * (zeros, the carried truncated-BPTT state, or the {@code rnnTimeStep} state), so the gradient is the
 * gradient of what was computed, whichever of DL4J's backward entry points is called.
 */
public class GruLayer extends BaseRecurrentLayer<Gru> {
    /** Key of the last hidden state in the rnnTimeStep and truncated-BPTT state maps. */
    public static final String STATE_KEY = "prevAct";

    /** The initial state of the latest forward pass (detached), or null for zeros. */
    private INDArray lastInitialState;

    public GruLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Per-step values the backward pass needs; arrays [mb, n] indexed by time. */
    private record Forward(INDArray out, INDArray[] x, INDArray[] hPrev, INDArray[] r, INDArray[] u, INDArray[] n,
                           INDArray[] mN) {
    }

    private Forward forward(INDArray h0, boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException("Gru layer (index " + getIndex() + ") expects rank-3 input [batch, "
                    + "features, time], got shape " + java.util.Arrays.toString(input.shape()));
        }
        applyDropOutIfNecessary(training, mgr);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = permuteIfNWC(input.castTo(dataType));
            int mb = (int) x.size(0);
            int steps = (int) x.size(2);
            int n = (int) layerConf().getNOut();
            if (h0 != null && h0.size(0) != mb) {
                throw new IllegalStateException("Gru layer (index " + getIndex() + "): the stored state has batch size "
                        + h0.size(0) + " but the input has " + mb + "; call rnnClearPreviousState() between batches");
            }
            INDArray w = getParamWithNoise(WEIGHT_KEY, training, mgr);
            INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, training, mgr);
            INDArray b = getParamWithNoise(BIAS_KEY, training, mgr);
            INDArray rb = getParamWithNoise(RECURRENT_BIAS_KEY, training, mgr);
            INDArray out = Nd4j.create(dataType, new long[]{mb, n, steps}, 'f');
            Forward f = new Forward(out, new INDArray[steps], new INDArray[steps], new INDArray[steps],
                    new INDArray[steps], new INDArray[steps], new INDArray[steps]);
            INDArray h = h0 == null ? Nd4j.zeros(dataType, mb, n) : h0.castTo(dataType).dup();
            for (int t = 0; t < steps; t++) {
                INDArray xt = x.get(all(), all(), point(t)).dup('c');                 // [mb, nIn]
                INDArray a = xt.mmul(w).addiRowVector(b);                              // a = x W + b   [mb, 3n]
                INDArray m = h.mmul(rw).addiRowVector(rb);                             // m = h RW + rb [mb, 3n]
                INDArray r = Transforms.sigmoid(a.get(all(), interval(0, n)).add(m.get(all(), interval(0, n))), false);
                INDArray u = Transforms.sigmoid(a.get(all(), interval(n, 2 * n)).add(m.get(all(), interval(n, 2 * n))),
                        false);
                INDArray mN = m.get(all(), interval(2 * n, 3 * n)).dup();
                INDArray cand = Transforms.tanh(a.get(all(), interval(2 * n, 3 * n)).add(r.mul(mN)), false);
                INDArray hNew = h.mul(u).addi(cand.mul(u.rsub(1.0)));                  // (1 - u) n + u h(t-1)
                if (maskArray != null) {
                    hNew.muliColumnVector(maskArray.getColumn(t, true).castTo(dataType));   // masked: h = 0
                }
                out.get(all(), all(), point(t)).assign(hNew);
                f.x()[t] = xt;
                f.hPrev()[t] = h;
                f.r()[t] = r;
                f.u()[t] = u;
                f.n()[t] = cand;
                f.mN()[t] = mN;
                h = hNew;
            }
            return f;
        }
    }

    private INDArray output(Forward f, LayerWorkspaceMgr mgr) {
        return permuteIfNWC(mgr.dup(ArrayType.ACTIVATIONS, f.out(), 'f'));
    }

    private static INDArray lastStep(INDArray out) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return out.get(all(), all(), point(out.size(2) - 1)).dup('c');
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        lastInitialState = null;
        return output(forward(null, training, mgr), mgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        lastInitialState = stateMap.get(STATE_KEY);
        Forward f = forward(lastInitialState, false, mgr);
        stateMap.put(STATE_KEY, lastStep(f.out()));
        return output(f, mgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr mgr) {
        setInput(input, mgr);
        lastInitialState = tBpttStateMap.get(STATE_KEY);
        Forward f = forward(lastInitialState, training, mgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE_KEY, lastStep(f.out()));
        }
        return output(f, mgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        return tbpttBackpropGradient(epsilon, -1, mgr);
    }

    /**
     * Backward through time (see {@link io.github.rnnkit.core.layers.Gru} and the reference
     * {@code io.github.rnnkit.gradcheck.Gru}): per step, from the last,
     * <pre>
     *   grad n = grad h (1 - u)   grad u = grad h (h(t-1) - n)   grad h(t-1) = grad h u + grad m RW^T
     *   grad a_n = grad n (1 - n^2)   grad m_n = grad a_n r   grad r = grad a_n m_n
     *   grad a_r = grad m_r = grad r r (1 - r)   grad a_u = grad m_u = grad u u (1 - u)
     * </pre>
     *
     * @param tbpttBackLength if > 0, gradients flow back through at most this many steps
     */
    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        Forward f = forward(lastInitialState, true, mgr);
        INDArray gW = gradientViews.get(WEIGHT_KEY);
        INDArray gRW = gradientViews.get(RECURRENT_WEIGHT_KEY);
        INDArray gb = gradientViews.get(BIAS_KEY);
        INDArray grb = gradientViews.get(RECURRENT_BIAS_KEY);
        INDArray epsOut;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray eps = permuteIfNWC(epsilon).castTo(dataType);
            INDArray w = getParamWithNoise(WEIGHT_KEY, true, mgr);
            INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, true, mgr);
            int steps = f.x().length;
            int mb = (int) f.out().size(0);
            int n = (int) layerConf().getNOut();
            long nIn = layerConf().getNIn();
            gradientsFlattened.assign(0);
            epsOut = Nd4j.create(dataType, new long[]{mb, nIn, steps}, 'f');   // zeros: steps cut by tBPTT get none
            int end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
            INDArray dhNext = Nd4j.zeros(dataType, mb, n);
            for (int t = steps - 1; t >= end; t--) {
                INDArray dh = eps.get(all(), all(), point(t)).dup('c').addi(dhNext);      // output + future
                if (maskArray != null) {
                    dh.muliColumnVector(maskArray.getColumn(t, true).castTo(dataType));  // through h = mask * h~
                }
                INDArray u = f.u()[t];
                INDArray r = f.r()[t];
                INDArray cand = f.n()[t];
                INDArray dN = dh.mul(u.rsub(1.0));                                   // into n
                INDArray dU = dh.mul(f.hPrev()[t].sub(cand));                        // into u
                INDArray dhPrev = dh.mul(u);                                         // into h(t-1), direct path
                INDArray daN = dN.muli(cand.mul(cand).rsubi(1.0));                   // through tanh
                INDArray dmN = daN.mul(r);                                           // into m_n through r * m_n
                INDArray dzR = daN.mul(f.mN()[t]).muli(r.mul(r.rsub(1.0)));          // into r, through sigmoid
                INDArray dzU = dU.muli(u.mul(u.rsub(1.0)));                          // through sigmoid
                INDArray da = Nd4j.hstack(dzR, dzU, daN);                           // grad a [mb, 3n]
                INDArray dm = Nd4j.hstack(dzR, dzU, dmN);                           // grad m [mb, 3n]
                Nd4j.gemm(f.x()[t], da, gW, true, false, 1.0, 1.0);                  // into W: x^T grad a
                gb.addi(da.sum(true, 0));                                            // into b
                Nd4j.gemm(f.hPrev()[t], dm, gRW, true, false, 1.0, 1.0);             // into RW: h(t-1)^T grad m
                grb.addi(dm.sum(true, 0));                                           // into rb
                Nd4j.gemm(dm, rw, dhPrev, false, true, 1.0, 1.0);                    // into h(t-1) through RW
                epsOut.get(all(), all(), point(t)).assign(da.mmul(w.transpose()));   // into x: grad a W^T
                dhNext = dhPrev;
            }
        }
        weightNoiseParams.clear();
        Gradient grad = new DefaultGradient(gradientsFlattened);
        grad.gradientForVariable().put(WEIGHT_KEY, gW);
        grad.gradientForVariable().put(RECURRENT_WEIGHT_KEY, gRW);
        grad.gradientForVariable().put(BIAS_KEY, gb);
        grad.gradientForVariable().put(RECURRENT_BIAS_KEY, grb);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(grad, permuteIfNWC(mgr.dup(ArrayType.ACTIVATION_GRAD, epsOut, 'f')));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void rnnClearPreviousState() {
        super.rnnClearPreviousState();
        lastInitialState = null;
    }
}
