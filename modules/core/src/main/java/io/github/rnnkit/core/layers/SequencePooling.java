package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.List;

/**
 * Pools a sequence [B, H, T] (NCW, with its mask [B, T]) into one vector per example [B, k H]: the output at the
 * last real step, the maximum and/or the mean over the real steps, side by side in the order given ("concat
 * pooling" is {@code of(LAST, MAX, MEAN)}). Padding never enters.
 *
 * <p>Same values and gradients as DL4J's composition of {@code LastTimeStepVertex} and {@code GlobalPoolingLayer}
 * (MAX, AVG) joined by a {@code MergeVertex} (tested in double precision): "last" is the last step whose mask is not
 * 0, MAX skips steps whose mask is 0 (its gradient goes to the first maximum), MEAN is sum(x m) / sum(m). An
 * example whose mask is all 0 pools to zeros (DL4J's composition gives step 0, -infinity and NaN there).
 *
 * <p>Why: DL4J's composition runs three masked reductions through ND4J broadcast ops with a copy of the whole
 * sequence each, and a strided gather for the last step; that was a quarter of a text classifier's prediction time.
 * Here one pass over each (example, unit) row of T contiguous values computes all three.
 *
 * <pre>{@code
 * graph.addLayer("pool", SequencePooling.of(Mode.LAST, Mode.MAX, Mode.MEAN), "rnn");
 * }</pre>
 */
public class SequencePooling extends NoParamLayer {
    /** One pooled quantity. */
    public enum Mode {
        /** The output at the last step whose mask is not 0. */
        LAST,
        /** The element-wise maximum over the steps whose mask is not 0. */
        MAX,
        /** The mask-weighted mean over the steps. */
        MEAN
    }

    private List<Mode> modes = List.of(Mode.LAST, Mode.MAX, Mode.MEAN);

    /** For JSON; use {@link #of}. */
    public SequencePooling() {
    }

    /** @param modes what to pool, in output order; at least one, none twice */
    public static SequencePooling of(Mode... modes) {
        SequencePooling p = new SequencePooling();
        p.setModes(List.of(modes));
        return p;
    }

    public List<Mode> getModes() {
        return modes;
    }

    public void setModes(List<Mode> modes) {
        if (modes == null || modes.isEmpty() || modes.stream().distinct().count() != modes.size()) {
            throw new IllegalArgumentException("SequencePooling needs one or more of " + List.of(Mode.values())
                    + ", none twice; got " + modes);
        }
        this.modes = List.copyOf(modes);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        SequencePoolingLayer ret = new SequencePoolingLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalArgumentException("SequencePooling (layer " + getLayerName() + ") needs recurrent input "
                    + "[batch, features, time], got " + inputType);
        }
        return InputType.feedForward(modes.size() * r.getSize());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(getLayerName(), SequencePooling.class, inputType, out)
                .standardMemory(0, 0).workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencePooling p && super.equals(o) && modes.equals(p.modes);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + modes.hashCode();
    }
}
