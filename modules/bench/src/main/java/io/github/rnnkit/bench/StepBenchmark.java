package io.github.rnnkit.bench;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.LayerThreads;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Locale;
import java.util.Random;

/**
 * Times one training step of {@code input -> recurrent layer -> softmax over the input vocabulary}
 * (forward, full BPTT backward, Adam update; cross-entropy at every step; float32), the protocol of
 * ../shared/BENCHMARKS.md, or the bare recurrent layer's forward and backward, on the layers
 * {@link RecurrentLayers} builds (rnnkit's or DL4J's).
 */
public final class StepBenchmark {

    /** What one timed unit of work is. */
    public enum Workload {
        /** A full training step: layer, softmax output, cross-entropy, backward, Adam. One-hot input. */
        STEP,
        /**
         * The bare layer: forward, then backward from a fixed random upstream gradient (into dW, dRW, db, dX), its
         * arrays in a workspace as {@code fit} gives them (reused from call to call; see {@link #LAYER_WORKSPACE}).
         */
        LAYER,
        /** Generation: T successive {@code rnnTimeStep} calls of one step each (layer and softmax), state carried. */
        GENERATE,
        /** Inference on a whole sequence: one {@code output()} call over T steps (layer and softmax). */
        SEQUENCE;

        /** Whether this workload trains (forward and backward) rather than infers. */
        public boolean trains() {
            return this == STEP || this == LAYER;
        }
    }

