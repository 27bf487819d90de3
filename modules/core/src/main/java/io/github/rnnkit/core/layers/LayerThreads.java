package io.github.rnnkit.core.layers;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.InputVertex;
import org.deeplearning4j.nn.graph.vertex.impl.MergeVertex;
import org.deeplearning4j.nn.graph.vertex.impl.PreprocessorVertex;
import org.deeplearning4j.nn.graph.vertex.impl.SubsetVertex;
import org.deeplearning4j.nn.graph.vertex.impl.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.graph.vertex.impl.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Set;

/**
 * Holds OpenBLAS at one thread for a stretch of work on a network whose heavy products are all rnnkit's, so that
 * its recurrent layers stop switching OpenBLAS's thread count around each pass.
 *
 * <p>By default each pass of an rnnkit recurrent layer sets OpenBLAS to one thread, divides its own work between the
 * caller and a helper thread, and gives OpenBLAS its threads back at the end (so that DL4J's own dense, output and
 * convolution layers keep every core). On the 2-core machines of docs/benchmarks.md one such pair of switches costs
 * 0.3-1 ms, twice per layer per training step. Inside a hold OpenBLAS stays at one thread and the passes open no
 * scopes of their own; {@link SequenceSoftmaxLayer} then divides its large products between the two threads as the
 * recurrent layers do (on the holding thread only, so that other threads' results never depend on a hold).
 *
 * <p>{@link #holdFor} holds only for a network that {@link #suits}: every layer is rnnkit's (recurrent layers, also
 * inside {@code Bidirectional}, {@code LastTimeStep} or {@code MaskZeroLayer}, {@link SequenceSoftmax},
 * {@link SequencePooling}), one without products (embedding lookups, dropout, activation, global pooling), or a
 * DL4J {@code DenseLayer} / {@code OutputLayer} with at most {@value #SMALL_DENSE} weights, whose products are
 * too small for a second core to matter (OpenBLAS splits only larger products between threads; the exact size is its
 * own, not measured here). Anything else (convolutions, DL4J's recurrent layers,
 * attention vertices, a large dense layer) would lose its second core, and the hold is then a no-op: the layers
 * switch per pass as before. {@link io.github.rnnkit.core.train.Trainer} holds for the whole of a training run.
 *
 * <pre>{@code
 * try (LayerThreads held = LayerThreads.holdFor(net)) {
 *     for (DataSet batch : batches) net.fit(batch);
 * }
 * }</pre>
 *
 * OpenBLAS's thread count is process-wide: other threads computing meanwhile get one thread too, as inside a pass.
 * A hold belongs to the thread that opened it; close it there.
 */
public final class LayerThreads implements AutoCloseable {
    /** Weights (nIn x nOut) up to which a DL4J dense or output layer does not keep a network from a hold. */
    public static final int SMALL_DENSE = 8192;
    private static final Set<Class<?>> LIGHT_VERTICES = Set.of(InputVertex.class, MergeVertex.class,
            ElementWiseVertex.class, SubsetVertex.class, PreprocessorVertex.class, LastTimeStepVertex.class,
            DuplicateToTimeSeriesVertex.class);

    /** {@code -Drnnkit.holdThreads=false} turns holds off (each pass switches, as before holds existed). */
    static volatile boolean enabled = !"false".equals(System.getProperty("rnnkit.holdThreads"));
    /** Holds open on this thread (a hold belongs to the thread that opened it). */
    private static final ThreadLocal<int[]> HELD_HERE = ThreadLocal.withInitial(() -> new int[1]);
    private boolean open;

    private LayerThreads(boolean open) {
        this.open = open;
    }

    /**
     * Holds OpenBLAS at one thread until {@link #close()} when {@code model} {@link #suits}, computes in float32 and
     * the layers' own threads are on (the Vector API module, more than one core, not
     * {@code -Drnnkit.layerThreads=blas}, not {@code -Drnnkit.holdThreads=false}); otherwise returns a hold that does
     * nothing.
     */
    public static LayerThreads holdFor(Model model) {
        boolean held = enabled && suits(model) && model.params() != null
                && model.params().dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && Blas.enterLayerThreads();
        if (held) {
            HELD_HERE.get()[0]++;
        }
        return new LayerThreads(held);
    }

    /** Whether this thread holds OpenBLAS at one thread now ({@link SequenceSoftmaxLayer} then divides its products). */
    static boolean heldHere() {
        return HELD_HERE.get()[0] > 0;
    }

    /** Whether this hold keeps OpenBLAS at one thread (false once closed, or when it never held). */
    public boolean held() {
        return open;
    }

    /** Gives OpenBLAS its threads back (unless another hold or a pass is still open); idempotent. */
    @Override
    public void close() {
        if (open) {
            open = false;
            HELD_HERE.get()[0]--;
            Blas.leaveLayerThreads();
        }
    }

    /**
     * Whether every product of {@code model} runs on rnnkit's own threads or is small enough for one thread (class
     * note): a {@link MultiLayerNetwork} or {@link ComputationGraph} whose layers and vertices are all such.
     */
    public static boolean suits(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
                if (!light(layer.conf().getLayer())) {
                    return false;
                }
            }
            return net.getLayers().length > 0;
        }
        if (model instanceof ComputationGraph graph) {
            for (GraphVertex v : graph.getVertices()) {
                if (v.hasLayer() ? !light(v.getLayer().conf().getLayer()) : !LIGHT_VERTICES.contains(v.getClass())) {
                    return false;
                }
            }
            return graph.getVertices().length > 0;
        }
        return false;
    }

    private static boolean light(Layer conf) {
        if (conf instanceof FastRecurrent || conf instanceof SequenceSoftmax || conf instanceof SequencePooling) {
            return true;
        }
        if (conf instanceof Bidirectional b) {
            return b.getFwd() instanceof FastRecurrent;
        }
        if (conf instanceof LastTimeStep || conf instanceof MaskZeroLayer || conf instanceof FrozenLayer) {
            Layer inner = conf instanceof LastTimeStep l ? l.getUnderlying()
                    : conf instanceof MaskZeroLayer m ? m.getUnderlying() : ((FrozenLayer) conf).getLayer();
            return inner instanceof FastRecurrent
                    || inner instanceof Bidirectional b && b.getFwd() instanceof FastRecurrent;
        }
        if (conf instanceof EmbeddingLayer || conf instanceof EmbeddingSequenceLayer || conf instanceof DropoutLayer
                || conf instanceof ActivationLayer || conf instanceof GlobalPoolingLayer) {
            return true;
        }
        if (conf instanceof DenseLayer || conf instanceof OutputLayer) {
            var ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf;
            return ff.getNIn() * ff.getNOut() <= SMALL_DENSE;
        }
        return false;
    }
}
