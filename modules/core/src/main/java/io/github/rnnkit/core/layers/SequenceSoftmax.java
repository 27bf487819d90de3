package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.Checks;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.Collection;
import java.util.Map;

/**
 * A per-step softmax over many classes (a word language model's vocabulary) with a sparse cross-entropy loss:
 * DL4J's {@code RnnOutputLayer} with {@code SPARSE_MCXENT}, computed the fast way.
 *
 * <p>Input [B, H, T] (NCW); labels [B, 1, T] holding class indices (no one-hot array of B x V x T floats), or
 * one-hot labels [B, V, T] with {@link #oneHot} (DL4J's {@code MCXENT}); output probabilities [B, V, T]. Equations, per step and example (x the input, y the label):
 * z = x W + b, p = softmax(z), loss = -log p_y (summed over real steps and divided by B, as DL4J scores);
 * dz = p - onehot(y), dW = x^T dz, db = sum dz, dx = dz W^T. Same parameters (W [H, V], b [1, V]), score and
 * gradients as DL4J's layer (tested to 1e-12 in double precision), so bundles move between the two.
 *
 * <p>Why: DL4J's layer multiplies into a column-major matrix and runs softmax across its strided rows, then
 * permutes [B*T, V] back to [B, V, T]; with a 20,000-word vocabulary that cost 45 ns per (step x class), most of a
 * word LM's training step. Here the input is gathered into time-major rows once (H wide, cheap), every product
 * is one OpenBLAS GEMM on row-major buffers, softmax runs along contiguous rows with the vector kernels, and in
 * training the probabilities never leave that buffer. In one-step generation ({@code rnnTimeStep} at batch 1) the
 * layer is one GEMV and a softmax, where DL4J's runs a dozen ND4J ops (~30% of a character model's step).
 *
 * <pre>{@code
 * list.layer(SequenceSoftmax.of(256, vocabularySize));
 * }</pre>
 */
public class SequenceSoftmax extends RnnOutputLayer {

    /** For JSON; use {@link #of}. */
    public SequenceSoftmax() {
        setActivationFn(new ActivationSoftmax());
        setLossFn(new LossSparseMCXENT());
        setRnnDataFormat(RNNFormat.NCW);
        setHasBias(true);
    }

    /**
     * @param nIn     input features per step, at least 1
     * @param classes classes per step (the vocabulary), at least 2
     */
    public static SequenceSoftmax of(int nIn, int classes) {
        Checks.positive(nIn, "nIn");
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        SequenceSoftmax s = new SequenceSoftmax();
        s.setNIn(nIn);
        s.setNOut(classes);
        return s;
    }

    /**
     * The same layer for one-hot labels [B, V, T] (DL4J's {@code RnnOutputLayer} with {@code MCXENT}, as a
     * character model's one-hot batches come): same equations, score and gradients; soft or multi-hot labels are
     * refused.
     *
     * @param nIn     input features per step, at least 1
     * @param classes classes per step, at least 2
     */
    public static SequenceSoftmax oneHot(int nIn, int classes) {
        SequenceSoftmax s = of(nIn, classes);
        s.setLossFn(new LossMCXENT());
        return s;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (getIDropout() != null) {
            throw new IllegalArgumentException("SequenceSoftmax has no input dropout; put dropout on the layer below");
        }
        SequenceSoftmaxLayer ret = new SequenceSoftmaxLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }
}
