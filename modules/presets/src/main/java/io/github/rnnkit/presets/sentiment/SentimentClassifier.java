package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.imdb.Review;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The sentiment preset: a {@link TextClassifier} over two classes, negative and positive, with the defaults
 * that suit movie or product reviews, and a score in [0, 1] per text.
 *
 * <pre>{@code
 * TextSplits imdb = TextSplits.imdb(Path.of("aclImdb_v1.tar.gz"), 0.1, 42);
 * SentimentClassifier s = SentimentClassifier.train(imdb, SentimentClassifier.config(),
 *         SentimentClassifier.training(), List.of(new ProgressBar(System.err)));
 * double p = s.positiveProbability("A moving, beautifully shot film.");
 * s.classifier().save(Path.of("sentiment.zip"));
 * }</pre>
 *
 * <p>Follows the many-to-one recipe of the course notes; the defaults (bidirectional LSTM, concat pooling,
 * reviews cut at 400 tokens) are measured in docs/benchmarks.md.
 */
public final class SentimentClassifier {
    private final TextClassifier classifier;
    private final int positive;

    private SentimentClassifier(TextClassifier classifier, String positiveLabel) {
        this.classifier = classifier;
        this.positive = classifier.classes().indexOf(positiveLabel);
        if (classifier.classes().size() != 2 || positive < 0) {
            throw new IllegalArgumentException("a sentiment classifier has two classes, one of them '" + positiveLabel
                    + "'; this one has " + classifier.classes());
        }
    }

    /** Wraps a two-class classifier whose positive class is called {@code positiveLabel}. */
    public static SentimentClassifier of(TextClassifier classifier, String positiveLabel) {
        return new SentimentClassifier(Checks.notNull(classifier, "classifier"), Checks.notNull(positiveLabel,
                "positiveLabel"));
    }

    /** Loads a classifier bundle whose classes are IMDB's {@code neg} and {@code pos}. */
    public static SentimentClassifier load(Path file) throws IOException {
        return of(TextClassifier.load(file), Review.POSITIVE);
    }

    /** The preset's model defaults: {@link TextClassifierConfig#defaults()}. */
    public static TextClassifierConfig config() {
        return TextClassifierConfig.defaults();
    }

    /** The preset's training defaults: 5 epochs of 64 reviews, Adam at 2e-3, clipping at 5, patience 2. */
    public static TrainingConfig training() {
        return TrainingConfig.defaults().withEpochs(5).withBatchSize(64).withLearningRate(2e-3)
                .withEarlyStoppingPatience(2);
    }

    /** Trains a sentiment classifier from scratch on {@code data} (validating on its dev part). */
    public static SentimentClassifier train(TextSplits data, TextClassifierConfig config, TrainingConfig training,
                                            List<TrainerListener> listeners) {
        Checks.notNull(data, "data");
        TextClassifier c = TextClassifier.create(config, data.train(), List.of(Review.NEGATIVE, Review.POSITIVE),
                training);
        c.fit(data.train(), data.dev(), training, listeners, null);
        return of(c, Review.POSITIVE);
    }

    /** The probability that {@code text} is positive. */
    public double positiveProbability(String text) {
        return classifier.probabilities(text)[positive];
    }

    /** The probability that each text is positive. */
    public double[] positiveProbabilities(List<String> texts) {
        double[][] p = classifier.probabilities(texts);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i][positive];
        }
        return out;
    }

    /** The underlying classifier (evaluation, saving, batch prediction). */
    public TextClassifier classifier() {
        return classifier;
    }
}
