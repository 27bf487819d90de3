package io.github.rnnkit.core.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link Kernels} in float32 with the JDK's Vector API ({@code jdk.incubator.vector}): the equations of
 * {@link ScalarKernels}, {@code SPECIES_PREFERRED} lanes at a time (8 with AVX2, 16 with AVX-512); the units
 * past the last whole vector of a row go to the scalar kernels. tanh is the Vector API's (the platform's
 * vector math library: float precision at ~0.7 ns per element against ~37 ns for {@code Math.tanh});
 * sigmoid(x) = 0.5 tanh(x/2) + 0.5. Loops are written out, without lambdas or lane masks, so that C2 keeps
 * every vector in registers. Only loaded when the module is present (see {@link Kernels#of}).
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ScalarKernels TAIL = ScalarKernels.FLOAT;

    private static FloatVector ld(ByteBuffer b, int i) {
        return FloatVector.fromByteBuffer(S, b, i << 2, ORDER);
    }

    private static void st(FloatVector v, ByteBuffer b, int i) {
        v.intoByteBuffer(b, i << 2, ORDER);
    }

    private static FloatVector tanh(FloatVector x) {
        return x.lanewise(VectorOperators.TANH);
    }

    private static FloatVector sigmoid(FloatVector x) {
        return x.mul(0.5f).lanewise(VectorOperators.TANH).fma(0.5f, 0.5f);
    }

    /** 1 - x^2, the derivative of tanh at tanh = x. */
    private static FloatVector oneMinusSquare(FloatVector x) {
        return x.mul(x).neg().add(1f);
    }

    /** x (1 - x), the derivative of sigmoid at sigmoid = x. */
    private static FloatVector sigmoidSlope(FloatVector x) {
        return x.mul(x.neg().add(1f));
    }

    @Override
    public void lstmForward(Work w, int t) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = 0; r < w.batch; r++) {
            int row = t * w.batch + r;
            float m = w.maskb.getFloat(row << 2);
            int z = row * 4 * n;
            int s = row * n;
            int next = (row + w.batch) * n;
            for (int j = 0; j < end; j += L) {
                FloatVector g = tanh(ld(w.zb, z + j).add(ld(w.bb, j)));
                FloatVector f = sigmoid(ld(w.zb, z + n + j).add(ld(w.bb, n + j)));
                FloatVector o = sigmoid(ld(w.zb, z + 2 * n + j).add(ld(w.bb, 2 * n + j)));
                FloatVector i = sigmoid(ld(w.zb, z + 3 * n + j).add(ld(w.bb, 3 * n + j)));
                FloatVector c = f.mul(ld(w.cb, s + j)).add(i.mul(g));
                FloatVector tc = tanh(c);
                st(g, w.zb, z + j);
                st(f, w.zb, z + n + j);
                st(o, w.zb, z + 2 * n + j);
                st(i, w.zb, z + 3 * n + j);
                st(tc, w.tcb, s + j);
                st(c.mul(m), w.cb, next + j);
                st(o.mul(tc).mul(m), w.hb, next + j);
            }
            if (end < n) {
                TAIL.lstmForwardRow(w, t, r, end, n);
            }
        }
    }

    @Override
    public void lstmBackward(Work w, int t) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = 0; r < w.batch; r++) {
            int row = t * w.batch + r;
            float m = w.maskb.getFloat(row << 2);
            int z = row * 4 * n;
            int s = row * n;
            int d = r * n;
            for (int j = 0; j < end; j += L) {
                FloatVector g = ld(w.zb, z + j);
                FloatVector f = ld(w.zb, z + n + j);
                FloatVector o = ld(w.zb, z + 2 * n + j);
                FloatVector i = ld(w.zb, z + 3 * n + j);
                FloatVector tc = ld(w.tcb, s + j);
                FloatVector dh = ld(w.dhb, s + j).mul(m);
                FloatVector dc = ld(w.dcb, d + j).mul(m).add(dh.mul(o).mul(oneMinusSquare(tc)));
                st(dc.mul(f), w.dcb, d + j);
                st(dc.mul(i).mul(oneMinusSquare(g)), w.zb, z + j);
                st(dc.mul(ld(w.cb, s + j)).mul(sigmoidSlope(f)), w.zb, z + n + j);
                st(dh.mul(tc).mul(sigmoidSlope(o)), w.zb, z + 2 * n + j);
                st(dc.mul(g).mul(sigmoidSlope(i)), w.zb, z + 3 * n + j);
            }
            if (end < n) {
                TAIL.lstmBackwardRow(w, t, r, end, n);
            }
        }
    }

    @Override
    public void gruForward(Work w, int t) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = 0; r < w.batch; r++) {
            int row = t * w.batch + r;
            float mask = w.maskb.getFloat(row << 2);
            int z = row * 3 * n;
            int m = r * 3 * n;
            int s = row * n;
            int next = (row + w.batch) * n;
            for (int j = 0; j < end; j += L) {
                FloatVector rg = sigmoid(ld(w.zb, z + j).add(ld(w.bb, j)).add(ld(w.mb, m + j)).add(ld(w.rbb, j)));
                FloatVector u = sigmoid(ld(w.zb, z + n + j).add(ld(w.bb, n + j)).add(ld(w.mb, m + n + j))
                        .add(ld(w.rbb, n + j)));
                FloatVector mn = ld(w.mb, m + 2 * n + j).add(ld(w.rbb, 2 * n + j));
                FloatVector cand = tanh(ld(w.zb, z + 2 * n + j).add(ld(w.bb, 2 * n + j)).add(rg.mul(mn)));
                FloatVector hPrev = ld(w.hb, s + j);
                st(rg, w.zb, z + j);
                st(u, w.zb, z + n + j);
                st(cand, w.zb, z + 2 * n + j);
                st(mn, w.mnb, s + j);
                st(hPrev.sub(cand).mul(u).add(cand).mul(mask), w.hb, next + j);
            }
            if (end < n) {
                TAIL.gruForwardRow(w, t, r, end, n);
            }
        }
    }

    @Override
    public void gruBackward(Work w, int t, boolean intoPrevious) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = 0; r < w.batch; r++) {
            int row = t * w.batch + r;
            float mask = w.maskb.getFloat(row << 2);
            int z = row * 3 * n;
            int s = row * n;
            int prev = (row - w.batch) * n;
            for (int j = 0; j < end; j += L) {
                FloatVector rg = ld(w.zb, z + j);
                FloatVector u = ld(w.zb, z + n + j);
                FloatVector cand = ld(w.zb, z + 2 * n + j);
                FloatVector dh = ld(w.dhb, s + j).mul(mask);
                FloatVector dan = dh.mul(u.neg().add(1f)).mul(oneMinusSquare(cand));
                FloatVector dzu = dh.mul(ld(w.hb, s + j).sub(cand)).mul(sigmoidSlope(u));
                FloatVector dzr = dan.mul(ld(w.mnb, s + j)).mul(sigmoidSlope(rg));
                st(dzr, w.zb, z + j);
                st(dzu, w.zb, z + n + j);
                st(dan, w.zb, z + 2 * n + j);
                st(dzr, w.dmb, z + j);
                st(dzu, w.dmb, z + n + j);
                st(dan.mul(rg), w.dmb, z + 2 * n + j);
                if (intoPrevious) {
                    st(ld(w.dhb, prev + j).add(dh.mul(u)), w.dhb, prev + j);
                }
            }
            if (end < n) {
                TAIL.gruBackwardRow(w, t, r, end, n, intoPrevious);
            }
        }
    }

    @Override
    public void rnnForward(Work w, int t) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = 0; r < w.batch; r++) {
            int row = t * w.batch + r;
            float mask = w.maskb.getFloat(row << 2);
            int s = row * n;
            int next = (row + w.batch) * n;
            for (int j = 0; j < end; j += L) {
                st(tanh(ld(w.zb, s + j).add(ld(w.bb, j))).mul(mask), w.hb, next + j);
            }
            if (end < n) {
                TAIL.rnnForwardRow(w, t, r, end, n);
            }
        }
    }

    @Override
    public void rnnBackward(Work w, int t) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = 0; r < w.batch; r++) {
            int row = t * w.batch + r;
            float mask = w.maskb.getFloat(row << 2);
            int s = row * n;
            int next = (row + w.batch) * n;
            for (int j = 0; j < end; j += L) {
                st(ld(w.dhb, s + j).mul(mask).mul(oneMinusSquare(ld(w.hb, next + j))), w.zb, s + j);
            }
            if (end < n) {
                TAIL.rnnBackwardRow(w, t, r, end, n);
            }
        }
    }
}
