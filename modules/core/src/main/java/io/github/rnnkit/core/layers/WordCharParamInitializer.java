package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * Parameters of {@link WordCharEmbedding}, laid out in the flat view as row-major ('c') blocks
 * <pre>
 *   W [words, E]       word embeddings, N(0, 1/E)
 *   C [chars, D]       character embeddings, N(0, 1/D)
 *   K [k D, F]         the character CNN's kernel (rows i D .. i D + D - 1 act on the window's i-th character),
 *                      the layer's weight init (Xavier by default)
 *   b [1, F]           the CNN's bias, the bias init (0 by default)
 * </pre>
 * Row v of W is word v's vector, so a pretrained table can be copied in row by row.
 */
public final class WordCharParamInitializer implements ParamInitializer {
    public static final WordCharParamInitializer INSTANCE = new WordCharParamInitializer();
    public static final String WORD_KEY = "W";
    public static final String CHAR_KEY = "C";
    public static final String KERNEL_KEY = "K";
    public static final String BIAS_KEY = "b";

    private WordCharParamInitializer() {
    }

    private static WordCharEmbedding conf(Layer layer) {
        return (WordCharEmbedding) layer;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        WordCharEmbedding l = conf(layer);
        if (!l.readsCharacters()) {
            return (long) l.getWords() * l.getWordSize();
        }
        return (long) l.getWords() * l.getWordSize() + (long) l.getChars() * l.getCharSize()
                + (long) l.getWidth() * l.getCharSize() * l.getFilters() + l.getFilters();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return conf(layer).readsCharacters() ? List.of(WORD_KEY, CHAR_KEY, KERNEL_KEY, BIAS_KEY) : List.of(WORD_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return conf(layer).readsCharacters() ? List.of(WORD_KEY, CHAR_KEY, KERNEL_KEY) : List.of(WORD_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return conf(layer).readsCharacters() ? List.of(BIAS_KEY) : List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return !BIAS_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        WordCharEmbedding l = conf(conf.getLayer());
        Map<String, INDArray> m = subsets(l, paramsView);
        if (initializeParams) {
            INDArray w = m.get(WORD_KEY);
            w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(1.0 / Math.sqrt(l.getWordSize())));
        }
        if (initializeParams && l.readsCharacters()) {
            INDArray c = m.get(CHAR_KEY);
            c.assign(Nd4j.randn(c.dataType(), c.shape()).muli(1.0 / Math.sqrt(l.getCharSize())));
            IWeightInit init = l.getWeightInitFn() != null ? l.getWeightInitFn() : new WeightInitXavier();
            long rows = (long) l.getWidth() * l.getCharSize();
            init.init(rows, l.getFilters(), new long[]{rows, l.getFilters()}, 'c', m.get(KERNEL_KEY));
            m.get(BIAS_KEY).assign(l.getBiasInit());
        }
        for (String key : paramKeys(l)) {
            conf.addVariable(key);
        }
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return subsets(conf(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> subsets(WordCharEmbedding l, INDArray flat) {
        INDArray v = flat.reshape(flat.length());
        long[][] shapes = {
                {l.getWords(), l.getWordSize()},
                {l.getChars(), l.getCharSize()},
                {(long) l.getWidth() * l.getCharSize(), l.getFilters()},
                {1, l.getFilters()}};
        String[] keys = {WORD_KEY, CHAR_KEY, KERNEL_KEY, BIAS_KEY};
        Map<String, INDArray> m = new LinkedHashMap<>();
        long pos = 0;
        for (int i = 0; i < (l.readsCharacters() ? keys.length : 1); i++) {
            long size = shapes[i][0] * shapes[i][1];
            m.put(keys[i], v.get(interval(pos, pos + size)).reshape('c', shapes[i][0], shapes[i][1]));
            pos += size;
        }
        return m;
    }
}
