package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.Checks;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A word's vector from two sources: a lookup table of word embeddings and a character CNN over its spelling
 * (max-pooled over positions), concatenated. The character half gives a word that the word table maps to UNK a
 * vector built from its prefixes, suffixes, capitals and digits, which is what lifts a tagger's accuracy on
 * unknown words.
 *
 * <p>Input [B, 1 + L, T] (NCW): row 0 the word id, rows 1..L the ids of its first L characters, padded with
 * character id 0 (reserved for padding: the characters of a word end at its first 0). Output
 * [B, E + F, T]: the word's embedding (E values) then F character features. Equations for one word with
 * characters c_0 .. c_{n-1} (n real characters, windows j = 0 .. max(1, n - k + 1) - 1):
 * <pre>
 *   z_j = b + sum_{i < k} C[c_{j+i}] K_i        (C: [charVocab, D] char embeddings, K_i: [D, F] rows i*D.. of K)
 *   f   = tanh(max_j z_j)                         (per filter; ties take the first window)
 *   out = [ W[word], f ]
 * </pre>
 * Masked steps output zeros and pass no gradient. The layer has no input dropout (its input is ids); put
 * dropout on the layer above. It has word dropout instead ({@link #withWordDropout}): in training each word id
 * is replaced by the unknown word's with a given probability, so that the UNK vector learns what the words
 * outside the vocabulary need, while their spelling still reaches the CNN.
 *
 * <pre>{@code
 * graph.addLayer("embed", WordCharEmbedding.of(wordVocabulary, 100, charVocabulary, 30, 50, 3, 20), "tokens");
 * }</pre>
 */
public class WordCharEmbedding extends FeedForwardLayer {
    private int words;
    private int wordSize;
    private int chars;
    private int charSize;
    private int filters;
    private int width;
    private int maxChars;
    private double wordDropout;
    private int unknownWord;

    /** For JSON; use {@link #of}. */
    public WordCharEmbedding() {
        setActivationFn(new ActivationIdentity());
    }

    /**
     * @param words    word vocabulary size, at least 2
     * @param wordSize word embedding size E, at least 1
     * @param chars    character vocabulary size (id 0 is padding), at least 2
     * @param charSize character embedding size D, at least 1
     * @param filters  character CNN filters F, at least 1
     * @param width    CNN window k in characters, at least 1
     * @param maxChars characters per word in the input, L >= 1
     */
    public static WordCharEmbedding of(int words, int wordSize, int chars, int charSize, int filters, int width,
                                       int maxChars) {
        if (words < 2) {
            throw new IllegalArgumentException("words (vocabulary size) must be at least 2, got " + words);
        }
        if (chars < 2) {
            throw new IllegalArgumentException("chars (character vocabulary size) must be at least 2, got " + chars);
        }
        WordCharEmbedding l = new WordCharEmbedding();
        l.words = words;
        l.wordSize = Checks.positive(wordSize, "wordSize");
        l.chars = chars;
        l.charSize = Checks.positive(charSize, "charSize");
        l.filters = Checks.positive(filters, "filters");
        l.width = Checks.positive(width, "width");
        l.maxChars = Checks.positive(maxChars, "maxChars");
        l.setNIn(1 + maxChars);
        l.setNOut(wordSize + filters);
        return l;
    }

    /**
     * Word embeddings only, with no character half (input [B, 1, T], output [B, E, T]): the ablation of a model
     * that reads spellings, and a word embedding with word dropout.
     */
    public static WordCharEmbedding wordsOnly(int words, int wordSize) {
        if (words < 2) {
            throw new IllegalArgumentException("words (vocabulary size) must be at least 2, got " + words);
        }
        WordCharEmbedding l = new WordCharEmbedding();
        l.words = words;
        l.wordSize = Checks.positive(wordSize, "wordSize");
        l.setNIn(1);
        l.setNOut(wordSize);
        return l;
    }

    /** Whether the layer has its character half. */
    public boolean readsCharacters() {
        return filters > 0;
    }

    /**
     * This layer with word dropout: in training each word id becomes {@code unknownWord} with probability
     * {@code p} in [0, 1) (0 turns it off).
     */
    public WordCharEmbedding withWordDropout(double p, int unknownWord) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("word dropout must be in [0, 1), got " + p);
        }
        if (unknownWord < 0 || unknownWord >= words) {
            throw new IllegalArgumentException("unknownWord must be a word id in [0, " + words + "), got "
                    + unknownWord);
        }
        WordCharEmbedding copy = (WordCharEmbedding) clone();
        copy.wordDropout = p;
        copy.unknownWord = unknownWord;
        return copy;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (getIDropout() != null) {
            throw new IllegalArgumentException("WordCharEmbedding has no input dropout (its input is ids); put dropout "
                    + "on the layer above");
        }
        WordCharEmbeddingLayer ret = new WordCharEmbeddingLayer(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    @Override
    public ParamInitializer initializer() {
        return WordCharParamInitializer.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.RNN) {
            throw new IllegalStateException("WordCharEmbedding (layer " + getLayerName() + ") needs recurrent input "
                    + "[batch, 1 + maxChars, time], got " + inputType);
        }
        long steps = ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength();
        return InputType.recurrent(getNOut(), steps, RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType.getType() == InputType.Type.RNN) {
            long size = ((InputType.InputTypeRecurrent) inputType).getSize();
            if (size != 1 + maxChars) {
                throw new IllegalArgumentException("WordCharEmbedding (layer " + getLayerName() + ") reads 1 + "
                        + maxChars + " rows per step (word id, then characters), but its input has " + size);
            }
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return null;
    }

    public int getWords() {
        return words;
    }

    public void setWords(int words) {
        this.words = words;
    }

    public int getWordSize() {
        return wordSize;
    }

    public void setWordSize(int wordSize) {
        this.wordSize = wordSize;
    }

    public int getChars() {
        return chars;
    }

    public void setChars(int chars) {
        this.chars = chars;
    }

    public int getCharSize() {
        return charSize;
    }

    public void setCharSize(int charSize) {
        this.charSize = charSize;
    }

    public int getFilters() {
        return filters;
    }

    public void setFilters(int filters) {
        this.filters = filters;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    public int getMaxChars() {
        return maxChars;
    }

    public void setMaxChars(int maxChars) {
        this.maxChars = maxChars;
    }

    public double getWordDropout() {
        return wordDropout;
    }

    public void setWordDropout(double wordDropout) {
        this.wordDropout = wordDropout;
    }

    public int getUnknownWord() {
        return unknownWord;
    }

    public void setUnknownWord(int unknownWord) {
        this.unknownWord = unknownWord;
    }
}
