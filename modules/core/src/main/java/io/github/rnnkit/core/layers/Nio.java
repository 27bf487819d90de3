package io.github.rnnkit.core.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Element access to ND4J's native buffers in float32 or float64, for the layers that loop over them in Java. */
final class Nio {
    private Nio() {
    }

    /** The whole native buffer behind {@code a}, in native byte order (index 0 is the buffer's start). */
    static ByteBuffer bytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    /** {@code a}'s elements from its offset, as a buffer indexed from 0. */
    static ByteBuffer slice(INDArray a) {
        ByteBuffer b = bytes(a);
        b.position((int) (a.offset() * a.dataType().width()));
        return b.slice().order(ByteOrder.nativeOrder());
    }

    /** Element {@code i} as a double, from a float64 ({@code dbl}) or float32 buffer. */
    static double get(ByteBuffer b, int i, boolean dbl) {
        return dbl ? b.getDouble(i << 3) : b.getFloat(i << 2);
    }

    /** Sets element {@code i}, rounding to float32 unless {@code dbl}. */
    static void put(ByteBuffer b, int i, double v, boolean dbl) {
        if (dbl) {
            b.putDouble(i << 3, v);
        } else {
            b.putFloat(i << 2, (float) v);
        }
    }
}
