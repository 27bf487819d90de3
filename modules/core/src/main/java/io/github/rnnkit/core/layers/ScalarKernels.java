package io.github.rnnkit.core.layers;

import java.nio.ByteBuffer;

/**
 * {@link Kernels} as plain loops, in float32 or float64 (the buffers' element type). The equations read
 * here; {@link VectorKernels} computes the same with vectors. Indices are elements; row {@code r} of step
 * {@code t} is {@code t * batch + r}.
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels FLOAT = new ScalarKernels(false);
    static final ScalarKernels DOUBLE = new ScalarKernels(true);

    private final boolean dbl;

    private ScalarKernels(boolean dbl) {
        this.dbl = dbl;
    }

    private double get(ByteBuffer b, int i) {
        return dbl ? b.getDouble(i << 3) : b.getFloat(i << 2);
    }

    private void set(ByteBuffer b, int i, double v) {
        if (dbl) {
            b.putDouble(i << 3, v);
        } else {
            b.putFloat(i << 2, (float) v);
        }
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    @Override
    public void lstmForward(Work w, int t, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            lstmForwardRow(w, t, r, 0, w.n);
        }
    }

    /** lstmForward for example r, units [from, to). */
    void lstmForwardRow(Work w, int t, int r, int from, int to) {
        int n = w.n;
        int row = t * w.batch + r;
        double m = get(w.maskb, row);
        int z = row * 4 * n;
        for (int j = from; j < to; j++) {
            double g = Math.tanh(get(w.zb, z + j) + get(w.bb, j));                 // candidate
            double f = sigmoid(get(w.zb, z + n + j) + get(w.bb, n + j));           // forget gate
            double o = sigmoid(get(w.zb, z + 2 * n + j) + get(w.bb, 2 * n + j));   // output gate
            double i = sigmoid(get(w.zb, z + 3 * n + j) + get(w.bb, 3 * n + j));   // input gate
            double c = f * get(w.cb, row * n + j) + i * g;                           // c(t) = f c(t-1) + i g
            double tc = Math.tanh(c);
            set(w.zb, z + j, g);
            set(w.zb, z + n + j, f);
            set(w.zb, z + 2 * n + j, o);
            set(w.zb, z + 3 * n + j, i);
            set(w.tcb, row * n + j, tc);
            set(w.cb, (row + w.batch) * n + j, m * c);                              // masked step: state 0
            set(w.hb, (row + w.batch) * n + j, m * o * tc);                         // h(t) = o tanh(c(t))
        }
    }

    @Override
    public void lstmBackward(Work w, int t, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            lstmBackwardRow(w, t, r, 0, w.n);
        }
    }

    /** lstmBackward for example r, units [from, to). */
    void lstmBackwardRow(Work w, int t, int r, int from, int to) {
        int n = w.n;
        int row = t * w.batch + r;
        double m = get(w.maskb, row);
        int z = row * 4 * n;
        for (int j = from; j < to; j++) {
            double g = get(w.zb, z + j);
            double f = get(w.zb, z + n + j);
            double o = get(w.zb, z + 2 * n + j);
            double i = get(w.zb, z + 3 * n + j);
            double tc = get(w.tcb, row * n + j);
            double dh = m * get(w.dhb, row * n + j);                                // through the mask
            double dc = m * get(w.dcb, r * n + j) + dh * o * (1 - tc * tc);          // from t+1 + through tanh(c)
            double dO = dh * tc;                                                     // into the output gate
            set(w.dcb, r * n + j, dc * f);                                           // into c(t-1)
            set(w.zb, z + j, dc * i * (1 - g * g));                                  // into g, through tanh
            set(w.zb, z + n + j, dc * get(w.cb, row * n + j) * f * (1 - f));         // into f, through sigmoid
            set(w.zb, z + 2 * n + j, dO * o * (1 - o));                              // into o, through sigmoid
            set(w.zb, z + 3 * n + j, dc * g * i * (1 - i));                          // into i, through sigmoid
        }
    }

    @Override
    public void gruForward(Work w, int t, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            gruForwardRow(w, t, r, 0, w.n);
        }
    }

    /** gruForward for example r, units [from, to). */
    void gruForwardRow(Work w, int t, int r, int from, int to) {
        int n = w.n;
        int row = t * w.batch + r;
        double mask = get(w.maskb, row);
        int z = row * 3 * n;
        int m = r * 3 * n;
        for (int j = from; j < to; j++) {
            double rg = sigmoid(get(w.zb, z + j) + get(w.bb, j) + get(w.mb, m + j) + get(w.rbb, j));
            double u = sigmoid(get(w.zb, z + n + j) + get(w.bb, n + j) + get(w.mb, m + n + j)
                    + get(w.rbb, n + j));
            double mn = get(w.mb, m + 2 * n + j) + get(w.rbb, 2 * n + j);          // h(t-1) RW_n + rb_n
            double cand = Math.tanh(get(w.zb, z + 2 * n + j) + get(w.bb, 2 * n + j) + rg * mn);
            double hPrev = get(w.hb, row * n + j);
            set(w.zb, z + j, rg);
            set(w.zb, z + n + j, u);
            set(w.zb, z + 2 * n + j, cand);
            set(w.mnb, row * n + j, mn);
            set(w.hb, (row + w.batch) * n + j, mask * (cand + u * (hPrev - cand)));  // (1 - u) n + u h(t-1)
        }
    }

    @Override
    public void gruBackward(Work w, int t, int r0, int r1, boolean intoPrevious) {
        for (int r = r0; r < r1; r++) {
            gruBackwardRow(w, t, r, 0, w.n, intoPrevious);
        }
    }

    /** gruBackward for example r, units [from, to). */
    void gruBackwardRow(Work w, int t, int r, int from, int to, boolean intoPrevious) {
        int n = w.n;
        int row = t * w.batch + r;
        double mask = get(w.maskb, row);
        int z = row * 3 * n;
        for (int j = from; j < to; j++) {
            double rg = get(w.zb, z + j);
            double u = get(w.zb, z + n + j);
            double cand = get(w.zb, z + 2 * n + j);
            double mn = get(w.mnb, row * n + j);
            double hPrev = get(w.hb, row * n + j);
            double dh = mask * get(w.dhb, row * n + j);                              // through the mask
            double dan = dh * (1 - u) * (1 - cand * cand);                           // into n, through tanh
            double dzu = dh * (hPrev - cand) * u * (1 - u);                          // into u, through sigmoid
            double dzr = dan * mn * rg * (1 - rg);                                   // into r via r m_n, sigmoid
            set(w.zb, z + j, dzr);
            set(w.zb, z + n + j, dzu);
            set(w.zb, z + 2 * n + j, dan);
            set(w.dmb, z + j, dzr);
            set(w.dmb, z + n + j, dzu);
            set(w.dmb, z + 2 * n + j, dan * rg);                                     // into m_n through r m_n
            if (intoPrevious) {
                int p = (row - w.batch) * n + j;
                set(w.dhb, p, get(w.dhb, p) + dh * u);                               // into h(t-1), direct path
            }
        }
    }

    @Override
    public void rnnForward(Work w, int t, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            rnnForwardRow(w, t, r, 0, w.n);
        }
    }

    /** rnnForward for example r, units [from, to). */
    void rnnForwardRow(Work w, int t, int r, int from, int to) {
        int n = w.n;
        int row = t * w.batch + r;
        double mask = get(w.maskb, row);
        for (int j = from; j < to; j++) {
            set(w.hb, (row + w.batch) * n + j, mask * Math.tanh(get(w.zb, row * n + j) + get(w.bb, j)));
        }
    }

    @Override
    public void rnnBackward(Work w, int t, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            rnnBackwardRow(w, t, r, 0, w.n);
        }
    }

    /** rnnBackward for example r, units [from, to). */
    void rnnBackwardRow(Work w, int t, int r, int from, int to) {
        int n = w.n;
        int row = t * w.batch + r;
        double mask = get(w.maskb, row);
        for (int j = from; j < to; j++) {
            double h = get(w.hb, (row + w.batch) * n + j);
            set(w.zb, row * n + j, mask * get(w.dhb, row * n + j) * (1 - h * h));    // through the mask, tanh
        }
    }

    @Override
    public void softmaxRows(ByteBuffer z, ByteBuffer b, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            softmaxRow(z, b, r * cols, 0, cols);
        }
    }

    /** softmaxRows for the row starting at element {@code base}, columns [from, cols) (the vector code's tail uses from = 0 with its own max). */
    void softmaxRow(ByteBuffer z, ByteBuffer b, int base, int from, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = from; j < cols; j++) {
            double v = get(z, base + j) + get(b, j);                                  // logit
            set(z, base + j, v);
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = from; j < cols; j++) {
            double e = Math.exp(get(z, base + j) - max);                             // shifted for stability
            set(z, base + j, e);
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int j = from; j < cols; j++) {
            set(z, base + j, get(z, base + j) * inv);
        }
    }
}
