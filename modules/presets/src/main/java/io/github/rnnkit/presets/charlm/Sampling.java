package io.github.rnnkit.presets.charlm;

import io.github.rnnkit.core.Checks;

/**
 * How generation picks each next character from the model's distribution p.
 *
 * <p>p is sharpened or flattened by the temperature (p_i^(1/T), renormalised: T &lt; 1 is more
 * conservative, T &gt; 1 more adventurous), restricted to the {@code topK} most likely characters when
 * {@code topK > 0}, then sampled with a generator seeded by {@code seed}: the same seed, model and prime
 * give the same text.
 *
 * @param temperature must be finite and &gt; 0
 * @param topK        0 for no restriction, else the number of candidates kept
 * @param seed        seed of the sampler
 */
public record Sampling(double temperature, int topK, long seed) {
    public Sampling {
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        Checks.nonNegative(topK, "topK");
    }

    /** Temperature 0.8, no top-k, seed 42. */
    public static Sampling defaults() {
        return new Sampling(0.8, 0, 42L);
    }
}
