package io.github.rnnkit.core.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-step recurrent product of the fast layers for small batches, {@code C (+)= A B} in float32, on the Vector
 * API with B packed once per layer call, split across two cores.
 *
 * <p>Why: at batch 32 each step's product is small (32 x 256 times 256 x 1,024 at the reference shape) and
 * OpenBLAS repacks all of B (1 MiB) on every one of the 100 calls of a forward and backward pass. Packing B once
 * into panels of 64 columns and running a 4-row x 64-column register tile measured 103 GFLOP/s on one core of the
 * 2-core Xeon and 192 GFLOP/s on both; numpy's OpenBLAS 0.3.31 ran the same product at 145 on both
 * (docs/benchmarks.md). Only with 512-bit vectors (16 float lanes, 32 registers: the tile's 16 accumulators fit);
 * elsewhere the layers keep OpenBLAS.
 *
 * <p>Off by default ({@code -Drnnkit.stepGemm=true} turns it on): inside a layer the helper shares its core with
 * OpenBLAS's worker, which spins after each of the layer's large products. Only with {@code OPENBLAS_THREAD_TIMEOUT=4}
 * (the workers sleep at once) is the layer 10-15% faster than on OpenBLAS in the same setting, and that setting
 * costs the OpenBLAS path about as much. {@code -Drnnkit.ownThreads=true} holds OpenBLAS at one thread instead and
 * has the layers use the helper for everything: {@link #inParallel} runs half of an LSTM's batch, or half of a
 * large product, on it (FastRecurrentLayer).
 *
 * <p>B is packed as panels of {@link #NR} columns, each {@code k} rows of {@link #NR} floats in a row. The second
 * core is a daemon helper thread that spins briefly between calls (a time step's gate math is tens of
 * microseconds) and then parks. Only one caller at a time gets it; others, and calls while {@link ParallelPrediction}
 * runs a worker per core, compute alone.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    /** Columns per panel: four 16-lane vectors. */
    static final int NR = 64;
    private static final int MR = 4;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Whether this JVM's preferred float vector is 512 bits wide (else the tile would spill registers). */
    static final boolean AVAILABLE = FloatVector.SPECIES_PREFERRED.length() == 16;
    private static final Helper HELPER = Runtime.getRuntime().availableProcessors() > 1
            && Boolean.parseBoolean(System.getProperty("rnnkit.stepGemmHelper", "true")) ? new Helper() : null;

    private VectorGemm() {
    }

    /**
     * Packs the {@code k x n} matrix B into {@code dst} (at least {@code k * n} floats; n a multiple of {@link #NR}).
     *
     * @param src        B's elements from element {@code offset}: row-major {@code k x n}, or when
     *                   {@code transposed} row-major {@code n x k} (B^T)
     */
    static void pack(ByteBuffer src, long offset, int k, int n, boolean transposed, float[] dst) {
        java.nio.FloatBuffer f = src.asFloatBuffer();
        int base = Math.toIntExact(offset);
        if (transposed) {
            float[] row = new float[k];
            for (int j = 0; j < n; j++) {                   // row j of B^T is column j of B
                f.get(base + j * k, row, 0, k);
                int at = (j / NR) * k * NR + (j % NR);
                for (int q = 0; q < k; q++) {
                    dst[at + q * NR] = row[q];
                }
            }
        } else {
            for (int q = 0; q < k; q++) {
                for (int p = 0; p < n / NR; p++) {
                    f.get(base + q * n + p * NR, dst, p * k * NR + q * NR, NR);
                }
            }
        }
    }

    /**
     * {@code C = A B}, or {@code C += A B} when {@code accumulate}: A is {@code m x k} (row-major, on the heap), B packed
     * by {@link #pack}, C row-major {@code m x n} from element {@code cOffset} of {@code c}. On two cores when the
     * helper is free and {@code parallel}.
     */
    static void multiply(float[] a, int m, int k, float[] b, int n, ByteBuffer c, long cOffset, boolean accumulate,
                         boolean parallel) {
        int panels = n / NR;
        int off = Math.toIntExact(cOffset);
        if (!accumulate) {
            FloatVector zero = FloatVector.zero(S);
            for (int i = 0; i < m * n; i += 16) {              // n is a multiple of 64
                zero.intoByteBuffer(c, (off + i) << 2, ORDER);
            }
        }
        if (parallel && HELPER != null && panels > 1 && HELPER.lock.tryLock()) {
            try {
                int half = panels / 2;
                HELPER.post(a, m, k, b, n, c, off, half, panels);
                try {
                    panels(a, m, k, b, n, c, off, 0, half);
                } finally {
                    HELPER.await();                             // never release the helper while it still works
                }
            } finally {
                HELPER.lock.unlock();
            }
        } else {
            panels(a, m, k, b, n, c, off, 0, panels);
        }
    }

    /** {@code C += A B} on this thread alone. */
    static void multiplyHere(float[] a, int m, int k, float[] b, int n, ByteBuffer c, long cOffset) {
        panels(a, m, k, b, n, c, Math.toIntExact(cOffset), 0, n / NR);
    }

    /** Runs {@code mine} here and {@code theirs} on the helper at once when it is free; else one after the other. */
    static void inParallel(Runnable mine, Runnable theirs) {
        if (HELPER != null && HELPER.lock.tryLock()) {
            try {
                HELPER.post(theirs);
                try {
                    mine.run();
                } finally {
                    HELPER.await();                             // never release the helper while it still works
                }
            } finally {
                HELPER.lock.unlock();
            }
        } else {
            mine.run();
            theirs.run();
        }
    }

    /** How many tasks the helper thread has finished since the JVM started (0 without one; for tests). */
    static long helperTasksDone() {
        return HELPER == null ? 0 : HELPER.finished;
    }

    /** Panels {@code [from, to)} of C, which already holds what to add to. */
    private static void panels(float[] a, int m, int k, float[] b, int n, ByteBuffer c, int off, int from, int to) {
        for (int p = from; p < to; p++) {
            int i = 0;
            for (; i + MR <= m; i += MR) {
                tile4(a, i * k, k, b, p * k * NR, c, (off + i * n + p * NR) << 2, n << 2);
            }
            for (; i < m; i++) {
                tile1(a, i * k, k, b, p * k * NR, c, (off + i * n + p * NR) << 2);
            }
        }
    }

    /**
     * Four rows of C, one panel's 64 columns: C rows from byte {@code at}, {@code stride} bytes apart; A's rows from
     * {@code r0}. Written out in full (no helper methods returning vectors): C2 then keeps the 16 accumulators in
     * registers instead of boxing them.
     */
    private static void tile4(float[] a, int r0, int k, float[] b, int pb, ByteBuffer c, int at, int stride) {
        int c1 = at + stride;
        int c2 = c1 + stride;
        int c3 = c2 + stride;
        FloatVector x00 = FloatVector.fromByteBuffer(S, c, at, ORDER);
        FloatVector x01 = FloatVector.fromByteBuffer(S, c, at + 64, ORDER);
        FloatVector x02 = FloatVector.fromByteBuffer(S, c, at + 128, ORDER);
        FloatVector x03 = FloatVector.fromByteBuffer(S, c, at + 192, ORDER);
        FloatVector x10 = FloatVector.fromByteBuffer(S, c, c1, ORDER);
        FloatVector x11 = FloatVector.fromByteBuffer(S, c, c1 + 64, ORDER);
        FloatVector x12 = FloatVector.fromByteBuffer(S, c, c1 + 128, ORDER);
        FloatVector x13 = FloatVector.fromByteBuffer(S, c, c1 + 192, ORDER);
        FloatVector x20 = FloatVector.fromByteBuffer(S, c, c2, ORDER);
        FloatVector x21 = FloatVector.fromByteBuffer(S, c, c2 + 64, ORDER);
        FloatVector x22 = FloatVector.fromByteBuffer(S, c, c2 + 128, ORDER);
        FloatVector x23 = FloatVector.fromByteBuffer(S, c, c2 + 192, ORDER);
        FloatVector x30 = FloatVector.fromByteBuffer(S, c, c3, ORDER);
        FloatVector x31 = FloatVector.fromByteBuffer(S, c, c3 + 64, ORDER);
        FloatVector x32 = FloatVector.fromByteBuffer(S, c, c3 + 128, ORDER);
        FloatVector x33 = FloatVector.fromByteBuffer(S, c, c3 + 192, ORDER);
        int r1 = r0 + k;
        int r2 = r1 + k;
        int r3 = r2 + k;
        for (int q = 0; q < k; q++) {
            int o = pb + q * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, o);
            FloatVector b1 = FloatVector.fromArray(S, b, o + 16);
            FloatVector b2 = FloatVector.fromArray(S, b, o + 32);
            FloatVector b3 = FloatVector.fromArray(S, b, o + 48);
            FloatVector v = FloatVector.broadcast(S, a[r0 + q]);
            x00 = b0.fma(v, x00);
            x01 = b1.fma(v, x01);
            x02 = b2.fma(v, x02);
            x03 = b3.fma(v, x03);
            v = FloatVector.broadcast(S, a[r1 + q]);
            x10 = b0.fma(v, x10);
            x11 = b1.fma(v, x11);
            x12 = b2.fma(v, x12);
            x13 = b3.fma(v, x13);
            v = FloatVector.broadcast(S, a[r2 + q]);
            x20 = b0.fma(v, x20);
            x21 = b1.fma(v, x21);
            x22 = b2.fma(v, x22);
            x23 = b3.fma(v, x23);
            v = FloatVector.broadcast(S, a[r3 + q]);
            x30 = b0.fma(v, x30);
            x31 = b1.fma(v, x31);
            x32 = b2.fma(v, x32);
            x33 = b3.fma(v, x33);
        }
        x00.intoByteBuffer(c, at, ORDER);
        x01.intoByteBuffer(c, at + 64, ORDER);
        x02.intoByteBuffer(c, at + 128, ORDER);
        x03.intoByteBuffer(c, at + 192, ORDER);
        x10.intoByteBuffer(c, c1, ORDER);
        x11.intoByteBuffer(c, c1 + 64, ORDER);
        x12.intoByteBuffer(c, c1 + 128, ORDER);
        x13.intoByteBuffer(c, c1 + 192, ORDER);
        x20.intoByteBuffer(c, c2, ORDER);
        x21.intoByteBuffer(c, c2 + 64, ORDER);
        x22.intoByteBuffer(c, c2 + 128, ORDER);
        x23.intoByteBuffer(c, c2 + 192, ORDER);
        x30.intoByteBuffer(c, c3, ORDER);
        x31.intoByteBuffer(c, c3 + 64, ORDER);
        x32.intoByteBuffer(c, c3 + 128, ORDER);
        x33.intoByteBuffer(c, c3 + 192, ORDER);
    }

    /** One row of C, one panel (the rows left over after the 4-row tiles). */
    private static void tile1(float[] a, int r, int k, float[] b, int pb, ByteBuffer c, int at) {
        FloatVector x0 = FloatVector.fromByteBuffer(S, c, at, ORDER);
        FloatVector x1 = FloatVector.fromByteBuffer(S, c, at + 64, ORDER);
        FloatVector x2 = FloatVector.fromByteBuffer(S, c, at + 128, ORDER);
        FloatVector x3 = FloatVector.fromByteBuffer(S, c, at + 192, ORDER);
        for (int q = 0; q < k; q++) {
            int o = pb + q * NR;
            FloatVector v = FloatVector.broadcast(S, a[r + q]);
            x0 = FloatVector.fromArray(S, b, o).fma(v, x0);
            x1 = FloatVector.fromArray(S, b, o + 16).fma(v, x1);
            x2 = FloatVector.fromArray(S, b, o + 32).fma(v, x2);
            x3 = FloatVector.fromArray(S, b, o + 48).fma(v, x3);
        }
        x0.intoByteBuffer(c, at, ORDER);
        x1.intoByteBuffer(c, at + 64, ORDER);
        x2.intoByteBuffer(c, at + 128, ORDER);
        x3.intoByteBuffer(c, at + 192, ORDER);
    }

    /** The second core: takes one product's upper panels at a time, spinning ~100 us for the next before parking. */
    private static final class Helper implements Runnable {
        private static final long SPIN_NANOS = 100_000;
        final ReentrantLock lock = new ReentrantLock();
        private final Thread thread;
        private volatile long posted;
        private volatile long finished;
        private volatile boolean parked;
        private volatile Throwable failure;
        private Runnable task;
        private float[] a;
        private float[] b;
        private ByteBuffer c;
        private int m;
        private int k;
        private int n;
        private int off;
        private int from;
        private int to;

        Helper() {
            thread = new Thread(this, "rnnkit-step-gemm");
            thread.setDaemon(true);
            thread.start();
        }

        void post(Runnable task) {
            this.task = task;
            posted = posted + 1;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        void post(float[] a, int m, int k, float[] b, int n, ByteBuffer c, int off, int from, int to) {
            this.task = null;
            this.a = a;
            this.m = m;
            this.k = k;
            this.b = b;
            this.n = n;
            this.c = c;
            this.off = off;
            this.from = from;
            this.to = to;
            posted = posted + 1;                        // the volatile write publishes the fields above
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        void await() {
            long ticket = posted;
            while (finished != ticket) {
                Thread.onSpinWait();
            }
            Throwable t = failure;
            if (t != null) {
                failure = null;
                throw new IllegalStateException("rnnkit's step GEMM helper failed", t);
            }
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                while (posted == seen) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == seen) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        start = System.nanoTime();
                    }
                }
                seen = posted;
                try {
                    if (task != null) {
                        task.run();
                    } else {
                        panels(a, m, k, b, n, c, off, from, to);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {                      // keep no layer's buffers reachable from this thread between tasks
                    task = null;
                    a = null;
                    b = null;
                    c = null;
                }
                finished = seen;
            }
        }
    }
}
