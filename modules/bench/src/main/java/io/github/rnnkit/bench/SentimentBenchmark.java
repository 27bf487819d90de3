package io.github.rnnkit.bench;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.OpenBlas;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.presets.sentiment.ClassificationReport;
import io.github.rnnkit.presets.sentiment.NgramLinearClassifier;
import io.github.rnnkit.presets.sentiment.TextClassifier;
import io.github.rnnkit.presets.sentiment.TextClassifierConfig;
import io.github.rnnkit.presets.sentiment.TextSplits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text classification side by side on one split, in one run: rnnkit's recurrent classifier (from scratch or
 * from a pretrained language model) beside the linear bag-of-n-grams peers (TF-IDF uni+bigrams and, for two
 * classes, NB-scaled 1-3-grams, both logistic regression), each scored on the same test part, with training
 * time and prediction throughput (texts per second at batch 64). Writes a markdown table to
 * {@code out/<data>-<time>.md} and saves the recurrent classifier as {@code out/<data>-classifier.zip} (with a
 * backward one, {@code out/<data>-backward-classifier.zip} too), each with its dev-tuned threshold.
 */
public final class SentimentBenchmark {
    private static final Logger log = LoggerFactory.getLogger(SentimentBenchmark.class);

    /**
     * @param data        the split to train and score on
     * @param config      the recurrent classifier's config
     * @param training    its training settings (a time budget belongs here)
     * @param initial     a classifier to start from instead of creating one (from a language model), or null
     * @param backward    a reversed classifier (from a backward language model) to train too, or null; its rows,
     *                    and the mean of both directions' probabilities, join the table
     * @param peers       whether to train the linear peers too
     * @param threshold   decision threshold for two classes
     * @param out         folder for the report and the trained recurrent classifier(s)
     */
    public record Options(TextSplits data, TextClassifierConfig config, TrainingConfig training, TextClassifier initial,
                          TextClassifier backward, boolean peers, double threshold, Path out) {
        public Options {
            Checks.notNull(data, "data");
            Checks.notNull(config, "config");
            Checks.notNull(training, "training");
            Checks.notNull(out, "out");
        }
    }

    /** One model's line of the table. */
    public record Row(String model, ClassificationReport report, double trainSeconds, double textsPerSecond) {
    }

    private SentimentBenchmark() {
    }

