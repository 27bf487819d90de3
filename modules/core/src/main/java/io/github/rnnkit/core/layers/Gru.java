package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A gated recurrent unit layer for DL4J (which has none), in the "reset after" variant of cuDNN, PyTorch's
 * {@code nn.GRU} and Keras' {@code reset_after=True}:
 *
 * <pre>
 *   a = x W + b            m = h(t-1) RW + rb           (row vectors; each 3n wide, blocks [r | u | n])
 *   r = sigmoid(a_r + m_r)            u = sigmoid(a_u + m_u)
 *   n = tanh(a_n + r * m_n)           h(t) = (1 - u) * n + u * h(t-1)
 * </pre>
 *
 * Parameters: {@code W} [nIn, 3n], {@code RW} [n, 3n], {@code b} and {@code rb} [1, 3n]; PyTorch's
 * {@code weight_ih}, {@code weight_hh}, {@code bias_ih}, {@code bias_hh} are their transposes/equals
 * (same gate order r, z, n). Cho et al. (2014) apply the reset gate before the recurrent product; this
 * layer does not. The gate nonlinearities are fixed (sigmoid, tanh); the layer's {@code activation}
 * setting is ignored.
 *
 * <p>It is a native DL4J recurrent layer: masks (masked steps output zero and pass no gradient), truncated
 * BPTT (the true truncated gradient, including the carried state's contribution, unlike DL4J M2.1's stock
 * layers; see docs/design.md), {@code rnnTimeStep}, the {@code Bidirectional} and {@code LastTimeStep}
 * wrappers, JSON and model-file round trips. Its backward pass is hand-derived and checked against the
 * reference in {@code io.github.rnnkit.gradcheck.Gru} and numerical gradients.
 *
 * <pre>{@code
 * .layer(new Gru.Builder().nIn(64).nOut(256).build())
 * }</pre>
 */
public class Gru extends BaseRecurrentLayer {

    protected Gru(Builder builder) {
        super(builder);
    }

    /** For JSON deserialisation. */
    protected Gru() {
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        LayerValidation.assertNInNOutSet("Gru", getLayerName(), layerIndex, getNIn(), getNOut());
        GruLayer layer = new GruLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return GruParamInitializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return null;
    }

    /** Builds a {@link Gru}: set at least {@code nIn} and {@code nOut}. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public Gru build() {
            return new Gru(this);
        }
    }
}
