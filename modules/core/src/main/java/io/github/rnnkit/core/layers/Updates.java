package io.github.rnnkit.core.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameter updates in one pass over the Vector API, for {@link io.github.rnnkit.core.train.FastAdam}: ND4J's
 * updater ops run one scalar loop per element on one core.
 */
public final class Updates {
    private Updates() {
    }

    /**
     * One Adam step in place, as ND4J's {@code AdamUpdater} op computes it: m and v move towards g and g^2, and g
     * becomes the update {@code lr_t m / (sqrt(v) + epsilon)}, lr_t = lr sqrt(1 - beta2^(i+1)) / (1 - beta1^(i+1))
     * (epsilon itself where that is not a finite non-zero number, as the op does).
     *
     * @return false, having changed nothing, unless g, m and v are float32, equally long, dense and in the same order
     * and the Vector API is in use: the caller then runs ND4J's op
     */
    public static boolean adam(INDArray g, INDArray m, INDArray v, double learningRate, double beta1, double beta2,
                               double epsilon, int iteration) {
        long n = g.length();
        if (!Kernels.vectorised() || n == 0 || n > Integer.MAX_VALUE / 4 || m.length() != n || v.length() != n
                || !float32Dense(g) || !float32Dense(m) || !float32Dense(v)
                || !(g.ordering() == m.ordering() && m.ordering() == v.ordering() || g.rank() == 1 && m.rank() == 1
                && v.rank() == 1)) {
            return false;
        }
        double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, iteration + 1)) / (1 - Math.pow(beta1, iteration + 1));
        if (Double.isNaN(alpha) || Double.isInfinite(alpha) || alpha == 0) {
            alpha = epsilon;
        }
        VectorKernels.adam(Nio.slice(g), Nio.slice(m), Nio.slice(v), (int) n, (float) beta1, (float) beta2,
                (float) alpha, (float) epsilon);
        return true;
    }

    private static boolean float32Dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && (a.rank() == 1 ? a.stride(0) == 1 : a.elementWiseStride() == 1);
    }
}
