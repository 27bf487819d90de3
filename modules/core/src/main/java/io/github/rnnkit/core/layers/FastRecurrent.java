package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.RecurrentCell;
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
 * The configuration side shared by rnnkit's recurrent layers {@link Lstm}, {@link Gru} and {@link Rnn}: one
 * runtime ({@link FastRecurrentLayer}), one parameter layout ({@link RecurrentParamInitializer}). The gate
 * nonlinearities are fixed (sigmoid gates, tanh candidate and output); the layer's {@code activation} setting is
 * ignored.
 *
 * <p>With {@code reverse} set, a layer reads each sequence from its last step to its first and writes its
 * outputs back in the original order (output t then summarises steps t..T-1): the right-to-left half of a
 * bidirectional layer, without the time-reversing copies of DL4J's {@code Bidirectional} wrapper. Right
 * padding then comes first, where masked steps keep the state at zero. A reverse layer reads whole sequences:
 * it cannot stream ({@code rnnTimeStep}) or train with truncated BPTT.
 */
public abstract class FastRecurrent extends BaseRecurrentLayer {
    private boolean reverse;
    private boolean skipInputGradient;

    protected FastRecurrent(BaseRecurrentLayer.Builder<?> builder) {
        super(builder);
    }

    /** For JSON deserialisation. */
    protected FastRecurrent() {
    }

    /** Whether the layer reads time right to left. */
    public boolean isReverse() {
        return reverse;
    }

    public void setReverse(boolean reverse) {
        this.reverse = reverse;
    }

    /**
     * Whether the backward pass leaves out the gradient with respect to the layer's input (one GEMM of rows x gates x
     * nIn and its copy) and hands DL4J null instead, as PyTorch leaves out the gradient of an input that does not
     * require one. Only for the first layer of a {@code MultiLayerNetwork} fed straight from the data, whose input
     * gradient {@code fit} throws away ({@link RecurrentLayers#stackOnData}); a layer below it, a preprocessor, the
     * {@code Bidirectional} wrapper or {@code calculateGradients} asking for input gradients would get null.
     */
    public boolean isSkipInputGradient() {
        return skipInputGradient;
    }

    public void setSkipInputGradient(boolean skipInputGradient) {
        this.skipInputGradient = skipInputGradient;
    }

    /** A copy of this configuration that reads time right to left. */
    public FastRecurrent reversed() {
        FastRecurrent copy = (FastRecurrent) clone();
        copy.setReverse(true);
        return copy;
    }

    /** The cell these equations implement. */
    public abstract RecurrentCell cell();

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        LayerValidation.assertNInNOutSet(getClass().getSimpleName(), getLayerName(), layerIndex, getNIn(), getNOut());
        FastRecurrentLayer layer = new FastRecurrentLayer(conf, networkDataType);
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
        return RecurrentParamInitializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return null;
    }
}
