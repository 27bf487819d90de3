package io.github.rnnkit.core.train;

import io.github.rnnkit.core.Checks;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The slanted triangular learning rate of ULMFiT (Howard and Ruder 2018): from {@code max / ratio} it rises
 * linearly to {@code max} over the first {@code cutFraction} of the iterations, then falls linearly back to
 * {@code max / ratio} at the last; past the last it stays there. The short rise lets a new classifier head settle
 * before large steps reach a pretrained encoder; the long fall ends training on small steps, so the weights kept
 * are not one noisy step's.
 *
 * <p>A DL4J {@link ISchedule}: give it to an updater ({@code new Adam(schedule)}); it is saved with the network's
 * configuration. It counts the network's iterations (minibatches), so {@code iterations} should be the number of
 * minibatches the whole fit will run.
 */
public final class SlantedTriangularSchedule implements ISchedule {
    /** ULMFiT's defaults: a rise over the first 10% of the iterations, from and back to 1/32 of the peak. */
    public static final double DEFAULT_CUT_FRACTION = 0.1;
    public static final double DEFAULT_RATIO = 32;

    @JsonProperty
    private final double max;
    @JsonProperty
    private final int iterations;
    @JsonProperty
    private final double cutFraction;
    @JsonProperty
    private final double ratio;

    /**
     * @param max         the peak value, above 0
     * @param iterations  minibatches in the whole fit, at least 1
     * @param cutFraction share of the iterations spent rising, in (0, 1)
     * @param ratio       how many times smaller the value is at the start and the end than at the peak, at least 1
     */
    public SlantedTriangularSchedule(@JsonProperty("max") double max, @JsonProperty("iterations") int iterations,
                                     @JsonProperty("cutFraction") double cutFraction,
                                     @JsonProperty("ratio") double ratio) {
        Checks.positive(max, "max");
        Checks.positive(iterations, "iterations");
        if (!(cutFraction > 0 && cutFraction < 1)) {
            throw new IllegalArgumentException("cutFraction must be in (0, 1), got " + cutFraction);
        }
        if (!(ratio >= 1)) {
            throw new IllegalArgumentException("ratio must be at least 1, got " + ratio);
        }
        this.max = max;
        this.iterations = iterations;
        this.cutFraction = cutFraction;
        this.ratio = ratio;
    }

    /** ULMFiT's shape (10% rise, ratio 32) over {@code iterations} minibatches, peaking at {@code max}. */
    public static SlantedTriangularSchedule of(double max, int iterations) {
        return new SlantedTriangularSchedule(max, iterations, DEFAULT_CUT_FRACTION, DEFAULT_RATIO);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double cut = Math.max(1.0, Math.floor(iterations * cutFraction));
        double p;
        if (iteration < cut) {
            p = iteration / cut;
        } else if (iterations > cut) {
            p = Math.max(0.0, 1.0 - (iteration - cut) / (iterations - cut));
        } else {
            p = 0.0;
        }
        return max * (1 + p * (ratio - 1)) / ratio;
    }

    public double max() {
        return max;
    }

    public int iterations() {
        return iterations;
    }

    @Override
    public ISchedule clone() {
        return new SlantedTriangularSchedule(max, iterations, cutFraction, ratio);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlantedTriangularSchedule s && s.max == max && s.iterations == iterations
                && s.cutFraction == cutFraction && s.ratio == ratio;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(max, iterations, cutFraction, ratio);
    }

    @Override
    public String toString() {
        return "SlantedTriangularSchedule(max=" + max + ", iterations=" + iterations + ", cutFraction=" + cutFraction
                + ", ratio=" + ratio + ")";
    }
}
