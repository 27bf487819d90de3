package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentCell;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static io.github.rnnkit.core.layers.RecurrentParamInitializer.BIAS_KEY;
import static io.github.rnnkit.core.layers.RecurrentParamInitializer.RECURRENT_BIAS_KEY;
import static io.github.rnnkit.core.layers.RecurrentParamInitializer.RECURRENT_WEIGHT_KEY;
import static io.github.rnnkit.core.layers.RecurrentParamInitializer.WEIGHT_KEY;

/**
 * The runtime of rnnkit's recurrent layers ({@link Lstm}, {@link Gru}, {@link Rnn}). Input and output are
 * [batch, features, time] (NCW; NWC when the layer is configured so). The work is laid out time-major in the
 * row-major buffers of {@link Work} so that the big products are single GEMMs without copies:
 * <pre>
 *   forward:   Z = X W                               one GEMM, [T*B, nIn] x [nIn, G n]
 *              per step t: Z(t) += h(t-1) RW         one GEMM, [B, n] x [n, G n] (GRU: into its own buffer)
 *                          gates, c(t), h(t)         elementwise ({@link Kernels})
 *   backward:  per step t, from the last: dh(t) += dZ(t+1) RW^T, then the gate gradients into dZ(t)
 *              dW = X^T dZ,  dRW = H(t-1)^T dZ,  db = column sums of dZ,  dX = dZ W^T   one GEMM each
 * </pre>
 *
 * <p>The backward pass reuses the buffers of the forward pass it follows (same input and mask, in training
 * mode), and recomputes that forward otherwise, from the initial state the last forward really used: zeros,
 * the carried truncated-BPTT state or the {@code rnnTimeStep} state. So the gradient is the gradient of what
 * was computed, and truncated BPTT gets its true truncated gradient (DL4J M2.1's stock layers do not: see
 * docs/design.md). States: {@code "prevAct"} holds h, {@code "prevMem"} the LSTM's c, each [batch, n].
 */
public class FastRecurrentLayer extends BaseRecurrentLayer<FastRecurrent> {
    /** Key of the last hidden state in the rnnTimeStep and truncated-BPTT state maps. */
    public static final String STATE_KEY = "prevAct";
    /** Key of the LSTM's last cell state in the state maps. */
    public static final String CELL_STATE_KEY = "prevMem";

    private final RecurrentCell cell;
    private final Work.Storage storage = new Work.Storage();
    /** The largest batch whose per-step products {@link VectorGemm} computes (above it OpenBLAS is as fast). */
    static final int STEP_GEMM_MAX_BATCH = Integer.getInteger("rnnkit.stepGemmMaxBatch", 64);
    /**
     * The largest packed RW (bytes) that {@link VectorGemm} takes: it must stay in a core's L2 (2 MB here) from step
     * to step. At hidden 512 (LSTM 4 MB, GRU 3 MB) it streamed from L3 and OpenBLAS's products split by columns were
     * 7-10% faster (docs/benchmarks.md).
     */
    static final long STEP_GEMM_MAX_BYTES = Long.getLong("rnnkit.stepGemmMaxBytes", 3L << 19);
    /**
     * Whether the per-step products may run on {@link VectorGemm} while OpenBLAS keeps its own threads
     * ({@code -Drnnkit.stepGemm=true}); with the layer's own threads ({@link #ownPass}: the default for passes of
     * 4+ steps, or {@code -Drnnkit.ownThreads=true}) they do anyway. Alone it is faster only while OpenBLAS's idle threads sleep at once
     * ({@code OPENBLAS_THREAD_TIMEOUT=4}), which in turn slows the OpenBLAS products (docs/benchmarks.md, "a packed
     * per-step product on the Vector API" and "Then each core runs half the batch").
     */
    static volatile boolean stepGemmEnabled = Boolean.getBoolean("rnnkit.stepGemm");
    /**
     * Whether the layer's large products (input projection, dW, dRW, dX) are split between the caller and
     * {@link VectorGemm}'s helper even while OpenBLAS has threads of its own (tests; with {@code -Drnnkit.ownThreads}
     * they are split anyway, OpenBLAS then running each half on one thread).
     */
    static volatile boolean splitLarge;
    /**
     * The smallest batch x units at which each time step's gate math is divided between the caller and
     * {@link VectorGemm}'s helper ({@code -Drnnkit.gateSplitMin=N}; docs/benchmarks.md). Below it the hand-off costs
     * more than the second core wins.
     */
    static volatile int gateSplitMin = Integer.getInteger("rnnkit.gateSplitMin", 16384);
    /** Whether a step's gate math may be divided between two cores ({@code -Drnnkit.gateSplit=false} keeps it on one). */
    static volatile boolean gateSplitEnabled = !"false".equals(System.getProperty("rnnkit.gateSplit"));
    /**
     * Whether a layer on {@link VectorGemm} runs each half of the batch's time loop on its own core even while OpenBLAS
     * keeps its own threads (tests); with the layer's own threads it does anyway.
     */
    static volatile boolean batchSplit = Boolean.getBoolean("rnnkit.batchSplit");
    /** The fewest steps at which a pass takes the layer's own threads ({@code -Drnnkit.layerThreadsMinSteps=N}). */
    static final int LAYER_THREADS_MIN_STEPS = Integer.getInteger("rnnkit.layerThreadsMinSteps", 4);
    private Work work;
    /** Whether the pass now running runs on the layer's own threads ({@link #withOwnThreads}). */
    private boolean ownPass;
    /** The two sets of state arrays {@link #nextStepState} alternates between ({h} or {h, c} each; null until made). */
    private final INDArray[][] ownStates = new INDArray[2][];
    private int ownNext;
    /** Whether {@link #rnnGetPreviousState()} has handed out the state map since the sets were made. */
    private boolean stateHandedOut;
    /** The initial state of the latest forward pass ({h} or {h, c}, detached), or null for zeros. */
    private INDArray[] lastInitialState;
    /** What the buffers in {@link #work} were computed from; null when they do not hold a training forward. */
    private INDArray forwardInput;
    private INDArray forwardMask;
    /** The (possibly noised) weights the forward used, column-major [nIn, G n] and [n, G n]. */
    private INDArray forwardWeights;
    private INDArray forwardRecurrentWeights;

