package io.github.rnnkit.core.decode;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The array work every {@link StepModel} over a trained DL4J graph repeats: stepping a stack of recurrent layers
 * with carried state, picking hypotheses' rows of a state, and turning logits into log-probabilities.
 */
public final class StepArrays {
    private StepArrays() {
    }

    /**
     * One step of a stack of recurrent layers for R rows.
     *
     * @param layers the stack, bottom first (recurrent layers, or wrappers around one)
     * @param x      the bottom layer's input [R, nIn]
     * @param states per layer the state after the previous step, or null before the first step
     * @param next   receives per layer the state after this step (copies, safe to keep)
     * @return the top layer's output [R, h]
     */
    public static INDArray stepStack(List<Layer> layers, INDArray x, List<Map<String, INDArray>> states,
                                     List<Map<String, INDArray>> next) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int r = (int) x.size(0);
        for (int i = 0; i < layers.size(); i++) {
            RecurrentLayer layer = recurrent(layers.get(i));
            layer.rnnClearPreviousState();
            if (states != null) {
                layer.rnnSetPreviousState(new HashMap<>(states.get(i)));
            }
            INDArray y = layer.rnnTimeStep(x.reshape('c', r, x.size(1), 1), mgr);      // [R, h, 1]
            Map<String, INDArray> kept = new HashMap<>();
            layer.rnnGetPreviousState().forEach((k, v) -> kept.put(k, v.dup()));
            layer.rnnClearPreviousState();
            next.add(kept);
            x = y.reshape('c', r, y.size(1));
        }
        return x;
    }

    /** The states of {@code rows} of every layer's state, in that order (null stays null). */
    public static List<Map<String, INDArray>> pickStates(List<Map<String, INDArray>> states, int[] rows) {
        if (states == null) {
            return null;
        }
        List<Map<String, INDArray>> out = new ArrayList<>(states.size());
        for (Map<String, INDArray> m : states) {
            Map<String, INDArray> picked = new HashMap<>();
            m.forEach((k, v) -> picked.put(k, pick(v, rows)));
            out.add(picked);
        }
        return out;
    }

    /** Rows {@code rows} of {@code a} (rank 2 or 3), in that order, as a new c-ordered array. */
    public static INDArray pick(INDArray a, int[] rows) {
        if (a.rank() == 2) {
            return Nd4j.pullRows(a, 1, rows);
        }
        long[] shape = a.shape().clone();
        INDArray flat = (a.ordering() == 'c' && !a.isView() ? a : a.dup('c')).reshape('c', shape[0],
                shape[1] * shape[2]);
        shape[0] = rows.length;
        return Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
    }

    /**
     * Log-softmax of each row of {@code logits}, in place; {@code never} (e.g. PAD) gets log-probability minus
     * infinity so that no decoder emits it.
     */
    public static double[][] logSoftmaxRows(double[][] logits, int never) {
        for (double[] row : logits) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            double log = max + Math.log(sum);
            for (int j = 0; j < row.length; j++) {
                row[j] -= log;
            }
            if (never >= 0) {
                row[never] = Double.NEGATIVE_INFINITY;
            }
        }
        return logits;
    }

    /** Index of the largest value (the first on a tie). */
    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static RecurrentLayer recurrent(Layer layer) {
        if (layer instanceof RecurrentLayer r) {
            return r;
        }
        if (layer instanceof BaseWrapperLayer w && w.getUnderlying() instanceof RecurrentLayer r) {
            return r;
        }
        throw new IllegalStateException("decoder layer " + layer.conf().getLayer().getLayerName()
                + " is not a recurrent layer");
    }
}
