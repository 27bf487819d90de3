package io.github.rnnkit.presets.seq2seq;

import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.layers.AdditiveAttention;
import io.github.rnnkit.core.layers.DropMask;
import io.github.rnnkit.core.layers.SequenceSoftmax;
import io.github.rnnkit.core.layers.SourceAttention;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The top of every rnnkit decoder that attends over a set of vectors (a source sentence's encoder outputs, an
 * image's feature map): attention of the decoder states over the values, the decoder state concatenated with the
 * context, a tanh layer and a softmax over the output symbols. One place builds it into a graph
 * ({@link #addTo}) and one computes it for a single decoding step with the graph's own parameters
 * ({@link #step}), so that training and step-wise decoding cannot drift apart.
 *
 * <pre>
 * decoder states H [B, h, T], values V [B, e, S]
 *   keys K = W V (TimeDistributed, no bias for MULTIPLICATIVE)
 *   MULTIPLICATIVE: a_t = softmax_s(h_t . k_s);  ADDITIVE: a_t = softmax_s(v . tanh(U h_t + k_s))
 *   [h_t ; sum_s a_ts v_s] (NONE: h_t) -> tanh layer (h) -> softmax over V symbols
 * </pre>
 */
public final class AttentionHead {
    public static final String KEYS = "att_keys";
    public static final String QUERIES = "att_queries";
    public static final String ATTENTION = "attention";
    public static final String COMBINE = "combine";
    public static final String OUTPUT = "out";

    private AttentionHead() {
    }

    /**
     * Adds the head on {@code decoderTop} (h wide) attending over {@code values} (e wide, its mask the values' mask);
     * the output layer, {@link #OUTPUT}, is the graph's output.
     *
     * @param dropout input dropout of the tanh layer, in [0, 1)
     */
    public static void addTo(ComputationGraphConfiguration.GraphBuilder g, Attention attention, String decoderTop,
                             int h, String values, int e, double dropout, int symbols) {
        String attended = decoderTop;
        int attendedSize = h;
        if (attention != Attention.NONE) {
            // TimeDistributed layers read unmasked inputs (see DropMask); the attention masks the values itself
            g.addVertex(values + "_unmasked", new DropMask(), values);
            boolean additive = attention == Attention.ADDITIVE;
            g.addLayer(KEYS, new TimeDistributed(new DenseLayer.Builder().nIn(e).nOut(h)
                    .activation(Activation.IDENTITY).hasBias(additive).build(), RNNFormat.NCW), values + "_unmasked");
            if (additive) {
                g.addVertex(decoderTop + "_unmasked", new DropMask(), decoderTop);
                g.addLayer(QUERIES, new TimeDistributed(new DenseLayer.Builder().nIn(h).nOut(h)
                        .activation(Activation.IDENTITY).hasBias(false).build(), RNNFormat.NCW),
                        decoderTop + "_unmasked");
                g.addVertex(ATTENTION, new AdditiveAttention(h, h, e), decoderTop, QUERIES, KEYS, values);
            } else {
                g.addVertex(ATTENTION, new SourceAttention(h, e), decoderTop, KEYS, values);
            }
            attended = ATTENTION;
            attendedSize = h + e;
        }
        g.addVertex(attended + "_unmasked", new DropMask(), attended);      // the loss masks output padding
        g.addLayer(COMBINE, new TimeDistributed(RecurrentLayers.withInputDropout(new DenseLayer.Builder()
                .nIn(attendedSize).nOut(h).activation(Activation.TANH).build(), dropout), RNNFormat.NCW),
                attended + "_unmasked");
        g.addLayer(OUTPUT, SequenceSoftmax.of(h, symbols), COMBINE).setOutputs(OUTPUT);
    }

    /**
     * One step of the head for R rows.
     *
     * @param hidden the top decoder layer's output [R, h]
     * @param keys   {@link #KEYS}' output for the rows' values [R, h, S] (null for NONE)
     * @param values [R, e, S] (null for NONE)
     * @param mask   the values' mask [R, S], or null for none
     * @return the logits [R, V] and the attention weights [R, S] (null for NONE)
     */
    public static Step step(ComputationGraph network, Attention attention, INDArray hidden, INDArray keys,
                            INDArray values, INDArray mask) {
        INDArray weights = null;
        if (attention != Attention.NONE) {
            INDArray[] wc = attention == Attention.MULTIPLICATIVE
                    ? SourceAttention.attend(hidden, keys, values, mask)
                    : AdditiveAttention.attend(hidden.mmul(network.getLayer(QUERIES).getParam("W")), keys, values,
                    mask, network.paramTable().get(ATTENTION + "_" + AdditiveAttention.PARAM_V));
            weights = wc[0];
            hidden = Nd4j.concat(1, hidden, wc[1]);
        }
        Layer combine = network.getLayer(COMBINE);
        INDArray z = Transforms.tanh(hidden.mmul(combine.getParam("W")).addiRowVector(combine.getParam("b")), false);
        Layer out = network.getLayer(OUTPUT);
        return new Step(z.mmul(out.getParam("W")).addiRowVector(out.getParam("b")), weights);
    }

    /** The outcome of {@link #step}. */
    public record Step(INDArray logits, INDArray weights) {
    }
}
