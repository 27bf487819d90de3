package io.github.rnnkit.bench;

import java.util.Arrays;

/**
 * Median, min and max of repeated measurements: how every rnnkit benchmark reports a figure.
 *
 * @param median the median
 * @param min    the smallest
 * @param max    the largest
 * @param n      number of measurements
 */
public record Stats(double median, double min, double max, int n) {
    public static Stats of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new Stats(median, s[0], s[s.length - 1], s.length);
    }
}
