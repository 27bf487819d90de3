package io.github.rnnkit.core.layers;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rnnkit's vector tanh, sigmoid and exp against {@code Math} over the whole float range: every 61st bit pattern (70
 * million floats, both signs, subnormals, infinities), tanh and exp within 1.5 ulps of the correctly rounded result,
 * sigmoid within 2.5.
 */
class VectorMathTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    /** Error of {@code got} in units of the last place of the exact value {@code exact}, in float. */
    private static double ulps(float got, double exact) {
        return Math.abs(got - exact) / Math.ulp((float) exact);
    }

    @Test
    void tanhIsWithinOneAndAHalfUlpsOverTheWholeFloatRange() {
        Sweep s = sweep(VectorMathTest::tanh, Math::tanh, -Float.MAX_VALUE);
        assertTrue(s.checked > 60_000_000L, "checked " + s.checked);
        assertTrue(s.worst <= 1.5, "worst error " + s.worst + " ulps at x = " + s.worstAt);
    }

    /** The worst error of a kernel over the float range, where it was, and how many values were compared. */
    private record Sweep(double worst, float worstAt, long checked) {
    }

    /**
     * Runs {@code kernel} on every 61st bit pattern of the float range and compares it with {@code exact} in ulps;
     * NaN must give NaN. Inputs below {@code from} are not compared (the caller checks them its own way).
     */
    private static Sweep sweep(java.util.function.BiConsumer<float[], float[]> kernel,
                               java.util.function.DoubleUnaryOperator exact, float from) {
        float[] in = new float[L];
        float[] out = new float[L];
        double worst = 0;
        float worstAt = 0;
        long checked = 0;
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 61L * L) {
            for (int i = 0; i < L; i++) {
                in[i] = Float.intBitsToFloat((int) (bits + 61L * i));
            }
            kernel.accept(in, out);
            for (int i = 0; i < L; i++) {
                float x = in[i];
                if (Float.isNaN(x)) {
                    assertTrue(Float.isNaN(out[i]), "NaN in, " + out[i] + " out");
                    continue;
                }
                if (x < from) {
                    continue;
                }
                double e = ulps(out[i], exact.applyAsDouble(x));
                if (e > worst) {
                    worst = e;
                    worstAt = x;
                }
                checked++;
            }
        }
        return new Sweep(worst, worstAt, checked);
    }

    @Test
    void tanhIsOddAndSaturatesExactly() {
        float[] xs = {0f, -0f, 1e-30f, 0.3f, 0.625f, 0.6250001f, 1f, 5f, 9f, 10f, 50f, Float.MAX_VALUE,
                Float.POSITIVE_INFINITY};
        for (float x : xs) {
            float plus = one(x);
            float minus = one(-x);
            assertEquals(Float.floatToIntBits(-plus), Float.floatToIntBits(minus), "tanh(-x) = -tanh(x) at " + x);
        }
        assertEquals(1f, one(10f));
        assertEquals(1f, one(Float.POSITIVE_INFINITY));
        assertEquals(1e-30f, one(1e-30f));
    }

    @Test
    void expIsWithinOneAndAHalfUlpsAndUnderflowsToZero() {
        float[] in = new float[L];
        float[] out = new float[L];
        double worst = 0;
        float worstAt = 0;
        for (float y = -87f; y <= 88f; ) {
            for (int i = 0; i < L; i++) {
                in[i] = y;
                y = Math.nextUp(y + 1e-4f);
            }
            exp(in, out);
            for (int i = 0; i < L; i++) {
                if (in[i] > 88f) {
                    continue;
                }
                double e = ulps(out[i], Math.exp(in[i]));
                if (e > worst) {
                    worst = e;
                    worstAt = in[i];
                }
            }
        }
        assertTrue(worst <= 1.5, "worst error " + worst + " ulps at y = " + worstAt);
        java.util.Arrays.fill(in, -87.5f);
        in[0] = -1e30f;
        in[1] = Float.NEGATIVE_INFINITY;
        exp(in, out);
        for (float v : out) {
            assertEquals(0f, v);
        }
    }

    @Test
    void sigmoidIsWithinTwoAndAHalfUlpsAndSaturates() {
        Sweep s = sweep(VectorMathTest::sigmoid, x -> 1.0 / (1.0 + Math.exp(-x)), -87f);
        assertTrue(s.checked > 50_000_000L, "checked " + s.checked);
        assertTrue(s.worst <= 2.5, "worst error " + s.worst + " ulps at x = " + s.worstAt);
        assertEquals(0.5f, sigmoidOf(0f));
        assertEquals(1f, sigmoidOf(100f));
        assertEquals(1f, sigmoidOf(Float.POSITIVE_INFINITY));
        for (float x : new float[]{-87.5f, -1e30f, Float.NEGATIVE_INFINITY}) {  // below exp's clamp: <= e^-87 off
            float y = sigmoidOf(x);
            assertTrue(y >= 0f && y <= 1.7e-38f, "sigmoid(" + x + ") = " + y);
        }
    }

    private static float sigmoidOf(float x) {
        float[] in = new float[L];
        java.util.Arrays.fill(in, x);
        float[] out = new float[L];
        sigmoid(in, out);
        return out[0];
    }

    private static float one(float x) {
        float[] in = new float[L];
        java.util.Arrays.fill(in, x);
        float[] out = new float[L];
        tanh(in, out);
        return out[0];
    }

    private static final ByteBuffer IN = buffer();
    private static final ByteBuffer OUT = buffer();

    private static ByteBuffer buffer() {
        return ByteBuffer.allocateDirect(L * 4).order(ByteOrder.nativeOrder());
    }

    /** out = tanh(in) through the kernels' buffer pass, one vector. */
    private static void tanh(float[] in, float[] out) {
        IN.asFloatBuffer().put(in);
        VectorKernels.tanh(IN, 0, OUT, 0, L);
        OUT.asFloatBuffer().get(out);
    }

    /** out = sigmoid(in) through the kernels' buffer pass, one vector. */
    private static void sigmoid(float[] in, float[] out) {
        IN.asFloatBuffer().put(in);
        VectorKernels.sigmoid(IN, 0, L);
        IN.asFloatBuffer().get(out);
    }

    /** out = exp(in) through the kernels' buffer pass, one vector. */
    private static void exp(float[] in, float[] out) {
        IN.asFloatBuffer().put(in);
        VectorKernels.exp(IN, 0, L, 0f);
        IN.asFloatBuffer().get(out);
    }
}
