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
 * Parameters of {@link Gru}, laid out in the flat view as W [nIn, 3n] ('f'), RW [n, 3n] ('f'), b [1, 3n],
 * rb [1, 3n]. W uses the layer's weight init, RW its recurrent weight init (or the weight init), both biases
 * the bias init (0 by default).
 */
public final class GruParamInitializer implements ParamInitializer {
    public static final GruParamInitializer INSTANCE = new GruParamInitializer();
    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    public static final String RECURRENT_BIAS_KEY = "rb";

    private GruParamInitializer() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        Gru g = (Gru) layer;
        long n = g.getNOut();
        return g.getNIn() * 3 * n + n * 3 * n + 2 * 3 * n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY, RECURRENT_BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY, RECURRENT_BIAS_KEY);
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
        Gru g = (Gru) conf.getLayer();
        long nIn = g.getNIn();
        long n = g.getNOut();
        Map<String, INDArray> m = subsets(paramsView, nIn, n);
        if (initializeParams) {
            g.getWeightInitFn().init(nIn, 3 * n, new long[]{nIn, 3 * n}, 'f', m.get(WEIGHT_KEY));
            IWeightInit recurrent = g.getWeightInitFnRecurrent() != null ? g.getWeightInitFnRecurrent()
                    : g.getWeightInitFn();
            recurrent.init(n, 3 * n, new long[]{n, 3 * n}, 'f', m.get(RECURRENT_WEIGHT_KEY));
            m.get(BIAS_KEY).assign(g.getBiasInit());
            m.get(RECURRENT_BIAS_KEY).assign(g.getBiasInit());
        }
        for (String key : paramKeys(g)) {
            conf.addVariable(key);
        }
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        Gru g = (Gru) conf.getLayer();
        return subsets(gradientView, g.getNIn(), g.getNOut());
    }

    private static Map<String, INDArray> subsets(INDArray flat, long nIn, long n) {
        INDArray v = flat.reshape(flat.length());
        long pos = 0;
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(WEIGHT_KEY, v.get(interval(pos, pos + nIn * 3 * n)).reshape('f', nIn, 3 * n));
        pos += nIn * 3 * n;
        m.put(RECURRENT_WEIGHT_KEY, v.get(interval(pos, pos + n * 3 * n)).reshape('f', n, 3 * n));
        pos += n * 3 * n;
        m.put(BIAS_KEY, v.get(interval(pos, pos + 3 * n)).reshape(1, 3 * n));
        pos += 3 * n;
        m.put(RECURRENT_BIAS_KEY, v.get(interval(pos, pos + 3 * n)).reshape(1, 3 * n));
        return m;
    }
}
