package io.github.rnnkit.core.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import static io.github.rnnkit.core.layers.Nio.bytes;

/**
 * Copies between DL4J's [batch, features, time] arrays (any strides: DL4J hands over 'c' and 'f' arrays and
 * views) and the time-major row-major buffers of {@link Work}, where row {@code t * batch + b} holds step t of
 * example b. Plain loops over the native buffers: ND4J's {@code assign} from a permuted view costs ~15 ns per
 * element, these ~1.
 */
final class TimeMajor {
    private TimeMajor() {
    }


    /** {@code dst[(t B + b) F + f] = src[b, f, t]} for src [B, F, T] of dst's element type. */
    static void gather(INDArray src, INDArray dst) {
        gather(src, dst, false);
    }

    /** {@link #gather}, or with {@code reverse} time read backwards: {@code dst[(t B + b) F + f] = src[b, f, T-1-t]}. */
    static void gather(INDArray src, INDArray dst, boolean reverse) {
        if (src.dataType() != dst.dataType()) {
            src = src.castTo(dst.dataType());
        }
        copy(src, dst, dst.offset(), true, reverse);
    }

    /** {@code dst[b, f, t] = src[first + (t B + b) F + f]} for dst [B, F, T] of src's element type. */
    static void scatter(INDArray src, long first, INDArray dst) {
        scatter(src, first, dst, false);
    }

    /** {@link #scatter}, or with {@code reverse} into time reversed: {@code dst[b, f, T-1-t] = src[first + (t B + b) F + f]}. */
    static void scatter(INDArray src, long first, INDArray dst, boolean reverse) {
        copy(dst, src, src.offset() + first, false, reverse);
    }