    public static List<Row> run(Options o, PrintWriter print) throws IOException {
        TextSplits d = o.data();
        List<LabelledText> test = d.test().isEmpty() ? d.dev() : d.test();
        List<String> testTexts = test.stream().map(LabelledText::text).toList();
        List<Row> rows = new ArrayList<>();
        NgramLinearClassifier nb = null;
        Row nbRow = null;
        if (o.peers()) {
            List<String> texts = d.train().stream().map(LabelledText::text).toList();
            List<String> labels = d.train().stream().map(LabelledText::label).toList();
            List<NgramLinearClassifier.Config> configs = new ArrayList<>();
            configs.add(NgramLinearClassifier.Config.tfidf());
            if (labels.stream().distinct().count() == 2) {
                configs.add(NgramLinearClassifier.Config.nb());
            }
            for (NgramLinearClassifier.Config c : configs) {
                long t0 = System.nanoTime();
                NgramLinearClassifier peer = NgramLinearClassifier.train(texts, labels, c);
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                double[][] p = peer.probabilities(testTexts);
                double predictSeconds = (System.nanoTime() - t1) / 1e9;
                ClassificationReport r = ClassificationReport.of(peer.classes(), truth(test, peer.classes()), p,
                        o.threshold());
                Row row = new Row(c.features() + " " + ngrams(c.maxNgram()) + " + logistic regression", r, trainSeconds,
                        test.size() / predictSeconds);
                rows.add(row);
                if (c.features() == NgramLinearClassifier.Features.NB) {
                    nb = peer;
                    nbRow = row;
                }
                print.printf(Locale.ROOT, "%s: accuracy %.4f (%.0f s)%n", row.model(), r.accuracy(), trainSeconds);
                print.flush();
            }
        }
        TextClassifier clf = o.initial() != null ? o.initial()
                : TextClassifier.create(o.config(), d.train(), null, o.training());
        Trained forward = train(clf, o, d, test, testTexts, rows, o.initial() != null ? ", from LM" : "");
        TrainingResult result = forward.result();
        Trained backward = null;
        if (o.backward() != null) {
            backward = train(o.backward(), o, d, test, testTexts, rows, ", from backward LM");
        }
        boolean tunable = clf.classes().size() == 2 && !d.dev().isEmpty() && !d.test().isEmpty();
        int[] testTruth = truth(test, clf.classes());
        double[][] p = forward.testP();
        double[][] devP = forward.devP();
        double trainSeconds = forward.row().trainSeconds();
        double textsPerSecond = forward.row().textsPerSecond();
        String model = forward.row().model();
        if (backward != null) {
            // The two directions' mean probability (ULMFiT's forward + backward ensemble).
            p = blend(forward.testP(), backward.testP(), 0.5);
            devP = backward.devP() == null ? null : blend(forward.devP(), backward.devP(), 0.5);
            trainSeconds += backward.row().trainSeconds();
            textsPerSecond = 1 / (1 / forward.row().textsPerSecond() + 1 / backward.row().textsPerSecond());
            model = "ensemble: mean of the forward and backward recurrent models";
            rows.add(new Row(model, ClassificationReport.of(clf.classes(), testTruth, p, o.threshold()), trainSeconds,
                    textsPerSecond));
            if (tunable) {
                double t = ClassificationReport.bestThreshold(truth(d.dev(), clf.classes()), devP);
                rows.add(new Row(String.format(Locale.ROOT, "%s, threshold %.3f tuned on dev", model, t),
                        ClassificationReport.of(clf.classes(), testTruth, p, t), trainSeconds, textsPerSecond));
            }
        }
        if (tunable && nb != null && nb.classes().equals(clf.classes())) {
            // Tuned on the dev part, scored on the test part: the blend of the recurrent model(s) with the NB peer.
            int[] devTruth = truth(d.dev(), clf.classes());
            double[][] nbDev = nb.probabilities(d.dev().stream().map(LabelledText::text).toList());
            double w = blendWeight(devTruth, devP, nbDev, o.threshold());
            ClassificationReport blended = ClassificationReport.of(clf.classes(), testTruth,
                    blend(p, nb.probabilities(testTexts), w), o.threshold());
            rows.add(new Row(String.format(Locale.ROOT, "ensemble: %.2f x recurrent%s + %.2f x NB peer "
                            + "(weight tuned on dev)", w, backward != null ? " (both directions)" : "", 1 - w), blended,
                    trainSeconds + nbRow.trainSeconds(), 1 / (1 / textsPerSecond + 1 / nbRow.textsPerSecond())));
        }
        String table = table(d, test.size(), rows, result);
        print.print(table);
        print.flush();
        Files.createDirectories(o.out());
        Path file = o.out().resolve(d.name() + "-" + Instant.now().toString().replace(':', '-') + ".md");
        Files.writeString(file, table, StandardCharsets.UTF_8);
        print.println("report written to " + file.toAbsolutePath());
        return rows;
    }

    /** A trained recurrent classifier's row, its test probabilities and (with a dev part) its dev probabilities. */
    private record Trained(Row row, TrainingResult result, double[][] testP, double[][] devP) {
    }

