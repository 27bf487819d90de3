package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Additive attention of a decoder over a source sequence (Bahdanau et al. 2015) as a graph vertex with one
 * trainable parameter, the scoring vector {@code v} (key {@value #PARAM_V}, length A). Four inputs in this order:
 * <ol>
 *   <li>queries Q [B, H, Tt]: the decoder's states, copied into the output;</li>
 *   <li>projected queries Qp [B, A, Tt]: the decoder's states times U (a layer in front, no bias needed);</li>
 *   <li>projected keys Kp [B, A, Ts]: the encoder outputs times W (a layer in front, may carry the bias);</li>
 *   <li>values V [B, E, Ts]: the encoder outputs, whose mask is the source mask.</li>
 * </ol>
 * The scores are {@code score(t, s) = v . tanh(Qp[:, t] + Kp[:, s])}, the weights {@code a_t = softmax_s} of them
 * over the unmasked source steps only (exactly 0 on padding), and the output is {@code [q_t ; c_t]} with the context
 * {@code c_t = sum_s a_ts V[:, s]}: [B, H + E, Tt], masked like the queries. Inference step by step uses
 * {@link #attend}, the same arithmetic for one target step.
 *
 * <p>The source mask is the mask of the values' input (the graph hands it over with the feature masks); a pass
 * without feature masks attends over every source step.
 *
 * <p>{@code v} is trained by the network's updater: the one given here, or when that is null the updater that most
 * of the graph's other trainable parameters use (DL4J keeps the builder's global updater only inside the layers;
 * frozen layers' no-op updaters count only when nothing else is there). There is no regularization of {@code v}
 * and no gradient normalization.
 */
public class AdditiveAttention extends GraphVertex {
    /** Key of the scoring vector in the vertex's parameter table (the graph's key is {@code <vertex name>_v}). */
    public static final String PARAM_V = "v";

    private int queries;
    private int attention;
    private int values;
    private IUpdater updater;

    /**
     * Attention whose scoring vector is trained by the graph's updater (see the class comment).
     *
     * @param queries   width H of the raw queries (copied into the output)
     * @param attention width A of the projected queries and keys, and length of {@code v}
     * @param values    width E of the values (the encoder outputs)
     */
    public AdditiveAttention(int queries, int attention, int values) {
        this(queries, attention, values, null);
    }

    /**
     * @param queries   width H of the raw queries (copied into the output)
     * @param attention width A of the projected queries and keys, and length of {@code v}
     * @param values    width E of the values (the encoder outputs)
     * @param updater   updater of {@code v}, or null for the one most of the graph's parameters use
     */
    public AdditiveAttention(@JsonProperty("queries") int queries, @JsonProperty("attention") int attention,
                             @JsonProperty("values") int values, @JsonProperty("updater") IUpdater updater) {
        if (queries < 1 || attention < 1 || values < 1) {
            throw new IllegalArgumentException("attention widths must be at least 1, got queries=" + queries
                    + ", attention=" + attention + ", values=" + values);
        }
        this.queries = queries;
        this.attention = attention;
        this.values = values;
        this.updater = updater;
    }

    public int getQueries() {
        return queries;
    }

    public void setQueries(int queries) {
        this.queries = queries;
    }

    public int getAttention() {
        return attention;
    }

    public void setAttention(int attention) {
        this.attention = attention;
    }

    public int getValues() {
        return values;
    }

    public void setValues(int values) {
        this.values = values;
    }

    /** The updater of {@code v} given in the configuration, or null (then the graph's usual one is taken). */
    public IUpdater getUpdater() {
        return updater;
    }

    public void setUpdater(IUpdater updater) {
        this.updater = updater;
    }

    /** Width of the output: queries plus context. */
    public int outputSize() {
        return queries + values;
    }

    @Override
    public AdditiveAttention clone() {
        return new AdditiveAttention(queries, attention, values, updater == null ? null : updater.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdditiveAttention a && a.queries == queries && a.attention == attention
                && a.values == values && Objects.equals(a.updater, updater);
    }

    @Override
    public int hashCode() {
        return Objects.hash(queries, attention, values, updater, 0xadd);
    }

    @Override
    public long numParams(boolean backprop) {
        return attention;
    }

    @Override
    public int minVertexInputs() {
        return 4;
    }

    @Override
    public int maxVertexInputs() {
        return 4;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        if (paramsView == null || paramsView.length() != attention) {
            throw new IllegalStateException("AdditiveAttention \"" + name + "\" needs a parameter view of length "
                    + attention + ", got " + (paramsView == null ? "none" : SourceAttention.shape(paramsView)));
        }
        if (initializeParams) {
            // uniform(-1/sqrt(A), 1/sqrt(A)) from the graph's RNG (seeded by ComputationGraph.init)
            double bound = 1.0 / Math.sqrt(attention);
            INDArray u = Nd4j.rand(DataType.DOUBLE, (long) attention);
            paramsView.assign(u.muli(2 * bound).subi(bound).reshape(paramsView.shape()));
        }
        return new AdditiveAttentionVertex(graph, name, idx, this, paramsView, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 4) {
            throw new InvalidInputTypeException("AdditiveAttention takes 4 inputs (queries, projected queries, "
                    + "projected keys, values), got " + vertexInputs.length);
        }
        InputType q = vertexInputs[0];
        if (q instanceof InputType.InputTypeRecurrent r) {
            return InputType.recurrent(outputSize(), r.getTimeSeriesLength(), r.getFormat());
        }
        return InputType.recurrent(outputSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, AdditiveAttention.class, inputTypes[0], out)
                .standardMemory(attention, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /**
     * One step of additive attention for R rows (what a step-wise decoder calls); the caller concatenates its
     * query with the context as the vertex does.
     *
     * @param qp   [R, A] the projected decoder state
     * @param kp   [R, A, Ts] the projected keys
     * @param vals [R, E, Ts] the values
     * @param mask [R, Ts] 1 on source steps, 0 on padding, or null
     * @param v    the scoring vector, A values in any shape (the vertex's parameter {@value #PARAM_V})
     * @return {weights [R, Ts], context [R, E]}, in the data type of {@code qp}
     */
    public static INDArray[] attend(INDArray qp, INDArray kp, INDArray vals, INDArray mask, INDArray v) {
        if (qp.rank() != 2 || kp.rank() != 3 || vals.rank() != 3) {
            throw new IllegalArgumentException("attention shapes must be qp [R,A], kp [R,A,Ts], values [R,E,Ts]; got "
                    + SourceAttention.shape(qp) + ", " + SourceAttention.shape(kp) + ", " + SourceAttention.shape(vals));
        }
        int r = (int) qp.size(0);
        int a = (int) qp.size(1);
        int ts = (int) kp.size(2);
        if (kp.size(0) != r || kp.size(1) != a || vals.size(0) != r || vals.size(2) != ts || v.length() != a) {
            throw new IllegalArgumentException("attention shapes do not fit: qp " + SourceAttention.shape(qp)
                    + ", kp " + SourceAttention.shape(kp) + ", values " + SourceAttention.shape(vals) + ", v "
                    + SourceAttention.shape(v) + " (expected kp [" + r + "," + a + ",Ts], values [" + r
                    + ",E,Ts], v of length " + a + ")");
        }
        if (mask != null && (mask.size(0) != r || mask.length() != (long) r * ts)) {
            throw new IllegalArgumentException("mask shape " + SourceAttention.shape(mask) + " does not fit [" + r
                    + "," + ts + "]");
        }
        double[] qpRows = doubles(qp);                                   // [R, A] = [R, Tt=1, A]
        double[] kpRows = featuresLast(doubles(kp), r, a, ts);           // [R, Ts, A]
        double[] scores = scores(qpRows, kpRows, doubles(v), r, 1, ts, a, null);
        INDArray weights = SourceAttentionVertex.maskedSoftmaxRows(
                Nd4j.createFromArray(scores).reshape('c', r, ts).castTo(qp.dataType()),
                mask == null ? null : mask.reshape('c', r, ts), 1);
        INDArray context = Nd4j.matmul(SourceAttentionVertex.plain(vals.castTo(qp.dataType())), weights.reshape('c', r, ts, 1))
                .reshape('c', r, vals.size(1));
        return new INDArray[]{weights, context};
    }

    /**
     * The scores {@code S[b, t, s] = sum_a v[a] tanh(qp[b, t, a] + kp[b, s, a])}, laid out [B, Tt, Ts]; when
     * {@code tanh} is not null it receives the tanh values, laid out [B, Tt, Ts, A].
     *
     * @param qp [B, Tt, A] projected queries, features last
     * @param kp [B, Ts, A] projected keys, features last
     */
    static double[] scores(double[] qp, double[] kp, double[] v, int batch, int tt, int ts, int a, double[] tanh) {
        double[] scores = new double[batch * tt * ts];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < tt; t++) {
                int qOff = (b * tt + t) * a;
                for (int s = 0; s < ts; s++) {
                    int kOff = (b * ts + s) * a;
                    int cell = (b * tt + t) * ts + s;
                    int tOff = cell * a;
                    double sum = 0;
                    for (int i = 0; i < a; i++) {
                        double th = Math.tanh(qp[qOff + i] + kp[kOff + i]);
                        if (tanh != null) {
                            tanh[tOff + i] = th;
                        }
                        sum += v[i] * th;
                    }
                    scores[cell] = sum;
                }
            }
        }
        return scores;
    }

    /** The values of {@code x} as doubles in 'c' order (a copy). */
    static double[] doubles(INDArray x) {
        return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** [B, F, T] in 'c' order to [B, T, F]. */
    static double[] featuresLast(double[] x, int batch, int features, int steps) {
        double[] out = new double[x.length];
        for (int b = 0; b < batch; b++) {
            int off = b * features * steps;
            for (int f = 0; f < features; f++) {
                for (int t = 0; t < steps; t++) {
                    out[off + t * features + f] = x[off + f * steps + t];
                }
            }
        }
        return out;
    }

    /** [B, T, F] to [B, F, T] in 'c' order. */
    static double[] featuresMiddle(double[] x, int batch, int features, int steps) {
        double[] out = new double[x.length];
        for (int b = 0; b < batch; b++) {
            int off = b * features * steps;
            for (int t = 0; t < steps; t++) {
                for (int f = 0; f < features; f++) {
                    out[off + f * steps + t] = x[off + t * features + f];
                }
            }
        }
        return out;
    }
}
