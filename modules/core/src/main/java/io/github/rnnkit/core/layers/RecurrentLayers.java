package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds DL4J layer configurations from a {@link RecurrentSpec}: rnnkit's fast layers ({@link Lstm}, {@link Gru},
 * {@link Rnn}) by default, DL4J's stock {@code LSTM} / {@code SimpleRnn} with {@link RecurrentImpl#DL4J}, with
 * DL4J's sharp edges filed off:
 * <ul>
 *   <li>DL4J's {@code LSTM} defaults its activation to sigmoid; the LSTM equations (and every other
 *       framework) use tanh, so it is always set explicitly.</li>
 *   <li>{@code RnnOutputLayer.Builder} leaves its data format null and then reads its input as NWC;
 *       rnnkit is NCW ([batch, features, time]) everywhere, so it is set explicitly.</li>
 *   <li>DL4J's {@code dropOut(p)} takes the probability of <em>keeping</em> an activation; the spec's
 *       {@code dropout} is the probability of dropping it (as in Keras and PyTorch), converted here.</li>
 * </ul>
 */
public final class RecurrentLayers {
    private RecurrentLayers() {
    }

    /**
     * The recurrent layers of {@code spec}, bottom first.
     *
     * @param nIn  features per time step fed to the first layer, at least 1
     * @param spec the stack's shape
     * @return {@code spec.depth()} layers; the first reads {@code nIn} features, each outputs
     *         {@code spec.outputSize()}
     */
    public static List<Layer> stack(int nIn, RecurrentSpec spec) {
        Checks.positive(nIn, "nIn");
        Checks.notNull(spec, "spec");
        List<Layer> layers = new ArrayList<>(spec.depth());
        int in = nIn;
        for (int i = 0; i < spec.depth(); i++) {
            double dropout = i == 0 ? 0.0 : spec.dropout();
            layers.add(layer(spec.cell(), spec.impl(), in, spec.hiddenSize(), spec.bidirectional(), dropout));
            in = spec.outputSize();
        }
        return layers;
    }

    /**
     * {@link #stack}, for the bottom of a {@code MultiLayerNetwork} fed straight from the data (one-hot characters,
     * numeric features; no trainable layer below): its first layer, when it is one of rnnkit's and not wrapped,
     * {@link FastRecurrent#setSkipInputGradient skips the gradient with respect to the data}, which {@code fit}
     * throws away (PyTorch does not compute it either). Such a network's {@code calculateGradients} then returns no
     * input gradient; build with {@link #stack} where one is wanted (saliency maps).
     */
    public static List<Layer> stackOnData(int nIn, RecurrentSpec spec) {
        List<Layer> layers = stack(nIn, spec);
        if (layers.get(0) instanceof FastRecurrent first) {
            first.setSkipInputGradient(true);
        }
        return layers;
    }

