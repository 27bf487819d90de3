package io.github.rnnkit.core.layers;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * Row-major GEMM and GEMV on ND4J's native buffers through the OpenBLAS that ND4J itself loads, so the fast
 * recurrent layers choose operand layouts and offsets instead of paying for ND4J's copies.
 *
 * <p>Threads: {@link #useConfiguredThreads()} gives OpenBLAS every core (or {@code -Drnnkit.blasThreads=N}) once
 * per layer call, or one thread while {@link ParallelPrediction} runs a worker per core. Setting OpenBLAS's
 * thread count is itself expensive (measured: calling it before each of 50 small GEMMs made each 5-10x slower),
 * so it is only set when it differs. The launcher starts the JVM with
 * {@code OMP_NUM_THREADS=1}, which keeps ND4J's many small ops on one core (docs/benchmarks.md) and would
 * otherwise leave OpenBLAS on one core too; ND4J's own GEMMs then share the setting.
 */
final class Blas {
    /**
     * {@code -Drnnkit.ownThreads=true}: OpenBLAS held at one thread, and the fast layers divide their work between the
     * caller and {@link VectorGemm}'s helper themselves (experimental; docs/benchmarks.md).
     */
    static final boolean OWN_THREADS = Boolean.getBoolean("rnnkit.ownThreads");
    private static final int THREADS = Integer.getInteger("rnnkit.blasThreads", OWN_THREADS ? 1
            : Runtime.getRuntime().availableProcessors());
    /**
     * Whether a fast recurrent layer holds OpenBLAS at one thread for the length of its own forward or backward pass
     * and divides that pass's work between the caller and {@link VectorGemm}'s helper itself, giving OpenBLAS its
     * threads back afterwards ({@link #enterLayerThreads}). On by default; {@code -Drnnkit.layerThreads=blas} leaves
     * the layers' products to OpenBLAS's own threads (docs/benchmarks.md, "The layers' own threads for their own passes, Adam in one pass").
     */
    static volatile boolean layerThreads = !"blas".equals(System.getProperty("rnnkit.layerThreads"));
    /** Open {@link #enterLayerThreads()} scopes (any thread's): while any is open OpenBLAS runs on one thread. */
    private static volatile int layerScopes;
    /** Open {@link #enterOneThreadPerCall()} scopes: while any is open, each GEMM runs on its caller's thread alone. */
    private static volatile int oneThreadScopes;
    /** OpenBLAS's thread count when the first open scope began, restored when the last one closes. */
    private static int beforeScopes;

    private Blas() {
    }

    /** A pointer to the first element of {@code a} (ND4J accounts for a view's offset), moved {@code offset} elements on. */
    static Pointer pointer(INDArray a, long offset) {
        Pointer base = a.data().addressPointer();
        return switch (a.dataType()) {
            case FLOAT -> new FloatPointer(base).position(((FloatPointer) base).position() + offset);
            case DOUBLE -> new DoublePointer(base).position(((DoublePointer) base).position() + offset);
            default -> throw new IllegalArgumentException("rnnkit's recurrent layers compute in FLOAT or DOUBLE, got "
                    + a.dataType());
        };
    }

    /**
     * Lets OpenBLAS use every core (or {@code rnnkit.blasThreads}), or one while an {@link #enterOneThreadPerCall()}
     * scope is open; cheap when that is already so.
     */
    static void useConfiguredThreads() {
        int wanted = oneThreadScopes > 0 || layerScopes > 0 ? 1 : THREADS;
        if (openblas_nolapack.blas_get_num_threads() != wanted) {
            openblas_nolapack.blas_set_num_threads(wanted);
        }
    }

    /**
     * Whether OpenBLAS runs each call on one thread ({@code -Drnnkit.blasThreads=1}, or {@code -Drnnkit.ownThreads=true}),
     * so that callers split work themselves.
     */
    static boolean singleThreaded() {
        return THREADS == 1;
    }

    /**
     * Opens a layer's own-threads scope when {@link #layerThreads} is on, OpenBLAS is configured for more than one
     * thread and the helper thread exists (the Vector API module): OpenBLAS goes to one thread until the matching
     * {@link #leaveLayerThreads()}. Returns whether it opened one; the answer depends on settings only, never on what
     * other threads are doing, so a pass divides its work the same way, and computes the same numbers, whether or
     * not other threads predict meanwhile. Setting OpenBLAS's thread count twice per layer call costs microseconds;
     * per GEMM it did not (class note). OpenBLAS's count is process-wide, so DL4J layers computing on other threads
     * meanwhile get one thread too.
     */
    static synchronized boolean enterLayerThreads() {
        if (!layerThreads || THREADS == 1 || !Kernels.vectorised()) {
            return false;
        }
        if (layerScopes++ == 0 && openblas_nolapack.blas_get_num_threads() != 1) {
            openblas_nolapack.blas_set_num_threads(1);
        }
        return true;
    }

    /** Closes a scope {@link #enterLayerThreads()} opened; the last one gives OpenBLAS its configured threads back. */
    static synchronized void leaveLayerThreads() {
        if (--layerScopes == 0 && oneThreadScopes == 0 && openblas_nolapack.blas_get_num_threads() != THREADS) {
            openblas_nolapack.blas_set_num_threads(THREADS);
        }
    }

    /** A pointer {@code elements} on from {@code p} (a float or double pointer). */
    static Pointer offset(Pointer p, long elements) {
        if (p instanceof FloatPointer f) {
            return new FloatPointer(f).position(f.position() + elements);
        }
        DoublePointer d = (DoublePointer) p;
        return new DoublePointer(d).position(d.position() + elements);
    }

    /** Whether more than one core may work on one product now (not inside an {@link #enterOneThreadPerCall()} scope). */
    static boolean manyThreadsPerCall() {
        return oneThreadScopes == 0;
    }

    /**
     * Holds OpenBLAS to one thread per call until the matching {@link #leaveOneThreadPerCall()}: for callers that
     * already run one worker per core ({@link ParallelPrediction}), where OpenBLAS's own threads would only fight
     * them. OpenBLAS's thread count is process-wide, so a training step running meanwhile gets one thread too.
     */
    static synchronized void enterOneThreadPerCall() {
        if (oneThreadScopes++ == 0) {
            beforeScopes = layerScopes > 0 ? THREADS : openblas_nolapack.blas_get_num_threads();
            openblas_nolapack.blas_set_num_threads(1);
        }
    }

    /** Closes a scope; the last one restores the thread count from before the first. */
    static synchronized void leaveOneThreadPerCall() {
        int restore = layerScopes > 0 ? 1 : beforeScopes;
        if (--oneThreadScopes == 0 && openblas_nolapack.blas_get_num_threads() != restore) {
            openblas_nolapack.blas_set_num_threads(restore);
        }
    }

    /**
     * {@code C = op(A) op(B) + beta C}, all row-major: op(A) is m x k, op(B) k x n, C m x n.
     *
     * @param transA whether A is stored k x m (and used transposed)
     * @param transB whether B is stored n x k (and used transposed)
     */
    static void gemm(DataType type, boolean transA, boolean transB, int m, int n, int k, Pointer a, int lda, Pointer b,
                     int ldb, double beta, Pointer c, int ldc) {
        if (m == 1) {                       // one row (batch 1: generation): a matrix-vector product is ~2x faster
            gemv(type, !transB, transB ? n : k, transB ? k : n, b, ldb, a, transA ? lda : 1, beta, c);
            return;
        }
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1f, (FloatPointer) a, lda, (FloatPointer) b, ldb,
                    (float) beta, (FloatPointer) c, ldc);
        } else {
            openblas_nolapack.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, (DoublePointer) a, lda, (DoublePointer) b,
                    ldb, beta, (DoublePointer) c, ldc);
        }
    }

    /** {@code y = op(A) x + beta y} for the row-major rows x cols matrix A; op(A) = A^T when {@code transA}. */
    private static void gemv(DataType type, boolean transA, int rows, int cols, Pointer a, int lda, Pointer x, int incx,
                             double beta, Pointer y) {
        int ta = transA ? CblasTrans : CblasNoTrans;
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemv(CblasRowMajor, ta, rows, cols, 1f, (FloatPointer) a, lda, (FloatPointer) x,
                    incx, (float) beta, (FloatPointer) y, 1);
        } else {
            openblas_nolapack.cblas_dgemv(CblasRowMajor, ta, rows, cols, 1.0, (DoublePointer) a, lda, (DoublePointer) x,
                    incx, beta, (DoublePointer) y, 1);
        }
    }

    /** {@code y = A^T x}: the column sums of the row-major m x n matrix A when x is all ones. */
    static void gemvTransposed(DataType type, int m, int n, Pointer a, int lda, Pointer x, Pointer y) {
        gemv(type, true, m, n, a, lda, x, 1, 0.0, y);
    }
}
