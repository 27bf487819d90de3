package io.github.rnnkit.core.layers;

import io.github.rnnkit.core.RecurrentCell;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;

/**
 * The buffers of one fast recurrent layer laid out for one (batch, steps) shape: views by offset into flat
 * native arrays ({@link Storage}) outside every workspace, reused from call to call and across shapes, so a
 * training step allocates nothing per time step. All row-major; a "row" is one (step, example) pair, row index
 * {@code t * batch + b}:
 * <pre>
 *   x    [T*B, nIn]        the input, time-major
 *   z    [T*B, G*n]        gate pre-activations (input projection + recurrent product); after the forward the
 *                          activated gates, after the backward the gradients into the pre-activations
 *   h    [(T+1)*B, n]      block 0 the initial state h(-1), block t+1 the output h(t)
 *   dh   [T*B, n]          gradient into h(t): the upstream epsilon plus what flows back from t+1
 *   dx   [T*B, nIn]        gradient into the input
 *   mask [T*B]             1 for a real step, 0 for a masked one (all ones without a mask)
 *   LSTM: c [(T+1)*B, n] cell states (block 0 initial), tc [T*B, n] tanh(c), dc [B, n] gradient into c(t)
 *   GRU:  mn [T*B, n] the recurrent candidate term h(t-1) RW_n + rb_n, dm [T*B, 3n] gradient into the recurrent
 *         product, m [B, 3n] one step's recurrent product
 * </pre>
 * The per-step GEMMs of both passes read the recurrent weights' column-major parameter itself; {@code b} and
 * {@code rb} are copies of the biases.
 */
final class Work {
    final DataType type;
    final RecurrentCell cell;
    final int batch;
    final int steps;
    final int nIn;
    final int n;
    final int width;

    final INDArray x, z, h, dh, dx, mask, ones, b;
    final INDArray c, tc, dc;
    final INDArray mn, dm, m, rb;
    final ByteBuffer zb, hb, dhb, maskb, bb, cb, tcb, dcb, mnb, dmb, mb, rbb;
    final Pointer xp, zp, onesp, mp;
    /** Float views of z, h and dm for the bulk copies of {@link VectorGemm}'s left operand (null for float64). */
    final java.nio.FloatBuffer zf, hf, dmf;
    /** {@link VectorGemm}'s packed RW (or RW^T) and one step's left operand, made on first use. */
    float[] packed, stepRows, stepRows2;
    /** One time step's gate math over the first and the second half of the batch, reused step after step. */
    final GateRows firstHalf = new GateRows(this), secondHalf = new GateRows(this);
    /** Whether {@code mask} holds all ones (no mask), so that unmasked calls need not refill it. */
    boolean maskAllOnes;
    /** Pointers to step t's block: z rows, h block t (= h(t-1)), dh rows, dm rows. */
    final Pointer[] zAt, hAt, dhAt, dmAt;
    /**
     * Where a per-step product split by columns gives its second thread the rest: gate column {@code splitWidth} of
     * z(t) (and of m for the GRU), unit {@code splitN} of dh(t); made by {@link #productSplitPointers()}.
     */
    final int splitWidth, splitN;
    Pointer[] zAtHigh, dhAtHigh;
    Pointer mpHigh;

    Work(RecurrentCell cell, DataType type, int batch, int steps, int nIn, int n, Storage storage) {
        this.cell = cell;
        this.type = type;
        this.batch = batch;
        this.steps = steps;
        this.nIn = nIn;
        this.n = n;
        this.width = cell.gates() * n;
        long rows = (long) steps * batch;
        long largest = rows * Math.max(width, nIn) * type.width();
        if (largest > Integer.MAX_VALUE) {
            throw new IllegalStateException("a recurrent layer's work buffer for batch " + batch + " x " + steps
                    + " steps x " + Math.max(width, nIn) + " would need " + largest + " bytes; the kernels address at "
                    + "most 2 GiB per buffer: use a smaller batch, shorter sequences or truncated BPTT");
        }
        x = storage.get("x", type, rows * nIn, 0);
        z = storage.get("z", type, rows * width, 0);
        h = storage.get("h", type, rows * n + (long) batch * n, 0);
        dh = storage.get("dh", type, rows * n, 0);
        dx = storage.get("dx", type, rows * nIn, 0);
        mask = storage.get("mask", type, rows, 0);
        ones = storage.get("ones", type, rows, 1);
        b = storage.get("b", type, width, 0);
        boolean lstm = cell == RecurrentCell.LSTM;
        boolean gru = cell == RecurrentCell.GRU;
        c = lstm ? storage.get("c", type, rows * n + (long) batch * n, 0) : null;
        tc = lstm ? storage.get("tc", type, rows * n, 0) : null;
        dc = lstm ? storage.get("dc", type, (long) batch * n, 0) : null;
        mn = gru ? storage.get("mn", type, rows * n, 0) : null;
        dm = gru ? storage.get("dm", type, rows * width, 0) : null;
        m = gru ? storage.get("m", type, (long) batch * width, 0) : null;
        rb = gru ? storage.get("rb", type, width, 0) : null;
        zb = bytes(z);
        hb = bytes(h);
        dhb = bytes(dh);
        maskb = bytes(mask);
        bb = bytes(b);
        cb = bytes(c);
        tcb = bytes(tc);
        dcb = bytes(dc);
        mnb = bytes(mn);
        dmb = bytes(dm);
        mb = bytes(m);
        rbb = bytes(rb);
        boolean f32 = type == DataType.FLOAT;
        zf = f32 ? zb.asFloatBuffer() : null;
        hf = f32 ? hb.asFloatBuffer() : null;
        dmf = f32 && dmb != null ? dmb.asFloatBuffer() : null;
        xp = Blas.pointer(x, 0);
        zp = Blas.pointer(z, 0);
        onesp = Blas.pointer(ones, 0);
        mp = m == null ? null : Blas.pointer(m, 0);
        splitWidth = width / 2 / 16 * 16;                               // whole cache lines
        splitN = n / 2 / 16 * 16;
        zAt = new Pointer[steps];
        hAt = new Pointer[steps + 1];
        dhAt = new Pointer[steps];
        dmAt = new Pointer[dm == null ? 0 : steps];
        for (int t = 0; t <= steps; t++) {
            hAt[t] = Blas.pointer(h, (long) t * batch * n);
            if (t < steps) {
                zAt[t] = Blas.pointer(z, (long) t * batch * width);
                dhAt[t] = Blas.pointer(dh, (long) t * batch * n);
                if (dm != null) {
                    dmAt[t] = Blas.pointer(dm, (long) t * batch * width);
                }
            }
        }
    }

