package io.github.rnnkit.core.layers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link Kernels} in float32 with the JDK's Vector API ({@code jdk.incubator.vector}): the equations of
 * {@link ScalarKernels}, {@code SPECIES_PREFERRED} lanes at a time (8 with AVX2, 16 with AVX-512); the units
 * past the last whole vector of a row go to the scalar kernels. tanh and exp are rnnkit's own, built from IEEE
 * add, multiply, fused multiply-add and divide only (within 1.3 and 1.2 ulps of the exact values), never the Vector
 * API's {@code TANH}/{@code EXP}: those run the platform's vector math library once C2 has compiled a kernel but a
 * per-lane {@code Math} fallback before, which differ in the last bit, so the same model and input gave different
 * outputs before and after warm-up, and a run resumed in a fresh JVM could not repeat an uninterrupted one bit for
 * bit. Basic IEEE operations round the same compiled or not. sigmoid(x) = 1 / (1 + e^-x). Loops are written
 * out, without lambdas or lane masks, so that C2 keeps every vector in registers (see the note above the kernels).
 * Only loaded when the module is present (see {@link Kernels#of}).
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ScalarKernels TAIL = ScalarKernels.FLOAT;

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector HALF = FloatVector.broadcast(S, 0.5f);

    // tanh(x) / x - 1 = t q(t), t = x^2, for |x| <= 0.625: q of degree 5, fitted here by iteratively reweighted least
    // squares on Chebyshev nodes for the least relative error (max 1.6e-10 in double; < 0.8 ulp in float).
    private static final float TANH_SMALL = 0.625f;
    private static final FloatVector Q0 = FloatVector.broadcast(S, -3.333333135e-01f);
    private static final FloatVector Q1 = FloatVector.broadcast(S, 1.333320588e-01f);
    private static final FloatVector Q2 = FloatVector.broadcast(S, -5.394677445e-02f);
    private static final FloatVector Q3 = FloatVector.broadcast(S, 2.170075662e-02f);
    private static final FloatVector Q4 = FloatVector.broadcast(S, -8.177516982e-03f);
    private static final FloatVector Q5 = FloatVector.broadcast(S, 2.143061953e-03f);
    private static final FloatVector TWENTY = FloatVector.broadcast(S, 20f);     // tanh(10) = 1 in float

    /**
     * dst[dstAt + j] = tanh(src[srcAt + j]) for j < end (a whole number of vectors; src and dst may be the
     * same range). tanh is odd: the polynomial near 0, 1 - 2 / (e^(2|x|) + 1) beyond, the sign put back from x. One
     * pass: e^(2|x|) is {@link #exp}'s arithmetic written out in the loop (2|x| <= 20 needs none of its clamps), so
     * nothing goes through memory between the exponential and the quotient (0.8 against 1.3 ns per element as three
     * passes, same bits).
     */
    static void tanh(ByteBuffer src, int srcAt, ByteBuffer dst, int dstAt, int end) {
        for (int j = 0; j < end; j += L) {
            FloatVector x = FloatVector.fromByteBuffer(S, src, (srcAt + j) << 2, ORDER);
            FloatVector a = x.abs();
            FloatVector c = a.add(a).min(TWENTY);
            FloatVector shifted = c.fma(LOG2E, ROUND);
            FloatVector k = shifted.sub(ROUND);
            FloatVector r = k.fma(MINUS_LN2_LO, k.fma(MINUS_LN2_HI, c));
            FloatVector p = E7.fma(r, E6).fma(r, E5).fma(r, E4).fma(r, E3).fma(r, HALF).fma(r, ONE).fma(r, ONE);
            IntVector bits = shifted.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = p.mul(bits.reinterpretAsFloats());
            FloatVector t = a.mul(a);
            FloatVector q = Q5.fma(t, Q4).fma(t, Q3).fma(t, Q2).fma(t, Q1).fma(t, Q0);
            FloatVector small = a.mul(t).fma(q, a);
            FloatVector big = ONE.sub(TWO.div(e.add(ONE)));
            FloatVector v = small.blend(big, a.compare(VectorOperators.GT, TANH_SMALL));
            v.reinterpretAsInts().lanewise(VectorOperators.OR,
                    x.reinterpretAsInts().lanewise(VectorOperators.AND, Integer.MIN_VALUE)).reinterpretAsFloats()
                    .intoByteBuffer(dst, (dstAt + j) << 2, ORDER);
        }
    }

    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504f);
    private static final FloatVector ROUND = FloatVector.broadcast(S, 12582912f);         // 1.5 * 2^23
    private static final FloatVector E7 = FloatVector.broadcast(S, 1f / 5040);
    private static final FloatVector E6 = FloatVector.broadcast(S, 1f / 720);
    private static final FloatVector E5 = FloatVector.broadcast(S, 1f / 120);
    private static final FloatVector E4 = FloatVector.broadcast(S, 1f / 24);
    private static final FloatVector E3 = FloatVector.broadcast(S, 1f / 6);
    private static final int ROUND_BITS = Float.floatToRawIntBits(12582912f);
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -0.693359375f);  // exact in 10 bits
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, 2.12194440e-4f);
    private static final FloatVector LOWEST = FloatVector.broadcast(S, -87f);
    private static final FloatVector HIGHEST = FloatVector.broadcast(S, 88f);

    /**
     * z[at + j] = e^(z[at + j] - shift) for j < end, in place: y = k ln 2 + r with k an integer and |r| <= ln(2)/2,
     * e^r by its Taylor polynomial of degree 7, times 2^k made from the exponent bits. y is clamped to [-87, 88];
     * below -87 the result is 0. Loads and stores call the Vector API directly, as in {@link #tanh}.
     */
    static void exp(ByteBuffer z, int at, int end, float shift) {
        exp(z, at, end, 1f, shift);
    }

    /** z[at + j] = e^(scale z[at + j] - shift) for j < end, in place, as {@link #exp(ByteBuffer, int, int, float)}. */
    static void exp(ByteBuffer z, int at, int end, float scale, float shift) {
        FloatVector f = FloatVector.broadcast(S, scale);                      // x * 1 is x, bit for bit
        FloatVector minus = FloatVector.broadcast(S, shift);
        for (int j = 0; j < end; j += L) {
            FloatVector y = FloatVector.fromByteBuffer(S, z, (at + j) << 2, ORDER).mul(f).sub(minus);
            FloatVector c = y.max(LOWEST).min(HIGHEST);
            FloatVector shifted = c.fma(LOG2E, ROUND);   // 1.5 * 2^23 + k: k = round(c / ln 2) in the low mantissa bits
            FloatVector k = shifted.sub(ROUND);                                   // exactly integral
            FloatVector r = k.fma(MINUS_LN2_LO, k.fma(MINUS_LN2_HI, c));
            FloatVector p = E7.fma(r, E6).fma(r, E5).fma(r, E4).fma(r, E3).fma(r, HALF).fma(r, ONE).fma(r, ONE);
            // 2^k from k's bits in `shifted`, not by a float-to-int conversion: on 512-bit vectors JDK 17 runs that
            // conversion as Java code (measured on AVX-512: most of a forward pass's time, and allocation per call).
            IntVector bits = shifted.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = p.mul(bits.reinterpretAsFloats());
            e.blend(0f, y.compare(VectorOperators.LT, LOWEST)).intoByteBuffer(z, (at + j) << 2, ORDER);
        }
    }

    // Each kernel runs as several passes over a row, so that C2 keeps every vector in registers. Two C2 limits box
    // vectors on the heap when a vector crosses a call that was not inlined (measured with -XX:+PrintInlining and
    // JFR allocation samples): (1) a callee already compiled on its own into a big method is not inlined, which hit
    // tanh and exp while they took and returned vectors (33 MB of heap per bare LSTM layer unit at (64, 256, 50, 32)
    // on AVX-512), so they are passes over buffer ranges now, and only ints and buffers cross their calls; (2) past
    // C2's node-count cutoff a small helper is no longer inlined (the Vector API's own methods are force-inlined and
    // exempt), which hit the long polynomial loops of tanh and exp on 512-bit vectors (12 MB per unit). And (1) struck
    // again through the small helpers that loaded, stored or transformed one vector (ld, st, 1 - x^2, x (1 - x)):
    // called from every kernel, they were compiled on their own early in a run that mixes workloads (the kernel
    // benchmark's training steps, generation and long sequences, LSTM and GRU), and from then on the kernels called
    // them out of line with boxed vectors and the Vector API's Java fallback (14 MB of heap per bare LSTM layer unit
    // at (64, 256, 50, 32), 113 MB at (128, 1024, 25, 128), JFR 2026-12-06). So no helper takes or returns a vector:
    // every kernel calls the Vector API directly. The passes meet through the row's buffers, in L1.

    @Override
    public void lstmForward(Work w, int t, int r0, int r1) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int row = t * w.batch + r;
            if (end > 0) {
                lstmGates(w, row * 4 * n, n, end);
                lstmState(w, row, n, end);
            }
            if (end < n) {
                TAIL.lstmForwardRow(w, t, r, end, n);
            }
        }
    }

    /**
     * g, f, o, i from the pre-activations and the bias, in place: a bias pass, then per gate its activation's
     * passes (tanh for the candidate g, {@link #sigmoid} for the three gates).
     */
    private static void lstmGates(Work w, int z, int n, int end) {
        for (int k = 0; k < 4; k++) {
            int at = z + k * n;
            int bias = k * n;
            for (int j = 0; j < end; j += L) {
                FloatVector.fromByteBuffer(S, w.zb, (at + j) << 2, ORDER)
                        .add(FloatVector.fromByteBuffer(S, w.bb, (bias + j) << 2, ORDER))
                        .intoByteBuffer(w.zb, (at + j) << 2, ORDER);
            }
            gate(w.zb, at, end, k > 0);
        }
    }

    /** x[at + j] = tanh(x[at + j]), or sigmoid(x[at + j]), for j < end. */
    private static void gate(ByteBuffer x, int at, int end, boolean sigmoid) {
        if (sigmoid) {
            sigmoid(x, at, end);
        } else {
            tanh(x, at, x, at, end);
        }
    }

    /**
     * x[at + j] = 1 / (1 + e^(-x[at + j])) for j < end, in place, in one pass: {@link #exp}'s arithmetic, then the
     * quotient, without storing e^-x between them (0.6 against 0.8-1.0 ns per element as two passes, same bits; within
     * 2.5 ulps over the float range: exp's 1.2 ulps shrink by e / (1 + e), the sum and the quotient round once each).
     * Half the work of the tanh(x / 2) / 2 + 1 / 2 this replaced, which needed exp, the small-x polynomial and an
     * extra pass.
     * Below x = -87 exp's clamp gives 1 / (1 + e^87), ~1.6e-38 against the true value (at most that); above 87, 1.
     */
    static void sigmoid(ByteBuffer x, int at, int end) {
        for (int j = 0; j < end; j += L) {                   // e^-x as in exp(x, at, end, -1, 0), written out
            FloatVector y = FloatVector.fromByteBuffer(S, x, (at + j) << 2, ORDER).mul(-1f).sub(0f);
            FloatVector c = y.max(LOWEST).min(HIGHEST);
            FloatVector shifted = c.fma(LOG2E, ROUND);
            FloatVector k = shifted.sub(ROUND);
            FloatVector r = k.fma(MINUS_LN2_LO, k.fma(MINUS_LN2_HI, c));
            FloatVector p = E7.fma(r, E6).fma(r, E5).fma(r, E4).fma(r, E3).fma(r, HALF).fma(r, ONE).fma(r, ONE);
            IntVector bits = shifted.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = p.mul(bits.reinterpretAsFloats()).blend(0f, y.compare(VectorOperators.LT, LOWEST));
            ONE.div(e.add(ONE)).intoByteBuffer(x, (at + j) << 2, ORDER);
        }
    }

    /** c(t) = f c(t-1) + i g, h(t) = o tanh(c(t)), both times the mask. */
    private static void lstmState(Work w, int row, int n, int end) {
        float m = w.maskb.getFloat(row << 2);
        int z = row * 4 * n;
        int s = row * n;
        int next = (row + w.batch) * n;
        for (int j = 0; j < end; j += L) {
            FloatVector c = FloatVector.fromByteBuffer(S, w.zb, (z + n + j) << 2, ORDER)
                    .mul(FloatVector.fromByteBuffer(S, w.cb, (s + j) << 2, ORDER))
                    .add(FloatVector.fromByteBuffer(S, w.zb, (z + 3 * n + j) << 2, ORDER)
                            .mul(FloatVector.fromByteBuffer(S, w.zb, (z + j) << 2, ORDER)));
            c.intoByteBuffer(w.tcb, (s + j) << 2, ORDER);
            c.mul(m).intoByteBuffer(w.cb, (next + j) << 2, ORDER);
        }
        tanh(w.tcb, s, w.tcb, s, end);
        for (int j = 0; j < end; j += L) {
            FloatVector.fromByteBuffer(S, w.zb, (z + 2 * n + j) << 2, ORDER)
                    .mul(FloatVector.fromByteBuffer(S, w.tcb, (s + j) << 2, ORDER))
                    .mul(m)
                    .intoByteBuffer(w.hb, (next + j) << 2, ORDER);
        }
    }

    @Override
    public void lstmBackward(Work w, int t, int r0, int r1) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int row = t * w.batch + r;
            if (end > 0) {
                lstmCellGradient(w, row, r * n, n, end);
                lstmGateGradients(w, row, r * n, n, end);
            }
            if (end < n) {
                TAIL.lstmBackwardRow(w, t, r, end, n);
            }
        }
    }

    /** dc = m dc(from t+1) + m dh o (1 - tanh(c)^2) into dc; the output gate's gradient into z. */
    private static void lstmCellGradient(Work w, int row, int d, int n, int end) {
        float m = w.maskb.getFloat(row << 2);
        int o = row * 4 * n + 2 * n;
        int s = row * n;
        for (int j = 0; j < end; j += L) {
            FloatVector gate = FloatVector.fromByteBuffer(S, w.zb, (o + j) << 2, ORDER);
            FloatVector tc = FloatVector.fromByteBuffer(S, w.tcb, (s + j) << 2, ORDER);
            FloatVector dh = FloatVector.fromByteBuffer(S, w.dhb, (s + j) << 2, ORDER).mul(m);
            FloatVector.fromByteBuffer(S, w.dcb, (d + j) << 2, ORDER)
                    .mul(m)
                    .add(dh.mul(gate).mul(ONE.sub(tc.mul(tc))))
                    .intoByteBuffer(w.dcb, (d + j) << 2, ORDER);
            dh.mul(tc).mul(gate.mul(ONE.sub(gate))).intoByteBuffer(w.zb, (o + j) << 2, ORDER);
        }
    }

    /** From dc: the candidate's, forget and input gates' gradients into z, and dc f into dc for t-1. */
    private static void lstmGateGradients(Work w, int row, int d, int n, int end) {
        int z = row * 4 * n;
        int s = row * n;
        for (int j = 0; j < end; j += L) {
            FloatVector dc = FloatVector.fromByteBuffer(S, w.dcb, (d + j) << 2, ORDER);
            FloatVector g = FloatVector.fromByteBuffer(S, w.zb, (z + j) << 2, ORDER);
            FloatVector f = FloatVector.fromByteBuffer(S, w.zb, (z + n + j) << 2, ORDER);
            FloatVector i = FloatVector.fromByteBuffer(S, w.zb, (z + 3 * n + j) << 2, ORDER);
            dc.mul(f).intoByteBuffer(w.dcb, (d + j) << 2, ORDER);
            dc.mul(i).mul(ONE.sub(g.mul(g))).intoByteBuffer(w.zb, (z + j) << 2, ORDER);
            dc.mul(FloatVector.fromByteBuffer(S, w.cb, (s + j) << 2, ORDER))
                    .mul(f.mul(ONE.sub(f)))
                    .intoByteBuffer(w.zb, (z + n + j) << 2, ORDER);
            dc.mul(g).mul(i.mul(ONE.sub(i))).intoByteBuffer(w.zb, (z + 3 * n + j) << 2, ORDER);
        }
    }

    @Override
    public void gruForward(Work w, int t, int r0, int r1) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int row = t * w.batch + r;
            if (end > 0) {
                gruGates(w, row, r * 3 * n, n, end);
                gruState(w, row, n, end);
            }
            if (end < n) {
                TAIL.gruForwardRow(w, t, r, end, n);
            }
        }
    }

    /** r and u into z (a sum pass, then a sigmoid pass per gate), m_n = h(t-1) RW_n + rb_n into mn. */
    private static void gruGates(Work w, int row, int m, int n, int end) {
        int z = row * 3 * n;
        for (int k = 0; k < 2; k++) {
            int at = z + k * n;
            int from = m + k * n;
            int bias = k * n;
            for (int j = 0; j < end; j += L) {
                FloatVector.fromByteBuffer(S, w.zb, (at + j) << 2, ORDER)
                        .add(FloatVector.fromByteBuffer(S, w.bb, (bias + j) << 2, ORDER))
                        .add(FloatVector.fromByteBuffer(S, w.mb, (from + j) << 2, ORDER))
                        .add(FloatVector.fromByteBuffer(S, w.rbb, (bias + j) << 2, ORDER))
                        .intoByteBuffer(w.zb, (at + j) << 2, ORDER);
            }
            sigmoid(w.zb, at, end);
        }
        int s = row * n;
        for (int j = 0; j < end; j += L) {
            FloatVector.fromByteBuffer(S, w.mb, (m + 2 * n + j) << 2, ORDER)
                    .add(FloatVector.fromByteBuffer(S, w.rbb, (2 * n + j) << 2, ORDER))
                    .intoByteBuffer(w.mnb, (s + j) << 2, ORDER);
        }
    }

    /** n = tanh(a_n + b_n + r m_n) into z, h(t) = (n + u (h(t-1) - n)) times the mask. */
    private static void gruState(Work w, int row, int n, int end) {
        float mask = w.maskb.getFloat(row << 2);
        int z = row * 3 * n;
        int s = row * n;
        int next = (row + w.batch) * n;
        int c = z + 2 * n;
        for (int j = 0; j < end; j += L) {
            FloatVector.fromByteBuffer(S, w.zb, (c + j) << 2, ORDER)
                    .add(FloatVector.fromByteBuffer(S, w.bb, (2 * n + j) << 2, ORDER))
                    .add(FloatVector.fromByteBuffer(S, w.zb, (z + j) << 2, ORDER)
                            .mul(FloatVector.fromByteBuffer(S, w.mnb, (s + j) << 2, ORDER)))
                    .intoByteBuffer(w.zb, (c + j) << 2, ORDER);
        }
        tanh(w.zb, c, w.zb, c, end);
        for (int j = 0; j < end; j += L) {
            FloatVector cand = FloatVector.fromByteBuffer(S, w.zb, (c + j) << 2, ORDER);
            FloatVector.fromByteBuffer(S, w.hb, (s + j) << 2, ORDER)
                    .sub(cand)
                    .mul(FloatVector.fromByteBuffer(S, w.zb, (z + n + j) << 2, ORDER))
                    .add(cand)
                    .mul(mask)
                    .intoByteBuffer(w.hb, (next + j) << 2, ORDER);
        }
    }

    @Override
    public void gruBackward(Work w, int t, int r0, int r1, boolean intoPrevious) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int row = t * w.batch + r;
            if (end > 0) {
                gruUpdateGradients(w, row, n, end, intoPrevious);
                gruResetGradients(w, row, n, end);
            }
            if (end < n) {
                TAIL.gruBackwardRow(w, t, r, end, n, intoPrevious);
            }
        }
    }

    /** The candidate's (into z) and update gate's (into z and dm) gradients; dh u into dh(t-1). */
    private static void gruUpdateGradients(Work w, int row, int n, int end, boolean intoPrevious) {
        float mask = w.maskb.getFloat(row << 2);
        int z = row * 3 * n;
        int s = row * n;
        int prev = (row - w.batch) * n;
        for (int j = 0; j < end; j += L) {
            FloatVector u = FloatVector.fromByteBuffer(S, w.zb, (z + n + j) << 2, ORDER);
            FloatVector cand = FloatVector.fromByteBuffer(S, w.zb, (z + 2 * n + j) << 2, ORDER);
            FloatVector dh = FloatVector.fromByteBuffer(S, w.dhb, (s + j) << 2, ORDER).mul(mask);
            FloatVector dzu = dh.mul(FloatVector.fromByteBuffer(S, w.hb, (s + j) << 2, ORDER).sub(cand))
                    .mul(u.mul(ONE.sub(u)));
            dh.mul(ONE.sub(u)).mul(ONE.sub(cand.mul(cand))).intoByteBuffer(w.zb, (z + 2 * n + j) << 2, ORDER);
            dzu.intoByteBuffer(w.zb, (z + n + j) << 2, ORDER);
            dzu.intoByteBuffer(w.dmb, (z + n + j) << 2, ORDER);
            if (intoPrevious) {
                FloatVector.fromByteBuffer(S, w.dhb, (prev + j) << 2, ORDER)
                        .add(dh.mul(u))
                        .intoByteBuffer(w.dhb, (prev + j) << 2, ORDER);
            }
        }
    }

    /** From the candidate's gradient: the reset gate's (into z and dm) and m_n's (into dm). */
    private static void gruResetGradients(Work w, int row, int n, int end) {
        int z = row * 3 * n;
        int s = row * n;
        for (int j = 0; j < end; j += L) {
            FloatVector rg = FloatVector.fromByteBuffer(S, w.zb, (z + j) << 2, ORDER);
            FloatVector dan = FloatVector.fromByteBuffer(S, w.zb, (z + 2 * n + j) << 2, ORDER);
            FloatVector dzr = dan.mul(FloatVector.fromByteBuffer(S, w.mnb, (s + j) << 2, ORDER))
                    .mul(rg.mul(ONE.sub(rg)));
            dzr.intoByteBuffer(w.zb, (z + j) << 2, ORDER);
            dzr.intoByteBuffer(w.dmb, (z + j) << 2, ORDER);
            dan.mul(rg).intoByteBuffer(w.dmb, (z + 2 * n + j) << 2, ORDER);
        }
    }

    @Override
    public void rnnForward(Work w, int t, int r0, int r1) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int row = t * w.batch + r;
            float mask = w.maskb.getFloat(row << 2);
            int s = row * n;
            int next = (row + w.batch) * n;
            for (int j = 0; j < end; j += L) {
                FloatVector.fromByteBuffer(S, w.zb, (s + j) << 2, ORDER)
                        .add(FloatVector.fromByteBuffer(S, w.bb, j << 2, ORDER))
                        .intoByteBuffer(w.hb, (next + j) << 2, ORDER);
            }
            tanh(w.hb, next, w.hb, next, end);
            for (int j = 0; j < end; j += L) {
                FloatVector.fromByteBuffer(S, w.hb, (next + j) << 2, ORDER)
                        .mul(mask)
                        .intoByteBuffer(w.hb, (next + j) << 2, ORDER);
            }
            if (end < n) {
                TAIL.rnnForwardRow(w, t, r, end, n);
            }
        }
    }

    @Override
    public void rnnBackward(Work w, int t, int r0, int r1) {
        int n = w.n;
        int end = S.loopBound(n);
        for (int r = r0; r < r1; r++) {
            int row = t * w.batch + r;
            float mask = w.maskb.getFloat(row << 2);
            int s = row * n;
            int next = (row + w.batch) * n;
            for (int j = 0; j < end; j += L) {
                FloatVector h = FloatVector.fromByteBuffer(S, w.hb, (next + j) << 2, ORDER);
                FloatVector.fromByteBuffer(S, w.dhb, (s + j) << 2, ORDER)
                        .mul(mask)
                        .mul(ONE.sub(h.mul(h)))
                        .intoByteBuffer(w.zb, (s + j) << 2, ORDER);
            }
            if (end < n) {
                TAIL.rnnBackwardRow(w, t, r, end, n);
            }
        }
    }

    /**
     * One Adam step over elements [0, n) of g, m and v (float32, in place), as ND4J's {@code AdamUpdater} op computes
     * it: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; g = alpha m / (sqrt(v) + eps), where alpha is the learning
     * rate with both bias corrections folded in ({@link Updates#adam}). One pass, where the op's loop takes ~3-4 ns
     * per element on one core (docs/benchmarks.md, "Adam in one pass").
     */
    static void adam(ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, float b1, float b2, float alpha, float eps) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        FloatVector vb1 = FloatVector.broadcast(S, b1);
        FloatVector vb2 = FloatVector.broadcast(S, b2);
        FloatVector vc1 = FloatVector.broadcast(S, c1);
        FloatVector vc2 = FloatVector.broadcast(S, c2);
        FloatVector va = FloatVector.broadcast(S, alpha);
        FloatVector ve = FloatVector.broadcast(S, eps);
        int end = S.loopBound(n);
        for (int i = 0; i < end; i += L) {
            int at = i << 2;
            FloatVector gv = FloatVector.fromByteBuffer(S, g, at, ORDER);
            FloatVector mv = FloatVector.fromByteBuffer(S, m, at, ORDER).mul(vb1).add(gv.mul(vc1));
            FloatVector vv = FloatVector.fromByteBuffer(S, v, at, ORDER).mul(vb2).add(gv.mul(gv).mul(vc2));
            mv.intoByteBuffer(m, at, ORDER);
            vv.intoByteBuffer(v, at, ORDER);
            mv.mul(va).div(vv.sqrt().add(ve)).intoByteBuffer(g, at, ORDER);
        }
        for (int i = end; i < n; i++) {
            int at = i << 2;
            float gi = g.getFloat(at);
            float mi = m.getFloat(at) * b1 + gi * c1;
            float vi = v.getFloat(at) * b2 + gi * gi * c2;
            m.putFloat(at, mi);
            v.putFloat(at, vi);
            g.putFloat(at, mi * alpha / ((float) Math.sqrt(vi) + eps));
        }
    }

    @Override
    public void softmaxRows(ByteBuffer z, ByteBuffer b, int rows, int cols) {
        int end = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            float max = biasAndMax(z, b, base, end);
            for (int j = end; j < cols; j++) {
                float v = z.getFloat((base + j) << 2) + b.getFloat(j << 2);
                z.putFloat((base + j) << 2, v);
                max = Math.max(max, v);
            }
            float sum = expAndSum(z, base, end, max);
            for (int j = end; j < cols; j++) {
                float e = (float) Math.exp(z.getFloat((base + j) << 2) - max);
                z.putFloat((base + j) << 2, e);
                sum += e;
            }
            scale(z, base, end, 1f / sum);
            for (int j = end; j < cols; j++) {
                z.putFloat((base + j) << 2, z.getFloat((base + j) << 2) / sum);
            }
        }
    }

    /** z += b over [0, end) of the row, returning the row's maximum there. */
    private static float biasAndMax(ByteBuffer z, ByteBuffer b, int base, int end) {
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < end; j += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, z, (base + j) << 2, ORDER)
                    .add(FloatVector.fromByteBuffer(S, b, j << 2, ORDER));
            v.intoByteBuffer(z, (base + j) << 2, ORDER);
            max = max.max(v);
        }
        return end == 0 ? Float.NEGATIVE_INFINITY : max.reduceLanes(VectorOperators.MAX);
    }

    /** z = exp(z - max) over [0, end) of the row, returning the sum. */
    private static float expAndSum(ByteBuffer z, int base, int end, float max) {
        exp(z, base, end, max);
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < end; j += L) {
            sum = sum.add(FloatVector.fromByteBuffer(S, z, (base + j) << 2, ORDER));
        }
        float total = 0f;                   // lane by lane: reduceLanes(ADD) may add in another order once compiled
        for (int i = 0; i < L; i++) {
            total += sum.lane(i);
        }
        return total;
    }

    /** z *= s over [0, end) of the row. */
    private static void scale(ByteBuffer z, int base, int end, float s) {
        FloatVector f = FloatVector.broadcast(S, s);
        for (int j = 0; j < end; j += L) {
            FloatVector.fromByteBuffer(S, z, (base + j) << 2, ORDER).mul(f).intoByteBuffer(z, (base + j) << 2, ORDER);
        }
    }
}
