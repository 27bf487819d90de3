package io.github.rnnkit.data.classify;

import io.github.rnnkit.core.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits labelled texts into train, dev and test parts that keep each label's share: for a label with
 * {@code n} examples, {@code round(n * testFraction)} go to test, {@code round(n * devFraction)} to dev and
 * the rest to train ({@link Math#round}, halves up).
 *
 * <pre>{@code
 * List<LabelledText> data = ClassFolders.read(Path.of("reviews"));
 * StratifiedSplit.Split split = StratifiedSplit.split(data, 0.2, 0.1, 42);
 * // 70% / 10% / 20% of every label in train / dev / test
 * }</pre>
 *
 * <p>Deterministic for a seed: each label's examples are shuffled with a {@link Random} seeded from the seed
 * and the label (so adding a label does not move the examples of the others), and each part is then shuffled
 * with a {@link Random} seeded from the seed, so labels are interleaved rather than in blocks.
 */
public final class StratifiedSplit {
    private static final Logger log = LoggerFactory.getLogger(StratifiedSplit.class);
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private StratifiedSplit() {
    }

    /**
     * The three parts; disjoint, and together they hold every input example once.
     *
     * @param train the training part, at least one example of every label
     * @param dev   the development (validation) part; empty when {@code devFraction} is 0
     * @param test  the test part; empty when {@code testFraction} is 0
     */
    public record Split(List<LabelledText> train, List<LabelledText> dev, List<LabelledText> test) {
        public Split {
            train = List.copyOf(Checks.notNull(train, "train"));
            dev = List.copyOf(Checks.notNull(dev, "dev"));
            test = List.copyOf(Checks.notNull(test, "test"));
        }
    }

    /**
     * Splits {@code data} per label.
     *
     * @param data         the examples; not empty, no nulls
     * @param testFraction share of every label that goes to test, in [0, 1)
     * @param devFraction  share of every label that goes to dev, in [0, 1); {@code testFraction + devFraction < 1}
     * @param seed         any value; the same seed and data give the same split
     * @throws IllegalArgumentException when a fraction is out of range, or a label would keep no training example
     *                                  (the message names the label and its count)
     */
    public static Split split(List<LabelledText> data, double testFraction, double devFraction, long seed) {
        Checks.notNull(data, "data");
        if (data.isEmpty()) {
            throw new IllegalArgumentException("data must hold at least one example, got an empty list");
        }
        requireFraction(testFraction, "testFraction");
        requireFraction(devFraction, "devFraction");
        if (!(testFraction + devFraction < 1.0)) {
            throw new IllegalArgumentException("testFraction + devFraction must be < 1 so training keeps examples, "
                    + "got " + testFraction + " + " + devFraction + " = " + (testFraction + devFraction));
        }
        Map<String, List<LabelledText>> byLabel = new TreeMap<>();
        for (LabelledText t : data) {
            Checks.notNull(t, "data element");
            byLabel.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(t);
        }
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> dev = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (Map.Entry<String, List<LabelledText>> e : byLabel.entrySet()) {
            String label = e.getKey();
            List<LabelledText> examples = e.getValue();
            int n = examples.size();
            int nTest = (int) Math.round(n * testFraction);
            int nDev = (int) Math.round(n * devFraction);
            if (n - nTest - nDev < 1) {
                throw new IllegalArgumentException("label '" + label + "' has " + n + " example" + (n == 1 ? "" : "s")
                        + ": testFraction " + testFraction + " and devFraction " + devFraction + " take " + nTest
                        + " + " + nDev + " and leave none for training; every label needs at least one training "
                        + "example (lower the fractions, or add examples of '" + label + "')");
            }
            Collections.shuffle(examples, new Random(seed * GOLDEN_GAMMA + label.hashCode()));
            test.addAll(examples.subList(0, nTest));
            dev.addAll(examples.subList(nTest, nTest + nDev));
            train.addAll(examples.subList(nTest + nDev, n));
        }
        Collections.shuffle(train, new Random(seed));
        Collections.shuffle(dev, new Random(seed + 1));
        Collections.shuffle(test, new Random(seed + 2));
        log.info("Split {} examples of {} labels (seed {}): {} train, {} dev, {} test", data.size(), byLabel.size(),
                seed, train.size(), dev.size(), test.size());
        return new Split(train, dev, test);
    }

    private static void requireFraction(double value, String name) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }
}