    /**
     * A reference shape.
     *
     * @param nIn    input features (= output classes)
     * @param hidden hidden units
     * @param steps  time steps T
     * @param batch  minibatch size
     */
    public record Shape(int nIn, int hidden, int steps, int batch) {
        /** Parses "64x256x50x32". */
        public static Shape parse(String s) {
            String[] p = s.toLowerCase(Locale.ROOT).split("x");
            if (p.length != 4) {
                throw new IllegalArgumentException("shape must be nInxHIDDENxTxBATCH, e.g. 64x256x50x32, got " + s);
            }
            return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[3]));
        }

        /**
         * FLOPs of one unit of work per token: 2 x gates x H x (nIn + H) for the layer's forward (three times that
         * with the backward into inputs and weights), plus the output projection's 2 x H x nIn where it runs.
         */
        public double flops(RecurrentCell cell, Workload work) {
            double tokens = (double) steps * batch;
            double layer = 2.0 * cell.gates() * hidden * (nIn + hidden);
            double output = 2.0 * hidden * nIn;
            return tokens * switch (work) {
                case STEP -> 3 * (layer + output);
                case LAYER -> 3 * layer;
                case GENERATE, SEQUENCE -> layer + output;
            };
        }

        @Override
        public String toString() {
            return "(" + nIn + ", " + hidden + ", " + steps + ", " + batch + ")";
        }
    }

    /**
     * The workspace the bare layer's activations, input gradient and working memory live in: learned on the first
     * call, then reused, as DL4J's {@code fit} lays out a layer's arrays (and as PyTorch's caching allocator reuses
     * its blocks). Without one every call allocated its output and input gradient afresh, and at (128, 1024, 25,
     * 128) the page faults of those 15 MB were ~7% of rnnkit's layer time (JFR), for both DL4J's and rnnkit's layers.
     */
    private static final String LAYER_WORKSPACE = "RNNKIT_BENCH_LAYER";
    private static final WorkspaceConfiguration LAYER_WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();

    private final MultiLayerNetwork network;
    private final DataSet batch;
    private final Workload work;
    private final INDArray layerInput;
    private final INDArray upstream;
    private final INDArray[] oneStep;
    /** The bare layer's workspaces, one per kind of array as in {@code MultiLayerNetwork}; made once, outside the timing. */
    private final LayerWorkspaceMgr layerWorkspaces = LayerWorkspaceMgr.builder()
            .with(ArrayType.ACTIVATIONS, LAYER_WORKSPACE + "_ACT", LAYER_WORKSPACE_CONFIG)
            .with(ArrayType.ACTIVATION_GRAD, LAYER_WORKSPACE + "_GRAD", LAYER_WORKSPACE_CONFIG)
            .with(ArrayType.FF_WORKING_MEM, LAYER_WORKSPACE + "_WORKING", LAYER_WORKSPACE_CONFIG)
            .with(ArrayType.BP_WORKING_MEM, LAYER_WORKSPACE + "_WORKING", LAYER_WORKSPACE_CONFIG)
            .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, LAYER_WORKSPACE + "_LOOP", LAYER_WORKSPACE_CONFIG)
            .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, LAYER_WORKSPACE + "_LOOP", LAYER_WORKSPACE_CONFIG)
            .noWorkspaceFor(ArrayType.INPUT).noWorkspaceFor(ArrayType.FF_CACHE)
            .build();

    public StepBenchmark(RecurrentCell cell, RecurrentImpl impl, Shape shape, Workload work, long seed) {
        this.work = work;
        NeuralNetConfiguration.ListBuilder list = TrainingConfig.defaults().withSeed(seed)
                .applyTo(new NeuralNetConfiguration.Builder()).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).list();
        // the bare layer computes the gradient with respect to its input, as PyTorch's does for an input that requires
        // one; the training step on data does not, as PyTorch's does not (its one-hot input requires no gradient)
        RecurrentSpec spec = RecurrentSpec.of(cell, shape.hidden()).withImpl(impl);
        (work == Workload.LAYER ? RecurrentLayers.stack(shape.nIn(), spec) : RecurrentLayers.stackOnData(shape.nIn(),
                spec)).forEach(list::layer);
        list.layer(RecurrentLayers.softmaxOutput(shape.hidden(), shape.nIn(), impl));
        network = new MultiLayerNetwork(list.build());
        network.init();
        Random r = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, shape.batch(), shape.nIn(), shape.steps());
        INDArray y = Nd4j.zeros(DataType.FLOAT, shape.batch(), shape.nIn(), shape.steps());
        for (int b = 0; b < shape.batch(); b++) {
            for (int t = 0; t < shape.steps(); t++) {
                x.putScalar(b, r.nextInt(shape.nIn()), t, 1f);
                y.putScalar(b, r.nextInt(shape.nIn()), t, 1f);
            }
        }
        batch = new DataSet(x, y);
        Nd4j.getRandom().setSeed(seed);
        boolean bare = work == Workload.LAYER;
        if (bare) {
            network.initGradientsView();                   // the bare layer writes into the network's gradient views
        }
        layerInput = bare ? Nd4j.randn(DataType.FLOAT, shape.batch(), shape.nIn(), shape.steps()) : null;
        upstream = bare ? Nd4j.randn(DataType.FLOAT, shape.batch(), shape.hidden(), shape.steps()) : null;
        oneStep = new INDArray[work == Workload.GENERATE ? shape.steps() : 0];
        for (int t = 0; t < oneStep.length; t++) {
            oneStep[t] = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup('c');
        }
    }

    /**
     * Holds OpenBLAS at one thread across this benchmark's units when its network suits ({@link LayerThreads}: rnnkit's
     * layers; a no-op for DL4J's), as {@code Trainer} does for a training run. Close it on the same thread.
     */
    public LayerThreads holdThreads() {
        return LayerThreads.holdFor(network);
    }

    /** Runs one unit of work and returns its wall time in milliseconds. */
    public double step() {
        long t0 = System.nanoTime();
        switch (work) {
            case STEP -> network.fit(batch);
            case LAYER -> {
                Layer layer = network.getLayer(0);
                try (MemoryWorkspace act = layerWorkspaces.notifyScopeEntered(ArrayType.ACTIVATIONS);
                     MemoryWorkspace grad = layerWorkspaces.notifyScopeEntered(ArrayType.ACTIVATION_GRAD)) {
                    layer.setInput(layerInput, layerWorkspaces);
                    try (MemoryWorkspace working = layerWorkspaces.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
                        layer.activate(true, layerWorkspaces);
                    }
                    try (MemoryWorkspace working = layerWorkspaces.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                        layer.backpropGradient(upstream, layerWorkspaces);
                    }
                    layer.clear();                       // as fit does: no array outlives the workspaces' loop
                }
            }
            case GENERATE -> {
                network.rnnClearPreviousState();
                for (INDArray step : oneStep) {
                    network.rnnTimeStep(step);
                }
            }
            case SEQUENCE -> network.output(batch.getFeatures());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Milliseconds of one n x n x n float32 GEMM (the machine's practical limit). */
    public static double gemmMillis(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
        long t0 = System.nanoTime();
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        return (System.nanoTime() - t0) / 1e6;
    }
}