    public FastRecurrentLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.cell = ((FastRecurrent) conf.getLayer()).cell();
    }

    /** Whether float32 gate math runs on the Vector API (else plain loops; see {@link Kernels#of}). */
    public static boolean vectorApiInUse() {
        return Kernels.vectorised();
    }

    /**
     * Whether the per-step recurrent products run on {@link VectorGemm} (enabled; float32, Vector API, 512-bit vectors,
     * batch at most {@link #STEP_GEMM_MAX_BATCH}, enough steps to repay packing RW, n a multiple of 64, packed RW at
     * most {@link #STEP_GEMM_MAX_BYTES}) rather than OpenBLAS.
     */
    private boolean stepGemm(Work w) {
        return (stepGemmEnabled || ownPass || Blas.OWN_THREADS) && w.type == DataType.FLOAT && Kernels.vectorised() && w.batch <= STEP_GEMM_MAX_BATCH
                && w.steps >= 4 && w.n % VectorGemm.NR == 0 && (long) w.n * w.width * 4 <= STEP_GEMM_MAX_BYTES
                && VectorGemm.AVAILABLE;
    }

    /**
     * Whether each step's gate math is divided between two cores: float32 on the Vector API, OpenBLAS on one thread
     * per call (with threads of its own, its idle worker spins on the second core after every product and the split
     * measured slower: docs/benchmarks.md), and a step large enough. Where the helper may not be used (while
     * {@link ParallelPrediction} runs a worker per core) the halves run one after the other ({@link #halves}).
     */
    private boolean gateSplit(Work w) {
        return gateSplitEnabled && w.type == DataType.FLOAT && dividesItsOwnWork() && w.batch >= 2
                && (long) w.batch * w.n >= gateSplitMin;
    }

    /**
     * Whether this pass divides its work into halves for the caller and {@link VectorGemm}'s helper: it runs on the
     * layer's own threads ({@link #ownPass}), or OpenBLAS runs each call on one thread ({@code -Drnnkit.ownThreads=true}
     * or {@code -Drnnkit.blasThreads=1}; or {@link #splitLarge} in tests), and the Vector API module is there (the
     * helper lives in {@link VectorGemm}). It depends on settings and this pass only, never on other threads, so the
     * same input gives the same numbers whether or not the helper is free ({@link #halves}).
     */
    private boolean dividesItsOwnWork() {
        return (ownPass || Blas.singleThreaded() || splitLarge) && Kernels.vectorised();
    }

    /**
     * Whether each step's recurrent product on OpenBLAS is split by columns between the caller and
     * {@link VectorGemm}'s helper: only while OpenBLAS runs each call on one thread ({@code -Drnnkit.ownThreads=true}
     * or {@code -Drnnkit.blasThreads=1}; {@link #splitLarge} in tests), as its own threads would split it otherwise.
     */
    private boolean productSplit(Work w) {
        return dividesItsOwnWork() && w.n >= 64;
    }

    /**
     * Step {@code t}'s gate math, forward or backward, over the whole batch: here, or when {@code split} the first
     * half here and the second on {@link VectorGemm}'s helper (each example's math reads and writes its own rows only).
     */
    private static void gateMath(Kernels kernels, Work w, int t, boolean backward, boolean intoPrevious, boolean split) {
        int half = split ? w.batch / 2 : w.batch;
        Work.GateRows first = w.firstHalf.set(kernels, t, backward, intoPrevious, 0, half);
        if (split) {
            halves(first, w.secondHalf.set(kernels, t, backward, intoPrevious, half, w.batch));
        } else {
            first.run();
        }
    }

    /**
     * The two halves of a divided task: on two cores when the helper may be used now (not while
     * {@link ParallelPrediction} runs a worker per core, and free), else one after the other. The same halves either
     * way, so the same numbers.
     */
    static void halves(Runnable first, Runnable second) {
        if (Blas.manyThreadsPerCall()) {
            VectorGemm.inParallel(first, second);
        } else {
            first.run();
            second.run();
        }
    }

    /**
     * A cell's forward time loop for examples {@code [r0, r1)} alone: each step's recurrent product for these rows (into
     * z, or for the GRU into its rows of m), then their gate math. Each example's recurrence reads and writes its own
     * rows only, so two threads can each run the whole loop for half the batch.
     */
    private static void forwardRows(Work w, Work.GateRows gates, int r0, int r1, boolean zeroStart, float[] a) {
        Kernels kernels = Kernels.of(w.type);
        int m = r1 - r0;
        boolean gru = w.cell == RecurrentCell.GRU;
        for (int t = 0; t < w.steps; t++) {
            if (t > 0 || !zeroStart) {
                w.hf.get((t * w.batch + r0) * w.n, a, 0, m * w.n);
                if (gru) {                                             // m = h(t-1) RW, kept apart for r * m_n
                    VectorGemm.multiply(a, m, w.n, w.packed, w.width, w.mb, (long) r0 * w.width, false, false);
                } else {                                               // Z(t) += h(t-1) RW
                    VectorGemm.multiplyHere(a, m, w.n, w.packed, w.width, w.zb, (long) (t * w.batch + r0) * w.width);
                }
            } else if (gru) {
                TimeMajor.fill(w.m, (long) r0 * w.width, (long) m * w.width, 0.0);
            }
            gates.set(kernels, t, false, false, r0, r1).run();
        }
    }

    /** A cell's backward time loop for examples {@code [r0, r1)} alone (see {@link #forwardRows}). */
    private static void backwardRows(Work w, Work.GateRows gates, int r0, int r1, int end, float[] a) {
        Kernels kernels = Kernels.of(w.type);
        int m = r1 - r0;
        java.nio.FloatBuffer from = w.cell == RecurrentCell.GRU ? w.dmf : w.zf;
        for (int t = w.steps - 1; t >= end; t--) {
            if (t < w.steps - 1) {                                     // dh(t) += dZ(t+1) RW^T (GRU: dm(t+1))
                from.get(((t + 1) * w.batch + r0) * w.width, a, 0, m * w.width);
                VectorGemm.multiplyHere(a, m, w.width, w.packed, w.n, w.dhb, (long) (t * w.batch + r0) * w.n);
            }
            gates.set(kernels, t, true, t > end, r0, r1).run();
        }
    }

    /**
     * {@code first} here and {@code second} on {@link VectorGemm}'s helper thread when {@code split}, else both here
     * (without touching {@link VectorGemm}, which needs the Vector API module).
     */
    private static void inParallel(boolean split, Runnable first, Runnable second) {
        if (split) {
            halves(first, second);
        } else {
            first.run();
            second.run();
        }
    }

    private String describe() {
        return layerConf().getClass().getSimpleName() + " layer (index " + getIndex() + ")";
    }

    /**
     * Whether this pass takes the layer's own threads ({@link Blas#enterLayerThreads()}): float32 sequences of at least
     * {@link #LAYER_THREADS_MIN_STEPS} steps. Single steps ({@code rnnTimeStep} while generating) keep OpenBLAS's
     * threads: at batch 1 the helper's hand-off costs more than it wins (docs/benchmarks.md).
     */
    private boolean takesOwnThreads(INDArray in) {
        return in != null && in.rank() == 3 && dataType == DataType.FLOAT
                && in.size(getDataFormat() == RNNFormat.NWC ? 1 : 2) >= LAYER_THREADS_MIN_STEPS && Blas.enterLayerThreads();
    }

    /** Runs {@code pass} inside the layer's own-threads scope when {@link #takesOwnThreads} opens one. */
    private <T> T withOwnThreads(java.util.function.Supplier<T> pass) {
        boolean before = ownPass;
        boolean scoped = takesOwnThreads(input);
        ownPass = scoped || before;
        try {
            return pass.get();
        } finally {
            ownPass = before;
            if (scoped) {
                Blas.leaveLayerThreads();
            }
        }
    }

    private Work forward(INDArray[] initial, boolean training, LayerWorkspaceMgr mgr) {
        return withOwnThreads(() -> forwardPass(initial, training, mgr));
    }

    private Work forwardPass(INDArray[] initial, boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException(describe() + " expects rank-3 input [batch, features, time], got shape "
                    + Arrays.toString(input.shape()));
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalStateException(describe() + " computes in FLOAT or DOUBLE; the network's data type is "
                    + dataType);
        }
        applyDropOutIfNecessary(training, mgr);
        INDArray x = permuteIfNWC(input);
        int batch = (int) x.size(0);
        int steps = (int) x.size(2);
        int nIn = (int) layerConf().getNIn();
        int n = (int) layerConf().getNOut();
        if (x.size(1) != nIn) {
            throw new IllegalStateException(describe() + " has nIn=" + nIn + " but the input has " + x.size(1)
                    + " features per step (shape " + Arrays.toString(input.shape()) + ")");
        }
        if (batch == 0 || steps == 0) {
            throw new IllegalStateException(describe() + " got an empty input, shape " + Arrays.toString(input.shape()));
        }
        Kernels kernels = Kernels.of(dataType);
        Blas.useConfiguredThreads();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (work == null || !work.fits(cell, dataType, batch, steps, nIn, n)) {
                work = new Work(cell, dataType, batch, steps, nIn, n, storage);
            }
            Work w = work;
            TimeMajor.gather(x, w.x, reverse());
            if (maskArray != null) {
                if (maskArray.length() != (long) batch * steps) {
                    throw new IllegalStateException(describe() + ": the mask has shape "
                            + Arrays.toString(maskArray.shape()) + " but the input needs [" + batch + ", " + steps + "]");
                }
                TimeMajor.gather(maskArray.reshape(batch, 1, steps), w.mask, reverse());
                w.maskAllOnes = false;
            } else if (!w.maskAllOnes) {
                TimeMajor.fill(w.mask, 0, (long) batch * steps, 1.0);
                w.maskAllOnes = true;
            }
            setInitialState(w, initial, batch, n);
            INDArray weights = columnMajor(getParamWithNoise(WEIGHT_KEY, training, mgr));
            INDArray recurrent = columnMajor(getParamWithNoise(RECURRENT_WEIGHT_KEY, training, mgr));
            Pointer rwT = Blas.pointer(recurrent, 0);                    // row-major [G n, n]: RW transposed
            TimeMajor.rowsInto(getParamWithNoise(BIAS_KEY, training, mgr), w.b, 0);
            if (cell == RecurrentCell.GRU) {
                TimeMajor.rowsInto(getParamWithNoise(RECURRENT_BIAS_KEY, training, mgr), w.rb, 0);
            }
            // Z = X W for all steps at once: [T*B, nIn] x [nIn, G n]; W is stored column-major = row-major [G n, nIn]
            boolean own = stepGemm(w);
            boolean parallel = own && Blas.manyThreadsPerCall();
            boolean split = dividesItsOwnWork();
            int rows = steps * batch;
            int half0 = split ? rows / 2 : rows;
            Pointer wp = Blas.pointer(weights, 0);
            inParallel(split,
                    () -> Blas.gemm(dataType, false, true, half0, w.width, nIn, w.xp, nIn, wp, nIn, 0.0, w.zp, w.width),
                    () -> {
                        if (half0 < rows) {
                            Blas.gemm(dataType, false, true, rows - half0, w.width, nIn, Blas.pointer(w.x,
                                    (long) half0 * nIn), nIn, wp, nIn, 0.0, Blas.pointer(w.z, (long) half0 * w.width),
                                    w.width);
                        }
                    });
            boolean zeroStart = initial == null;
            if (own) {                                                 // B = RW [n, G n], from RW^T row-major
                w.stepGemmBuffers();
                VectorGemm.pack(Nio.slice(recurrent), 0, n, w.width, true, w.packed);
            }
            boolean rowsSplit = own && (batchSplit || ownPass || Blas.OWN_THREADS) && batch >= 8;
            if (rowsSplit) {                                           // each thread: the whole loop, half the batch
                int half = batch / 2;
                halves(() -> forwardRows(w, w.firstHalf, 0, half, zeroStart, w.stepRows),
                        () -> forwardRows(w, w.secondHalf, half, batch, zeroStart, w.stepRows2));
            }
            boolean splitGates = gateSplit(w);
            // with OpenBLAS on one thread, the per-step products split by gate columns: each core packs half of RW
            boolean splitSteps = !own && productSplit(w);
            boolean gruCell = cell == RecurrentCell.GRU;
            int[] at = new int[1];
            Runnable lowColumns = null;
            Runnable highColumns = null;
            if (splitSteps) {
                w.productSplitPointers();
                int lo = w.splitWidth;
                double beta = gruCell ? 0.0 : 1.0;
                Pointer rwTHigh = Blas.pointer(recurrent, (long) lo * n);
                lowColumns = () -> Blas.gemm(dataType, false, true, batch, lo, n, w.hAt[at[0]], n, rwT, n, beta,
                        gruCell ? w.mp : w.zAt[at[0]], w.width);
                highColumns = () -> Blas.gemm(dataType, false, true, batch, w.width - lo, n, w.hAt[at[0]], n, rwTHigh,
                        n, beta, gruCell ? w.mpHigh : w.zAtHigh[at[0]], w.width);
            }
            for (int t = 0; t < steps && !rowsSplit; t++) {
                boolean fromState = t > 0 || !zeroStart;
                if (fromState && own) {                                // Z(t) += h(t-1) RW, or for GRU m = h(t-1) RW
                    w.hf.get(t * batch * n, w.stepRows, 0, batch * n);
                    boolean gru = cell == RecurrentCell.GRU;
                    VectorGemm.multiply(w.stepRows, batch, n, w.packed, w.width, gru ? w.mb : w.zb,
                            gru ? 0 : (long) t * batch * w.width, !gru, parallel);
                }
                if (fromState && splitSteps) {                         // the product below, on two cores
                    at[0] = t;
                    halves(lowColumns, highColumns);
                }
                switch (cell) {
                    case LSTM -> {
                        if (fromState && !own && !splitSteps) {        // Z(t) += h(t-1) RW
                            Blas.gemm(dataType, false, true, batch, w.width, n, w.hAt[t], n, rwT, n, 1.0, w.zAt[t],
                                    w.width);
                        }
                        gateMath(kernels, w, t, false, false, splitGates);
                    }
                    case GRU -> {
                        if (!fromState) {
                            w.m.assign(0);
                        } else if (!own && !splitSteps) {              // m = h(t-1) RW, kept apart for r * m_n
                            Blas.gemm(dataType, false, true, batch, w.width, n, w.hAt[t], n, rwT, n, 0.0, w.mp, w.width);
                        }
                        gateMath(kernels, w, t, false, false, splitGates);
                    }
                    case SIMPLE_RNN -> {
                        if (fromState && !own && !splitSteps) {
                            Blas.gemm(dataType, false, true, batch, w.width, n, w.hAt[t], n, rwT, n, 1.0, w.zAt[t],
                                    w.width);
                        }
                        gateMath(kernels, w, t, false, false, splitGates);
                    }
                }
            }
            forwardInput = training ? input : null;
            forwardMask = maskArray;
            forwardWeights = weights;
            forwardRecurrentWeights = recurrent;
            return w;
        }
    }

    private void setInitialState(Work w, INDArray[] initial, int batch, int n) {
        if (initial == null) {
            TimeMajor.fill(w.h, 0, (long) batch * n, 0.0);
            if (w.c != null) {
                TimeMajor.fill(w.c, 0, (long) batch * n, 0.0);
            }
            return;
        }
        if (initial[0].size(0) != batch || initial[0].size(1) != n) {
            throw new IllegalStateException(describe() + ": the stored state has shape "
                    + Arrays.toString(initial[0].shape()) + " but this input needs [" + batch + ", " + n
                    + "]; call rnnClearPreviousState() between batches of different sizes");
        }
        TimeMajor.rowsInto(initial[0], w.h, 0);
        if (w.c != null) {
            TimeMajor.rowsInto(initial[1], w.c, 0);
        }
    }

    /** {@code a} itself when it is a dense column-major matrix, else a column-major copy. */
    private static INDArray columnMajor(INDArray a) {
        return isDenseColumnMajor(a) ? a : a.dup('f');
    }

    /** Whether the rank-2 {@code a} has its elements at consecutive addresses, column after column. */
    private static boolean isDenseColumnMajor(INDArray a) {
        long rows = a.size(0);
        long cols = a.size(1);
        return (rows == 1 || a.stride(0) == 1) && (cols == 1 || a.stride(1) == rows);
    }

    private INDArray output(Work w, LayerWorkspaceMgr mgr) {
        // time-major underneath, as h: the copy out (and the next layer's copy in) is one bulk copy
        INDArray out = TimeMajor.timeMajorView(mgr, ArrayType.ACTIVATIONS, dataType, w.batch, w.n, w.steps);
        TimeMajor.scatter(w.h, (long) w.batch * w.n, out, reverse());     // blocks 1..T of h
        return permuteIfNWC(out);
    }

    /** The state after the last step, detached: {h} or {h, c}. */
    private INDArray[] lastState(Work w) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long last = (long) w.steps * w.batch * w.n;                 // block T
            INDArray h = Nd4j.createUninitialized(dataType, w.batch, w.n);
            TimeMajor.rowsFrom(w.h, last, h);
            if (w.c == null) {
                return new INDArray[]{h};
            }
            INDArray c = Nd4j.createUninitialized(dataType, w.batch, w.n);
            TimeMajor.rowsFrom(w.c, last, c);
            return new INDArray[]{h, c};
        }
    }

    private INDArray[] stateFrom(java.util.Map<String, INDArray> map) {
        INDArray h = map.get(STATE_KEY);
        if (h == null) {
            return null;
        }
        if (cell != RecurrentCell.LSTM) {
            return new INDArray[]{h};
        }
        INDArray c = map.get(CELL_STATE_KEY);
        if (c == null) {
            throw new IllegalStateException(describe() + ": the stored state has \"" + STATE_KEY + "\" but no \""
                    + CELL_STATE_KEY + "\" (an LSTM needs both)");
        }
        return new INDArray[]{h, c};
    }

    private static void putState(java.util.Map<String, INDArray> map, INDArray[] state) {
        map.put(STATE_KEY, state[0]);
        if (state.length > 1) {
            map.put(CELL_STATE_KEY, state[1]);
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        lastInitialState = null;
        return output(forward(null, training, mgr), mgr);
    }

    private boolean reverse() {
        return layerConf().isReverse();
    }

    private void refuseStreamingIfReverse(String what) {
        if (reverse()) {
            throw new IllegalStateException(describe() + " reads time right to left (reverse); it needs whole sequences "
                    + "and cannot " + what);
        }
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr mgr) {
        refuseStreamingIfReverse("step through time with rnnTimeStep");
        setInput(input, mgr);
        lastInitialState = stateFrom(stateMap);
        Work w = forward(lastInitialState, false, mgr);
        putState(stateMap, nextStepState(w));
        return output(w, mgr);
    }

    /**
     * The state after an {@code rnnTimeStep} call, in one of two sets of arrays the layer owns and reuses from call to
     * call (a new ND4J array per call and state cost ~10-25 us at batch 1, against a 512-unit step's ~20 us of
     * arithmetic). Never the set the call started from ({@link #lastInitialState} stays as it was), and never a set
     * that {@link #rnnGetPreviousState()} has handed out: after that, two new sets.
     */
    private INDArray[] nextStepState(Work w) {
        INDArray[] set = ownStates[ownNext];
        if (stateHandedOut || set != null && (set[0].size(0) != w.batch || set[0].dataType() != dataType)) {
            ownStates[0] = null;
            ownStates[1] = null;
            stateHandedOut = false;
            ownNext = 0;
            set = null;
        }
        if (set != null && lastInitialState != null && lastInitialState[0] == set[0]) {
            ownNext ^= 1;
            set = ownStates[ownNext];
        }
        if (set == null) {
            set = lastState(w);
            ownStates[ownNext] = set;
        } else {
            long last = (long) w.steps * w.batch * w.n;                 // block T
            TimeMajor.rowsFrom(w.h, last, set[0]);
            if (w.c != null) {
                TimeMajor.rowsFrom(w.c, last, set[1]);
            }
        }
        ownNext ^= 1;
        return set;
    }

    /** The rnnTimeStep state's h as stored, without handing it out (tests). */
    INDArray stepState() {
        return stateMap.get(STATE_KEY);
    }

    /** DL4J's: the state map, whose arrays the caller may keep; the layer then stops reusing them. */
    @Override
    public java.util.Map<String, INDArray> rnnGetPreviousState() {
        stateHandedOut = true;
        return super.rnnGetPreviousState();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr mgr) {
        refuseStreamingIfReverse("train with truncated BPTT");
        setInput(input, mgr);
        lastInitialState = stateFrom(tBpttStateMap);
        Work w = forward(lastInitialState, training, mgr);
        if (storeLastForTBPTT) {
            putState(tBpttStateMap, lastState(w));
        }
        return output(w, mgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        return tbpttBackpropGradient(epsilon, -1, mgr);
    }

    /**
     * Backward through time; the per-step gradient equations are in {@link ScalarKernels}.
     *
     * @param tbpttBackLength if > 0, gradients flow back through at most this many steps
     */
    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr mgr) {
        return withOwnThreads(() -> backwardPass(epsilon, tbpttBackLength, mgr));
    }

    private Pair<Gradient, INDArray> backwardPass(INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        Work w = forwardInput == input && forwardMask == maskArray && work != null ? work
                : forward(lastInitialState, true, mgr);
        Kernels kernels = Kernels.of(dataType);
        Blas.useConfiguredThreads();
        INDArray gW = gradientViews.get(WEIGHT_KEY);
        INDArray gRW = gradientViews.get(RECURRENT_WEIGHT_KEY);
        INDArray gb = gradientViews.get(BIAS_KEY);
        int batch = w.batch;
        int steps = w.steps;
        int n = w.n;
        int nIn = w.nIn;
        int width = w.width;
        boolean skipInputGradient = layerConf().isSkipInputGradient();
        INDArray epsOut;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray eps = permuteIfNWC(epsilon);
            if (eps.size(0) != batch || eps.size(1) != n || eps.size(2) != steps) {
                throw new IllegalStateException(describe() + ": epsilon has shape " + Arrays.toString(epsilon.shape())
                        + " but the output was [" + batch + ", " + n + ", " + steps + "]");
            }
            TimeMajor.gather(eps, w.dh, reverse());
            if (w.dc != null) {
                w.dc.assign(0);
            }
            // RW's parameter is column-major [n, G n], i.e. row-major [G n, n] = RW^T: dZ(t+1) times it needs no
            // transposed operand (an earlier row-major copy of RW per call measured no faster per step, OpenBLAS 0.3.21)
            Pointer rwT = Blas.pointer(forwardRecurrentWeights, 0);
            int end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
            boolean own = stepGemm(w);
            boolean parallel = own && Blas.manyThreadsPerCall();
            if (own) {                                                 // B = RW^T [G n, n], as stored
                w.stepGemmBuffers();
                VectorGemm.pack(Nio.slice(forwardRecurrentWeights), 0, width, n, false, w.packed);
            }
            boolean rowsSplit = own && (batchSplit || ownPass || Blas.OWN_THREADS) && batch >= 8;
            if (rowsSplit) {
                int half = batch / 2;
                int stop = end;
                halves(() -> backwardRows(w, w.firstHalf, 0, half, stop, w.stepRows),
                        () -> backwardRows(w, w.secondHalf, half, batch, stop, w.stepRows2));
            }
            boolean splitGates = gateSplit(w);
            boolean splitSteps = !own && productSplit(w);             // by columns of dh, as in the forward
            int[] at = new int[1];
            Runnable lowColumns = null;
            Runnable highColumns = null;
            if (splitSteps) {
                w.productSplitPointers();
                int lo = w.splitN;
                Pointer[] from = cell == RecurrentCell.GRU ? w.dmAt : w.zAt;
                Pointer rwTHigh = Blas.pointer(forwardRecurrentWeights, lo);
                lowColumns = () -> Blas.gemm(dataType, false, false, batch, lo, width, from[at[0] + 1], width, rwT, n,
                        1.0, w.dhAt[at[0]], n);
                highColumns = () -> Blas.gemm(dataType, false, false, batch, n - lo, width, from[at[0] + 1], width,
                        rwTHigh, n, 1.0, w.dhAtHigh[at[0]], n);
            }
            for (int t = steps - 1; t >= end && !rowsSplit; t--) {
                if (t < steps - 1 && own) {                            // dh(t) += dZ(t+1) RW^T, through RW
                    (cell == RecurrentCell.GRU ? w.dmf : w.zf).get((t + 1) * batch * width, w.stepRows, 0,
                            batch * width);
                    VectorGemm.multiply(w.stepRows, batch, width, w.packed, n, w.dhb, (long) t * batch * n, true,
                            parallel);
                } else if (t < steps - 1 && splitSteps) {
                    at[0] = t;
                    halves(lowColumns, highColumns);
                } else if (t < steps - 1) {
                    Pointer next = cell == RecurrentCell.GRU ? w.dmAt[t + 1] : w.zAt[t + 1];
                    Blas.gemm(dataType, false, false, batch, n, width, next, width, rwT, n, 1.0, w.dhAt[t], n);
                }
                gateMath(kernels, w, t, true, t > end, splitGates);
            }
            int rows = (steps - end) * batch;
            long first = (long) end * batch;
            Pointer dZ = Blas.pointer(w.z, first * width);
            Pointer dRecurrent = cell == RecurrentCell.GRU ? Blas.pointer(w.dm, first * width) : dZ;
            boolean split = dividesItsOwnWork();
            int gates = split ? width / 2 : width;                     // the first thread's rows of dW and dRW
            INDArray gWc = contiguous(gW);
            INDArray gRWc = contiguous(gRW);
            INDArray gbc = contiguous(gb);
            INDArray grbc = cell == RecurrentCell.GRU ? contiguous(gradientViews.get(RECURRENT_BIAS_KEY)) : null;
            Pointer xFirst = Blas.pointer(w.x, first * nIn);
            Pointer hFirst = Blas.pointer(w.h, first * n);
            // dW = X^T dZ, stored row-major [G n, nIn]: dZ^T X; dRW = H(t-1)^T dZ, stored row-major [G n, n] (block t
            // of h is h(t-1)); db = the column sums of dZ (the GRU's rb: of dm). Split by rows of the results (columns of
            // dZ) when this layer divides the work between two threads: no sum is split, so the same numbers
            inParallel(split, () -> {
                Blas.gemm(dataType, true, false, gates, nIn, rows, dZ, width, xFirst, nIn, 0.0, Blas.pointer(gWc, 0),
                        nIn);
                Blas.gemm(dataType, true, false, gates, n, rows, dRecurrent, width, hFirst, n, 0.0,
                        Blas.pointer(gRWc, 0), n);
                Blas.gemvTransposed(dataType, rows, gates, dZ, width, w.onesp, Blas.pointer(gbc, 0));
                if (grbc != null) {
                    Blas.gemvTransposed(dataType, rows, gates, dRecurrent, width, w.onesp, Blas.pointer(grbc, 0));
                }
            }, () -> {
                if (gates < width) {
                    Pointer dZHigh = Blas.pointer(w.z, first * width + gates);
                    Pointer dRecurrentHigh = cell == RecurrentCell.GRU ? Blas.pointer(w.dm, first * width + gates)
                            : dZHigh;
                    Blas.gemm(dataType, true, false, width - gates, nIn, rows, dZHigh, width, xFirst, nIn, 0.0,
                            Blas.pointer(gWc, (long) gates * nIn), nIn);
                    Blas.gemm(dataType, true, false, width - gates, n, rows, dRecurrentHigh, width, hFirst, n, 0.0,
                            Blas.pointer(gRWc, (long) gates * n), n);
                    Blas.gemvTransposed(dataType, rows, width - gates, dZHigh, width, w.onesp, Blas.pointer(gbc, gates));
                    if (grbc != null) {
                        Blas.gemvTransposed(dataType, rows, width - gates, dRecurrentHigh, width, w.onesp,
                                Blas.pointer(grbc, gates));
                    }
                }
            });
            if (skipInputGradient) {                                   // the first layer on the data: nobody reads dX
                forwardInput = null;
                weightNoiseParams.clear();
                return new Pair<>(parameterGradient(), null);
            }
            // dX = dZ W^T: [rows, G n] x W stored row-major [G n, nIn]; steps cut by truncation get none
            if (end > 0) {
                TimeMajor.fill(w.dx, 0, (long) end * batch * nIn, 0.0);
            }
            int half = split ? rows / 2 : rows;
            Pointer fw = Blas.pointer(forwardWeights, 0);
            inParallel(split,
                    () -> Blas.gemm(dataType, false, false, half, nIn, width, dZ, width, fw, nIn, 0.0,
                            Blas.pointer(w.dx, first * nIn), nIn),
                    () -> {
                        if (half < rows) {
                            Blas.gemm(dataType, false, false, rows - half, nIn, width, Blas.pointer(w.z, (first + half)
                                    * width), width, fw, nIn, 0.0, Blas.pointer(w.dx, (first + half) * nIn), nIn);
                        }
                    });
        }
        forwardInput = null;                                           // z now holds gradients, not gates
        epsOut = TimeMajor.timeMajorView(mgr, ArrayType.ACTIVATION_GRAD, dataType, batch, nIn, steps);
        TimeMajor.scatter(w.dx, 0, epsOut, reverse());
        weightNoiseParams.clear();
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(parameterGradient(), permuteIfNWC(epsOut));
    }

    /** The layer's gradient: its views of the network's flat gradient, in the parameter initialiser's order. */
    private Gradient parameterGradient() {
        Gradient grad = new DefaultGradient(gradientsFlattened);
        for (String key : RecurrentParamInitializer.INSTANCE.paramKeys(layerConf())) {
            grad.gradientForVariable().put(key, gradientViews.get(key));
        }
        return grad;
    }

    /** A gradient view must be the dense column-major slice of the flat gradient the BLAS calls write into. */
    private INDArray contiguous(INDArray view) {
        if (!isDenseColumnMajor(view)) {
            throw new IllegalStateException(describe() + ": gradient view is not dense: "
                    + Arrays.toString(view.shape()) + " strides " + Arrays.toString(view.stride()));
        }
        return view;
    }

    /**
     * Frees the native work buffers this layer keeps between calls (sized for the largest batch x steps it has
     * seen: ~1.2 GB for an LSTM of 512 units over 64 x 1,000 steps). The layer stays usable; its next forward
     * allocates them again. Call it when a network will sit idle while others run, as an ensemble's members do.
     * Not from {@link #clear()}: DL4J calls that after every fit, and every step would then reallocate.
     *
     * @return the bytes freed
     */
    public long releaseBuffers() {
        work = null;
        forwardInput = null;
        forwardMask = null;
        return storage.release();
    }

    /**
     * {@link #releaseBuffers()} on every fast recurrent layer among {@code layers} (a network's
     * {@code getLayers()}), looking inside wrappers such as a frozen layer. DL4J's {@code Bidirectional} wrapper
     * does not expose its two layers, so layers inside one are not reached (rnnkit's own bidirectional stacks
     * are two plain layers and are).
     *
     * @return the bytes freed
     */
    public static long releaseBuffers(Layer[] layers) {
        Checks.notNull(layers, "layers");
        long bytes = 0;
        for (Layer layer : layers) {
            Layer l = layer;
            while (l instanceof BaseWrapperLayer w) {
                l = w.getUnderlying();
            }
            if (l instanceof FastRecurrentLayer f) {
                bytes += f.releaseBuffers();
            }
        }
        return bytes;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void rnnClearPreviousState() {
        super.rnnClearPreviousState();
        lastInitialState = null;
    }
}
