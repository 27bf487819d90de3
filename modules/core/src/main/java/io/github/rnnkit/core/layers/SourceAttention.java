package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Attention of a decoder over a source sequence (Luong et al. 2015, "global" attention), as a parameter-free
 * graph vertex with three inputs in this order:
 * <ol>
 *   <li>queries Q [B, H, Tt]: the decoder's states, one per target step;</li>
 *   <li>keys K [B, H, Ts]: the source steps as the queries compare with them (for multiplicative attention a
 *       learned projection of the encoder outputs, {@code score(t, s) = q_t . W e_s}; for dot attention the
 *       encoder outputs themselves);</li>
 *   <li>values V [B, E, Ts]: the encoder outputs, whose mask is the source mask.</li>
 * </ol>
 * The weights {@code a_t = softmax_s(q_t . k_s)} are taken over the unmasked source steps only (exactly 0 on
 * padding) and the output is {@code [q_t ; c_t]} with the context {@code c_t = sum_s a_ts v_s}: [B, H + E, Tt],
 * masked like the queries. Inference step by step uses {@link #attend}, the same arithmetic for one step.
 *
 * <p>The source mask is the mask of the values' input (the graph hands it over with the feature masks); a pass
 * without feature masks attends over every source step.
 */
public class SourceAttention extends GraphVertex {
    /** Added to the scores of masked source steps, so that their weights underflow to exactly 0. */
    static final double MASKED_SCORE = -1e9;

    private int queries;
    private int values;

    /**
     * @param queries width H of the queries and of the keys
     * @param values  width E of the values (the encoder outputs)
     */
    public SourceAttention(@JsonProperty("queries") int queries, @JsonProperty("values") int values) {
        if (queries < 1 || values < 1) {
            throw new IllegalArgumentException("attention widths must be at least 1, got queries=" + queries
                    + ", values=" + values);
        }
        this.queries = queries;
        this.values = values;
    }

    public int getQueries() {
        return queries;
    }

    public void setQueries(int queries) {
        this.queries = queries;
    }

    public int getValues() {
        return values;
    }

    public void setValues(int values) {
        this.values = values;
    }

    /** Width of the output: queries plus context. */
    public int outputSize() {
        return queries + values;
    }

    @Override
    public SourceAttention clone() {
        return new SourceAttention(queries, values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceAttention a && a.queries == queries && a.values == values;
    }

    @Override
    public int hashCode() {
        return 31 * queries + values + 0x5a77;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 3;
    }

    @Override
    public int maxVertexInputs() {
        return 3;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new SourceAttentionVertex(graph, name, idx, this, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 3) {
            throw new InvalidInputTypeException("SourceAttention takes 3 inputs (queries, keys, values), got "
                    + vertexInputs.length);
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
        return new LayerMemoryReport.Builder(null, SourceAttention.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /**
     * One step of attention for R rows (what a step-wise decoder calls).
     *
     * @param query [R, H] the decoder state
     * @param keys  [R, H, Ts]
     * @param vals  [R, E, Ts]
     * @param mask  [R, Ts] 1 on source steps, 0 on padding, or null
     * @return {weights [R, Ts], context [R, E]}
     */
    public static INDArray[] attend(INDArray query, INDArray keys, INDArray vals, INDArray mask) {
        long r = query.size(0);
        long h = query.size(1);
        if (keys.rank() != 3 || keys.size(0) != r || keys.size(1) != h || vals.rank() != 3 || vals.size(0) != r
                || vals.size(2) != keys.size(2)) {
            throw new IllegalArgumentException("attention shapes do not fit: query " + shape(query) + ", keys "
                    + shape(keys) + ", values " + shape(vals));
        }
        if (mask != null && (mask.rank() != 2 || mask.size(0) != r || mask.size(1) != keys.size(2))) {
            throw new IllegalArgumentException("the mask must be [" + r + ", " + keys.size(2) + "] (rows, source "
                    + "steps), got " + shape(mask));
        }
        keys = SourceAttentionVertex.plain(keys);          // batched matmul mis-reads some strided views
        vals = SourceAttentionVertex.plain(vals);
        INDArray q3 = SourceAttentionVertex.plain(query).reshape('c', r, 1, h);
        INDArray scores = org.nd4j.linalg.factory.Nd4j.matmul(q3, keys).reshape('c', r, keys.size(2));  // [R, Ts]
        INDArray weights = SourceAttentionVertex.maskedSoftmaxRows(scores, mask, 1);
        INDArray context = org.nd4j.linalg.factory.Nd4j.matmul(vals, weights.reshape('c', r, keys.size(2), 1))
                .reshape('c', r, vals.size(1));
        return new INDArray[]{weights, context};
    }

    static String shape(INDArray a) {
        return java.util.Arrays.toString(a.shape());
    }
}
