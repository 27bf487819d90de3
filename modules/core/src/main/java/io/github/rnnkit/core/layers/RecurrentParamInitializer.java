package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Parameters of rnnkit's recurrent layers ({@link Lstm}, {@link Gru}, {@link Rnn}), G gate blocks of n units
 * each (LSTM 4, GRU 3, RNN 1), laid out in the flat view as
 * <pre>
 *   W  [nIn, G n]  column-major ('f'), the input weights       (DL4J's LSTM and SimpleRnn use the same)
 *   RW [n, G n]    column-major ('f'), the recurrent weights
 *   b  [1, G n]    the bias
 *   rb [1, G n]    the recurrent bias (GRU only: its candidate gate needs it apart from b)
 * </pre>
 * W uses the layer's weight init, RW its recurrent weight init (or the weight init), the biases the bias init
 * (0 by default); an LSTM's forget-gate block of b starts at {@link Lstm#getForgetGateBiasInit()}.
 */
public final class RecurrentParamInitializer implements ParamInitializer {
    public static final RecurrentParamInitializer INSTANCE = new RecurrentParamInitializer();
    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    public static final String RECURRENT_BIAS_KEY = "rb";

    private RecurrentParamInitializer() {
    }

    private static FastRecurrent conf(Layer layer) {
        return (FastRecurrent) layer;
    }

    private static boolean hasRecurrentBias(Layer layer) {
        return conf(layer).cell() == io.github.rnnkit.core.RecurrentCell.GRU;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        FastRecurrent l = conf(layer);
        long width = (long) l.cell().gates() * l.getNOut();
        return l.getNIn() * width + l.getNOut() * width + (hasRecurrentBias(layer) ? 2 : 1) * width;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return hasRecurrentBias(layer) ? List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY, RECURRENT_BIAS_KEY)
                : List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return hasRecurrentBias(layer) ? List.of(BIAS_KEY, RECURRENT_BIAS_KEY) : List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key) || RECURRENT_BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        FastRecurrent l = conf(conf.getLayer());
        long nIn = l.getNIn();
        long n = l.getNOut();
        long width = l.cell().gates() * n;
        Map<String, INDArray> m = subsets(conf.getLayer(), paramsView);
        if (initializeParams) {
            l.getWeightInitFn().init(nIn, width, new long[]{nIn, width}, 'f', m.get(WEIGHT_KEY));
            IWeightInit recurrent = l.getWeightInitFnRecurrent() != null ? l.getWeightInitFnRecurrent()
                    : l.getWeightInitFn();
            recurrent.init(n, width, new long[]{n, width}, 'f', m.get(RECURRENT_WEIGHT_KEY));
            m.get(BIAS_KEY).assign(l.getBiasInit());
            if (l instanceof Lstm lstm) {
                m.get(BIAS_KEY).get(interval(0, 1), interval(n, 2 * n)).assign(lstm.getForgetGateBiasInit());
            }
            if (hasRecurrentBias(l)) {
                m.get(RECURRENT_BIAS_KEY).assign(l.getBiasInit());
            }
        }
        for (String key : paramKeys(l)) {
            conf.addVariable(key);
        }
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return subsets(conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> subsets(Layer layer, INDArray flat) {
        FastRecurrent l = conf(layer);
        long nIn = l.getNIn();
        long n = l.getNOut();
        long width = l.cell().gates() * n;
        INDArray v = flat.reshape(flat.length());
        long pos = 0;
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(WEIGHT_KEY, v.get(interval(pos, pos + nIn * width)).reshape('f', nIn, width));
        pos += nIn * width;
        m.put(RECURRENT_WEIGHT_KEY, v.get(interval(pos, pos + n * width)).reshape('f', n, width));
        pos += n * width;
        m.put(BIAS_KEY, v.get(interval(pos, pos + width)).reshape(1, width));
        pos += width;
        if (hasRecurrentBias(layer)) {
            m.put(RECURRENT_BIAS_KEY, v.get(interval(pos, pos + width)).reshape(1, width));
        }
        return m;
    }
}