    /** Every buffer this cell uses, in a fixed order (for tests). */
    java.util.List<INDArray> all() {
        return java.util.stream.Stream.of(x, z, h, dh, dx, b, c, tc, dc, mn, dm, m, rb)
                .filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The flat native buffers behind the {@link Work} of one layer, kept across shapes: each grows (by at least
     * half) to the largest size asked for and is reused below it, so that batches of varying length (bucketing)
     * do not reallocate on every call.
     */
    static final class Storage {
        private final java.util.Map<String, INDArray> buffers = new java.util.HashMap<>();

        /** A buffer of at least {@code length} elements of {@code type}; new ones are filled with {@code fill}. */
        INDArray get(String name, DataType type, long length, double fill) {
            INDArray a = buffers.get(name);
            if (a == null || a.dataType() != type || a.length() < length) {
                long size = a == null || a.dataType() != type ? length : Math.max(length, a.length() * 3 / 2);
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    a = fill == 0 ? Nd4j.create(type, size) : Nd4j.valueArrayOf(new long[]{size}, fill, type);
                }
                buffers.put(name, a);
            }
            return a;
        }

        /**
         * Frees every buffer now (their native memory goes back at once, not when the garbage collector gets to
         * them); the next {@link #get} allocates afresh. A {@link Work} laid out on them must not be used after.
         *
         * @return the bytes freed
         */
        long release() {
            long bytes = 0;
            for (INDArray a : buffers.values()) {
                bytes += a.length() * a.dataType().width();
                if (a.closeable()) {
                    a.close();
                }
            }
            buffers.clear();
            return bytes;
        }
    }

    /** The pointers of {@link #splitWidth} and {@link #splitN}, made on first use. */
    void productSplitPointers() {
        if (zAtHigh == null) {
            zAtHigh = new Pointer[steps];
            dhAtHigh = new Pointer[steps];
            for (int t = 0; t < steps; t++) {
                zAtHigh[t] = Blas.pointer(z, (long) t * batch * width + splitWidth);
                dhAtHigh[t] = Blas.pointer(dh, (long) t * batch * n + splitN);
            }
            mpHigh = m == null ? null : Blas.pointer(m, splitWidth);
        }
    }

    /** The step GEMM's buffers, allocated on first use (they live on the Java heap). */
    void stepGemmBuffers() {
        if (packed == null) {
            packed = new float[width * n];
            stepRows = new float[batch * width];
            stepRows2 = new float[batch * width];
        }
    }

    /**
     * One time step's elementwise work ({@link Kernels}) over examples {@code [r0, r1)}, as a task another thread can
     * run: set, then run, step after step, so that dividing a step between two threads allocates nothing.
     */
    static final class GateRows implements Runnable {
        private final Work w;
        private Kernels kernels;
        private int t;
        private int r0;
        private int r1;
        private boolean backward;
        private boolean intoPrevious;

        GateRows(Work w) {
            this.w = w;
        }

        /** Step {@code t}'s forward or backward ({@code intoPrevious}: the GRU's) over examples {@code [r0, r1)}. */
        GateRows set(Kernels kernels, int t, boolean backward, boolean intoPrevious, int r0, int r1) {
            this.kernels = kernels;
            this.t = t;
            this.backward = backward;
            this.intoPrevious = intoPrevious;
            this.r0 = r0;
            this.r1 = r1;
            return this;
        }

        @Override
        public void run() {
            switch (w.cell) {
                case LSTM -> {
                    if (backward) {
                        kernels.lstmBackward(w, t, r0, r1);
                    } else {
                        kernels.lstmForward(w, t, r0, r1);
                    }
                }
                case GRU -> {
                    if (backward) {
                        kernels.gruBackward(w, t, r0, r1, intoPrevious);
                    } else {
                        kernels.gruForward(w, t, r0, r1);
                    }
                }
                case SIMPLE_RNN -> {
                    if (backward) {
                        kernels.rnnBackward(w, t, r0, r1);
                    } else {
                        kernels.rnnForward(w, t, r0, r1);
                    }
                }
            }
        }
    }

    boolean fits(RecurrentCell cell, DataType type, int batch, int steps, int nIn, int n) {
        return this.cell == cell && this.type == type && this.batch == batch && this.steps == steps && this.nIn == nIn
                && this.n == n;
    }

    private static ByteBuffer bytes(INDArray a) {
        return a == null ? null : Nio.bytes(a);
    }
}