    /**
     * Trains {@code clf}, adds its row (and, for two classes with dev and test parts, its row at the threshold tuned
     * on dev), and saves it in the report folder.
     */
    private static Trained train(TextClassifier clf, Options o, TextSplits d, List<LabelledText> test,
                                 List<String> testTexts, List<Row> rows, String origin) throws IOException {
        long t0 = System.nanoTime();
        TrainingResult result = clf.fit(d.train(), d.dev(), o.training(), List.of(new ProgressBar(System.err)), null);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        clf.probabilities(testTexts.subList(0, Math.min(256, testTexts.size())));        // warm-up
        long t1 = System.nanoTime();
        double[][] p = clf.probabilities(testTexts);
        double predictSeconds = (System.nanoTime() - t1) / 1e9;
        int[] testTruth = truth(test, clf.classes());
        ClassificationReport r = ClassificationReport.of(clf.classes(), testTruth, p, o.threshold());
        TextClassifierConfig c = clf.config();
        String model = String.format(Locale.ROOT, "rnnkit %s%s %dx%d, emb %d, %s pooling%s%s",
                c.spec().readsBothDirections() ? "Bi" : "", c.spec().cell(), c.spec().depth(), c.spec().hiddenSize(),
                c.embeddingSize(), c.pooling().name().toLowerCase(Locale.ROOT), c.reversed() ? ", reversed" : "", origin);
        Row row = new Row(model, r, trainSeconds, test.size() / predictSeconds);
        rows.add(row);
        log.info("recurrent classifier{}: {} after {} iterations, test accuracy {}", c.reversed() ? " (reversed)" : "",
                result.reason(), result.state().iteration(), String.format(Locale.ROOT, "%.4f", r.accuracy()));
        double[][] devP = null;
        if (clf.classes().size() == 2 && !d.dev().isEmpty() && !d.test().isEmpty()) {
            devP = clf.probabilities(d.dev().stream().map(LabelledText::text).toList());
            double t = ClassificationReport.bestThreshold(truth(d.dev(), clf.classes()), devP);
            clf.setThreshold(t);
            rows.add(new Row(String.format(Locale.ROOT, "%s, threshold %.3f tuned on dev", model, t),
                    ClassificationReport.of(clf.classes(), testTruth, p, t), trainSeconds, row.textsPerSecond()));
        }
        Files.createDirectories(o.out());
        Path file = o.out().resolve(d.name() + (c.reversed() ? "-backward" : "") + "-classifier.zip");
        clf.save(file);
        return new Trained(row, result, p, devP);
    }

    /** w * a + (1 - w) * b, row by row. */
    static double[][] blend(double[][] a, double[][] b, double w) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int c = 0; c < a[i].length; c++) {
                out[i][c] = w * a[i][c] + (1 - w) * b[i][c];
            }
        }
        return out;
    }

    /** The weight in {0, 0.05, ..., 1} of {@code a} in a blend with {@code b} that scores best on the dev part. */
    static double blendWeight(int[] truth, double[][] a, double[][] b, double threshold) {
        double best = 0.5;
        double bestAccuracy = -1;
        for (int k = 0; k <= 20; k++) {
            double w = k / 20.0;
            double accuracy = ClassificationReport.of(List.of("0", "1"), truth, blend(a, b, w), threshold).accuracy();
            if (accuracy > bestAccuracy + 1e-12
                    || Math.abs(accuracy - bestAccuracy) <= 1e-12 && Math.abs(w - 0.5) < Math.abs(best - 0.5)) {
                best = w;
                bestAccuracy = accuracy;
            }
        }
        return best;
    }

    private static String ngrams(int n) {
        return n == 1 ? "unigrams" : "1-" + n + "-grams";
    }

    private static int[] truth(List<LabelledText> test, List<String> classes) {
        int[] t = new int[test.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = classes.indexOf(test.get(i).label());
            if (t[i] < 0) {
                throw new IllegalArgumentException(test.get(i).origin() + ": label '" + test.get(i).label()
                        + "' never occurs in training; classes are " + classes);
            }
        }
        return t;
    }

    static String table(TextSplits d, int tested, List<Row> rows, TrainingResult result) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%n%s: %s; scored on %d %s texts%n%n", d.name(), d.split(), tested,
                d.test().isEmpty() ? "dev" : "test"));
        boolean binary = rows.get(0).report().classes().size() == 2;
        String positive = binary ? rows.get(0).report().classes().get(1) : "";
        s.append("| model | accuracy | macro F1 |").append(binary ? " ROC AUC | " + positive + " precision | "
                + positive + " recall |" : "").append(" train time | predict texts/s |\n");
        s.append("|---|---|---|").append(binary ? "---|---|---|" : "").append("---|---|\n");
        for (Row r : rows) {
            ClassificationReport c = r.report();
            s.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f |", r.model(), c.accuracy(), c.macroF1()));
            if (binary) {
                s.append(String.format(Locale.ROOT, " %.4f | %.4f | %.4f |", c.auc(), c.precision(1), c.recall(1)));
            }
            s.append(String.format(Locale.ROOT, " %.0f s | %.0f |%n", r.trainSeconds(), r.textsPerSecond()));
        }
        ClassificationReport any = rows.get(0).report();
        s.append(String.format(Locale.ROOT, "%nmajority class '%s': accuracy %.4f. Recurrent training: %s after %d "
                        + "iterations. %s.%n", any.classes().get(any.majority()), any.majorityBaseline(), result.reason(),
                result.state().iteration(), OpenBlas.describeLoaded()));
        return s.toString();
    }
}