    /**
     * Copies between the strided [B, F, T] array {@code a} and the dense time-major run of {@code dense} that
     * starts at element {@code base}, in 16 x 16 tiles of (example, feature) per step so that the strided side
     * stays in cache.
     */
    private static void copy(INDArray a, INDArray dense, long base, boolean intoDense, boolean reverse) {
        int batch = (int) a.size(0);
        int features = (int) a.size(1);
        int steps = (int) a.size(2);
        int s0 = (int) a.stride(0);
        int s1 = (int) a.stride(1);
        int s2 = (int) a.stride(2);
        int offset = (int) a.offset();
        int d0 = (int) base;
        final int tile = 16;
        if (isDenseTimeMajor(a)) {
            copyBlocks(bytes(a), offset, bytes(dense), d0, batch * features, steps, dense.dataType().width(), intoDense,
                    reverse);
        } else if (dense.dataType() == DataType.FLOAT && s2 == 1 && steps > 1) {
            copyTimeFastest(bytes(a).asFloatBuffer(), bytes(dense).asFloatBuffer(), batch, features, steps, s0, s1,
                    offset, d0, intoDense, reverse);
        } else if (dense.dataType() == DataType.FLOAT) {
            FloatBuffer strided = bytes(a).asFloatBuffer();
            FloatBuffer flat = bytes(dense).asFloatBuffer();
            for (int t = 0; t < steps; t++) {
                for (int b0 = 0; b0 < batch; b0 += tile) {
                    int b1 = Math.min(batch, b0 + tile);
                    for (int f0 = 0; f0 < features; f0 += tile) {
                        int f1 = Math.min(features, f0 + tile);
                        for (int b = b0; b < b1; b++) {
                            int at = offset + b * s0 + t * s2;
                            int d = d0 + ((reverse ? steps - 1 - t : t) * batch + b) * features;
                            for (int f = f0; f < f1; f++) {
                                if (intoDense) {
                                    flat.put(d + f, strided.get(at + f * s1));
                                } else {
                                    strided.put(at + f * s1, flat.get(d + f));
                                }
                            }
                        }
                    }
                }
            }
        } else {
            DoubleBuffer strided = bytes(a).asDoubleBuffer();
            DoubleBuffer flat = bytes(dense).asDoubleBuffer();
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    int at = offset + b * s0 + t * s2;
                    int d = d0 + ((reverse ? steps - 1 - t : t) * batch + b) * features;
                    for (int f = 0; f < features; f++) {
                        if (intoDense) {
                            flat.put(d + f, strided.get(at + f * s1));
                        } else {
                            strided.put(at + f * s1, flat.get(d + f));
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #copy} for a strided side whose time index is the fastest ([B, F, T] in C order, as data and DL4J's
     * own ops hand over): per example, 16 x 16 tiles of (feature, step), so that the strided side is read along its
     * rows and the dense side written in whole cache lines. The batch-outer order of {@link #copy} read such an array
     * across its rows on every step (at (128, 1024, 25, 128) 3.7 ns per element against 1.3 for F order).
     */
    private static void copyTimeFastest(FloatBuffer strided, FloatBuffer flat, int batch, int features, int steps,
                                        int s0, int s1, int offset, int d0, boolean intoDense, boolean reverse) {
        final int tile = 16;
        for (int b = 0; b < batch; b++) {
            for (int f0 = 0; f0 < features; f0 += tile) {
                int f1 = Math.min(features, f0 + tile);
                for (int t0 = 0; t0 < steps; t0 += tile) {
                    int t1 = Math.min(steps, t0 + tile);
                    for (int t = t0; t < t1; t++) {
                        int at = offset + b * s0 + t;
                        int d = d0 + ((reverse ? steps - 1 - t : t) * batch + b) * features;
                        for (int f = f0; f < f1; f++) {
                            if (intoDense) {
                                flat.put(d + f, strided.get(at + f * s1));
                            } else {
                                strided.put(at + f * s1, flat.get(d + f));
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #copy} when the strided side is itself time-major and dense (a [T, B, F] array seen through
     * {@code permute(1, 2, 0)}, as the fast layers hand over their outputs and input gradients): one bulk copy, or
     * one per step when time runs backwards.
     */
    private static void copyBlocks(ByteBuffer strided, int offset, ByteBuffer dense, int d0, int block, int steps,
                                   int width, boolean intoDense, boolean reverse) {
        if (!reverse) {
            bulk(strided, offset, dense, d0, block * steps, width, intoDense);
            return;
        }
        for (int t = 0; t < steps; t++) {
            bulk(strided, offset + t * block, dense, d0 + (steps - 1 - t) * block, block, width, intoDense);
        }
    }

    /** {@code count} elements between {@code a} at element {@code aAt} and {@code b} at {@code bAt}, a into b or back. */
    private static void bulk(ByteBuffer a, int aAt, ByteBuffer b, int bAt, int count, int width, boolean aIntoB) {
        ByteBuffer from = (aIntoB ? a : b).duplicate();
        ByteBuffer to = (aIntoB ? b : a).duplicate();
        int fromAt = aIntoB ? aAt : bAt;
        from.limit((fromAt + count) * width).position(fromAt * width);
        to.position((aIntoB ? bAt : aAt) * width);
        to.put(from);
    }

    /**
     * Whether the [batch, features, steps] array {@code a} is a dense time-major run underneath ([steps, batch,
     * features] in C order, as {@link #timeMajorView} makes): then its elements from {@code a.offset()} already are
     * the layers' time-major rows, and BLAS can read or write them in place.
     */
    static boolean isDenseTimeMajor(INDArray a) {
        if (a.rank() != 3) {
            return false;
        }
        long batch = a.size(0);
        long features = a.size(1);
        long steps = a.size(2);
        return (batch == 1 || a.stride(0) == features) && (features == 1 || a.stride(1) == 1)
                && (steps == 1 || a.stride(2) == batch * features);
    }

    /**
     * A new [batch, features, steps] array that is time-major underneath: [steps, batch, features] in C order seen
     * through {@code permute(1, 2, 0)}, so that {@link #scatter} into it and {@link #gather} from it are bulk copies
     * (the layers' buffers are time-major too). Made by {@code mgr} as {@code type} of array. One step is the same
     * memory as a C-order [batch, features, 1] array, made as that: no permuted view, whose shape ND4J builds anew
     * (a native allocation, and a read of the process's memory use, per array: ~5 us each while generating).
     */
    static INDArray timeMajorView(org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr,
                                  org.deeplearning4j.nn.workspace.ArrayType type, DataType dataType, long batch,
                                  long features, long steps) {
        if (steps == 1) {
            return mgr.createUninitialized(type, dataType, new long[]{batch, features, 1}, 'c');
        }
        return mgr.createUninitialized(type, dataType, new long[]{steps, batch, features}, 'c').permute(1, 2, 0);
    }

    /** {@code dst[first + i c + j] = src[i, j]} for a rank-2 src [r, c] with any strides, of dst's type. */
    static void rowsInto(INDArray src, INDArray dst, long first) {
        if (src.dataType() != dst.dataType()) {
            src = src.castTo(dst.dataType());
        }
        INDArray m = src.rank() == 2 ? src : src.reshape(1, src.length());
        scatterRows(m, bytes(dst), dst.offset() + first, dst.dataType() == DataType.DOUBLE, true);
    }

    /** {@code dst[i, j] = src[first + i c + j]} for a rank-2 dst [r, c] with any strides, of src's type. */
    static void rowsFrom(INDArray src, long first, INDArray dst) {
        scatterRows(dst, bytes(src), src.offset() + first, src.dataType() == DataType.DOUBLE, false);
    }

    /** Copies between the strided matrix {@code m} and the dense row-major run at {@code base} of {@code dense}. */
    private static void scatterRows(INDArray m, ByteBuffer dense, long base, boolean dbl, boolean intoDense) {
        int rows = (int) m.size(0);
        int cols = (int) m.size(1);
        long r0 = m.stride(0);
        long c0 = m.stride(1);
        ByteBuffer strided = bytes(m);
        long offset = m.offset();
        long i = base;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) {
                int at = (int) (offset + r * r0 + c * c0);
                int d = (int) i;
                if (dbl) {
                    if (intoDense) {
                        dense.putDouble(d << 3, strided.getDouble(at << 3));
                    } else {
                        strided.putDouble(at << 3, dense.getDouble(d << 3));
                    }
                } else if (intoDense) {
                    dense.putFloat(d << 2, strided.getFloat(at << 2));
                } else {
                    strided.putFloat(at << 2, dense.getFloat(d << 2));
                }
            }
        }
    }

    /** Sets {@code count} elements of {@code dst} from {@code first} to {@code value}. */
    static void fill(INDArray dst, long first, long count, double value) {
        ByteBuffer out = bytes(dst);
        long from = dst.offset() + first;
        if (dst.dataType() == DataType.DOUBLE) {
            for (long i = from; i < from + count; i++) {
                out.putDouble((int) (i << 3), value);
            }
        } else {
            for (long i = from; i < from + count; i++) {
                out.putFloat((int) (i << 2), (float) value);
            }
        }
    }
}
