package io.github.rnnkit.core.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elementwise part of one time step of the fast recurrent layers (the GEMMs are the layers' own), over
 * every example of the batch at step {@code t}, on the buffers of a {@link Work}. Two implementations compute
 * the same equations: {@link VectorKernels} with the JDK's Vector API (float32, 8-16 lanes), and
 * {@link ScalarKernels} with plain loops (float32 and float64; the reference the vector code is tested
 * against, and the fallback where the {@code jdk.incubator.vector} module is not enabled).
 *
 * <p>LSTM gate blocks are in DL4J's order [g | f | o | i] (candidate, forget, output, input), GRU's [r | u | n].
 */
interface Kernels {

    /**
     * LSTM step t forward for examples {@code [r0, r1)}: gates from z + b, c(t) = f c(t-1) + i g, h(t) = o tanh(c(t)),
     * both times the mask.
     */
    void lstmForward(Work w, int t, int r0, int r1);

    /** LSTM step t backward for examples {@code [r0, r1)}: reads dh(t) and dc (from t+1), writes the gate gradients
     * into z and dc for t-1. */
    void lstmBackward(Work w, int t, int r0, int r1);

    /** GRU step t forward for examples {@code [r0, r1)}: z holds x W at t, m the recurrent product h(t-1) RW. */
    void gruForward(Work w, int t, int r0, int r1);

    /**
     * GRU step t backward for examples {@code [r0, r1)}: writes the gradients into z (input side) and dm (recurrent
     * side); when {@code intoPrevious}, adds the direct path dh(t) u into dh(t-1).
     */
    void gruBackward(Work w, int t, int r0, int r1, boolean intoPrevious);

    /** Simple RNN step t forward for examples {@code [r0, r1)}: h(t) = tanh(z + b), times the mask (z already holds
     * x W + h(t-1) RW). */
    void rnnForward(Work w, int t, int r0, int r1);

    /** Simple RNN step t backward for examples {@code [r0, r1)}: z = dh(t) (1 - h(t)^2). */
    void rnnBackward(Work w, int t, int r0, int r1);

    /** {@link #lstmForward(Work, int, int, int)} for the whole batch. */
    default void lstmForward(Work w, int t) {
        lstmForward(w, t, 0, w.batch);
    }

    /** {@link #lstmBackward(Work, int, int, int)} for the whole batch. */
    default void lstmBackward(Work w, int t) {
        lstmBackward(w, t, 0, w.batch);
    }

    /** {@link #gruForward(Work, int, int, int)} for the whole batch. */
    default void gruForward(Work w, int t) {
        gruForward(w, t, 0, w.batch);
    }

    /** {@link #gruBackward(Work, int, int, int, boolean)} for the whole batch. */
    default void gruBackward(Work w, int t, boolean intoPrevious) {
        gruBackward(w, t, 0, w.batch, intoPrevious);
    }

    /** {@link #rnnForward(Work, int, int, int)} for the whole batch. */
    default void rnnForward(Work w, int t) {
        rnnForward(w, t, 0, w.batch);
    }

    /** {@link #rnnBackward(Work, int, int, int)} for the whole batch. */
    default void rnnBackward(Work w, int t) {
        rnnBackward(w, t, 0, w.batch);
    }

    /**
     * Softmax of each row of the row-major {@code rows x cols} matrix in {@code z} (elements counted from the
     * buffer's start), after adding the bias {@code b} (cols elements), in place:
     * p_j = exp(z_j + b_j - max) / sum_k exp(z_k + b_k - max).
     */
    void softmaxRows(java.nio.ByteBuffer z, java.nio.ByteBuffer b, int rows, int cols);

    /**
     * The kernels for {@code type}: vectorised for FLOAT when the Vector API module is enabled (and
     * {@code -Drnnkit.vector=false} is not set), plain loops otherwise.
     */
    static Kernels of(DataType type) {
        if (type == DataType.FLOAT && Holder.VECTOR != null) {
            return Holder.VECTOR;
        }
        return type == DataType.DOUBLE ? ScalarKernels.DOUBLE : ScalarKernels.FLOAT;
    }

    /** Whether the vectorised float32 kernels are in use. */
    static boolean vectorised() {
        return Holder.VECTOR != null;
    }

    /** Loads the vector kernels once, only if their module is present. */
    final class Holder {
        private static final Logger log = LoggerFactory.getLogger(Kernels.class);
        static final Kernels VECTOR = load();

        private Holder() {
        }

        private static Kernels load() {
            if (!Boolean.parseBoolean(System.getProperty("rnnkit.vector", "true"))) {
                log.info("rnnkit's recurrent layers use plain loops (-Drnnkit.vector=false)");
                return null;
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                log.info("The JVM runs without --add-modules jdk.incubator.vector: rnnkit's recurrent layers fall back "
                        + "to plain loops for their elementwise math (several times slower per element; the rnnkit "
                        + "launcher and the tests enable it)");
                return null;
            }
            return new VectorKernels();
        }
    }
}