    /**
     * Adds {@code spec}'s stack to a computation graph, bottom first, and returns the name of its top vertex.
     * Layer {@code i} is called {@code prefix + i}. A bidirectional stack on rnnkit's layers is built without
     * DL4J's {@code Bidirectional} wrapper: {@code prefix + i + ".fwd"} reads left to right,
     * {@code prefix + i + ".bwd"} is the same layer set to {@link FastRecurrent#setReverse reverse}, and a vertex
     * {@code prefix + i} merges them as the spec says (concatenation, sum, product or average). That saves the
     * wrapper's four time-reversing copies per layer and step (measured: a bidirectional LSTM of 128 over 64 x 300
     * tokens ran ~40% longer than twice one direction with the wrapper).
     *
     * @param each applied to every layer configuration before it is added (e.g. to set a per-layer updater)
     */
    public static String addTo(ComputationGraphConfiguration.GraphBuilder graph, String input, int nIn,
                               RecurrentSpec spec, String prefix, UnaryOperator<Layer> each) {
        Checks.notNull(graph, "graph");
        Checks.notNull(spec, "spec");
        List<Layer> forward = stack(nIn, spec.readsBothDirections() && spec.impl() == RecurrentImpl.RNNKIT
                ? spec.withBidirectional(BidirectionalMode.NONE) : spec);
        String previous = input;
        for (int i = 0; i < forward.size(); i++) {
            String name = prefix + i;
            Layer layer = forward.get(i);
            if (spec.readsBothDirections() && spec.impl() == RecurrentImpl.RNNKIT) {
                // the layers above the first read both directions' outputs
                FastRecurrent fwd = (FastRecurrent) layer;
                if (i > 0) {
                    fwd.setNIn(spec.outputSize());
                }
                FastRecurrent bwd = fwd.reversed();
                graph.addLayer(name + ".fwd", each.apply(fwd), previous);
                graph.addLayer(name + ".bwd", each.apply(bwd), previous);
                switch (spec.bidirectional()) {
                    case CONCAT -> graph.addVertex(name, new MergeVertex(), name + ".fwd", name + ".bwd");
                    case ADD -> graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), name + ".fwd",
                            name + ".bwd");
                    case MUL -> graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Product),
                            name + ".fwd", name + ".bwd");
                    case AVERAGE -> graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Average),
                            name + ".fwd", name + ".bwd");
                    case NONE -> throw new IllegalStateException("unreachable");
                }
            } else {
                graph.addLayer(name, each.apply(layer), previous);
            }
            previous = name;
        }
        return previous;
    }

    /**
     * One recurrent layer.
     *
     * @param cell          the cell
     * @param impl          rnnkit's layer or DL4J's (which has no GRU)
     * @param nIn           input features per step
     * @param hiddenSize    units per direction
     * @param bidirectional merge mode, or {@link BidirectionalMode#NONE}
     * @param dropout       probability of dropping each input activation, in [0, 1)
     */
    public static Layer layer(RecurrentCell cell, RecurrentImpl impl, int nIn, int hiddenSize,
                              BidirectionalMode bidirectional, double dropout) {
        Checks.notNull(cell, "cell");
        Checks.notNull(impl, "impl");
        Checks.positive(nIn, "nIn");
        Checks.positive(hiddenSize, "hiddenSize");
        Checks.notNull(bidirectional, "bidirectional");
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        BaseRecurrentLayer.Builder<?> builder = switch (impl) {
            case RNNKIT -> switch (cell) {
                case LSTM -> new Lstm.Builder();
                case GRU -> new Gru.Builder();
                case SIMPLE_RNN -> new Rnn.Builder();
            };
            case DL4J -> switch (cell) {
                case LSTM -> new LSTM.Builder().activation(Activation.TANH);
                case SIMPLE_RNN -> new SimpleRnn.Builder().activation(Activation.TANH);
                case GRU -> throw new IllegalArgumentException("impl DL4J has no GRU cell; use impl RNNKIT (the default) for GRU");
            };
        };
        builder.nIn(nIn).nOut(hiddenSize).dataFormat(RNNFormat.NCW);
        if (dropout > 0) {
            builder.dropOut(1.0 - dropout);
        }
        Layer layer = builder.build();
        return bidirectional == BidirectionalMode.NONE ? layer : new Bidirectional(bidirectional.toDl4j(), layer);
    }

    /**
     * A per-time-step softmax classifier with cross-entropy loss on one-hot labels, reading NCW input: DL4J's
     * {@code RnnOutputLayer}.
     *
     * @param nIn     features per step (the recurrent stack's output size)
     * @param classes number of classes at each step
     */
    public static RnnOutputLayer softmaxOutput(int nIn, int classes) {
        return softmaxOutput(nIn, classes, RecurrentImpl.DL4J);
    }

    /**
     * {@link #softmaxOutput(int, int)} in rnnkit's implementation ({@link SequenceSoftmax#oneHot}: same parameters,
     * score and gradients, one GEMM per call) or DL4J's, as the recurrent layers below it.
     */
    public static RnnOutputLayer softmaxOutput(int nIn, int classes, RecurrentImpl impl) {
        Checks.positive(nIn, "nIn");
        Checks.positive(classes, "classes");
        Checks.notNull(impl, "impl");
        if (impl == RecurrentImpl.RNNKIT && classes >= 2) {
            return SequenceSoftmax.oneHot(nIn, classes);
        }
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(classes)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build();
    }

    /**
     * {@code layer} with input dropout: each input activation dropped with probability {@code p} in training
     * (0: unchanged).
     *
     * @throws IllegalStateException for a layer that takes no dropout (no parameters of its own)
     */
    public static Layer withInputDropout(Layer layer, double p) {
        if (p > 0) {
            if (!(layer instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base)) {
                throw new IllegalStateException("cannot put dropout on " + layer.getClass().getSimpleName());
            }
            base.setIDropout(new org.deeplearning4j.nn.conf.dropout.Dropout(1.0 - p));   // DL4J takes the keep probability
        }
        return layer;
    }
}
