package io.github.rnnkit.presets.tagging;

/**
 * One token's predicted tag.
 *
 * @param token       the token as given
 * @param tag         the most probable tag
 * @param probability the model's probability of that tag, in [0, 1]
 */
public record TagPrediction(String token, String tag, double probability) {
    @Override
    public String toString() {
        return token + "/" + tag;
    }
}
