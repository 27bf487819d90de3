package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.plot.HeatmapPlot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scores of a classifier on labelled texts: accuracy, per-class precision / recall / F1, the confusion
 * matrix, ROC AUC for two classes, and the majority-class baseline beside them.
 *
 * <pre>{@code
 * ClassificationReport r = classifier.evaluate(testTexts, testLabels);
 * System.out.println(r.toTable());
 * }</pre>
 *
 * @param classes    class names; index i is class i
 * @param confusion  confusion[truth][predicted] counts
 * @param auc        area under the ROC curve of the score of class 1 (two classes only; NaN otherwise or
 *                   when the data hold only one class)
 * @param majority   the class most frequent among the true labels
 */
public record ClassificationReport(List<String> classes, long[][] confusion, double auc, int majority) {

    public ClassificationReport {
        Checks.notNull(classes, "classes");
        Checks.notNull(confusion, "confusion");
        classes = List.copyOf(classes);
        if (confusion.length != classes.size()) {
            throw new IllegalArgumentException("confusion has " + confusion.length + " rows for " + classes.size()
                    + " classes");
        }
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            if (confusion[i].length != classes.size()) {
                throw new IllegalArgumentException("confusion row " + i + " has " + confusion[i].length + " columns for "
                        + classes.size() + " classes");
            }
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
    }

    /**
     * Scores predictions.
     *
     * @param classes       class names
     * @param truth         true class index of each example
     * @param probabilities per example, a probability per class
     * @param threshold     for two classes: class 1 is predicted when its probability is at least this (0.5 is
     *                      the usual argmax); ignored for more classes (argmax)
     */
    public static ClassificationReport of(List<String> classes, int[] truth, double[][] probabilities,
                                          double threshold) {
        Checks.notNull(truth, "truth");
        Checks.notNull(probabilities, "probabilities");
        if (truth.length != probabilities.length) {
            throw new IllegalArgumentException(truth.length + " true labels for " + probabilities.length
                    + " predictions");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("nothing to score: no examples");
        }
        int k = classes.size();
        long[][] confusion = new long[k][k];
        long[] counts = new long[k];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k) {
                throw new IllegalArgumentException("truth[" + i + "] is " + truth[i] + "; classes are 0.." + (k - 1));
            }
            confusion[truth[i]][predict(probabilities[i], threshold)]++;
            counts[truth[i]]++;
        }
        int majority = 0;
        for (int c = 1; c < k; c++) {
            if (counts[c] > counts[majority]) {
                majority = c;
            }
        }
        double auc = k == 2 ? auc(truth, probabilities) : Double.NaN;
        return new ClassificationReport(classes, confusion, auc, majority);
    }

    /** The predicted class for one probability vector (threshold on class 1 for two classes, else argmax). */
    static int predict(double[] p, double threshold) {
        if (p.length == 2) {
            return p[1] >= threshold ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The decision threshold on class 1's probability that scores the most examples right, for two classes;
     * choose it on a dev part, never on the test part. A model whose probabilities lean to one class (high
     * ROC AUC, skewed precision and recall at 0.5) gains accuracy from it. Among equally good thresholds the
     * one nearest 0.5 is returned; the result lies in (0, 1), between two neighbouring scores.
     *
     * @param truth         true class index (0 or 1) of each example
     * @param probabilities per example, the probabilities of class 0 and class 1
     */
    public static double bestThreshold(int[] truth, double[][] probabilities) {
        Checks.notNull(truth, "truth");
        Checks.notNull(probabilities, "probabilities");
        int n = truth.length;
        if (n == 0 || probabilities.length != n) {
            throw new IllegalArgumentException("bestThreshold needs one probability vector per label, got "
                    + probabilities.length + " for " + n + " labels");
        }
        double[] score = new double[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (probabilities[i].length != 2 || truth[i] < 0 || truth[i] > 1) {
                throw new IllegalArgumentException("bestThreshold is for two classes; example " + i + " has "
                        + probabilities[i].length + " probabilities and class " + truth[i]);
            }
            score[i] = probabilities[i][1];
            positives += truth[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        // Cut k: the k lowest scores predicted class 0, the rest class 1. Right = negatives below + positives above.
        long right = positives;
        long bestRight = -1;
        double best = 0.5;
        for (int k = 0; k <= n; k++) {
            if (k > 0) {
                right += truth[order[k - 1]] == 0 ? 1 : -1;
            }
            if (k > 0 && k < n && score[order[k - 1]] == score[order[k]]) {
                continue;                                       // no threshold separates equal scores
            }
            double t = k == 0 ? score[order[0]] : k == n ? Math.nextUp(score[order[n - 1]])
                    : (score[order[k - 1]] + score[order[k]]) / 2;
            t = Math.min(Math.max(t, 1e-6), 1 - 1e-6);
            if (right > bestRight || right == bestRight && Math.abs(t - 0.5) < Math.abs(best - 0.5)) {
                bestRight = right;
                best = t;
            }
        }
        return best;
    }

    /** ROC AUC of class 1's probability: the Mann-Whitney statistic, ties counted half. */
    static double auc(int[] truth, double[][] p) {
        Integer[] order = new Integer[truth.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a][1], p[b][1]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && p[order[j + 1]][1] == p[order[i]][1]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;                  // average rank of a run of ties
            for (int m = i; m <= j; m++) {
                if (truth[order[m]] == 1) {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = truth.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Examples scored. */
    public long total() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public double accuracy() {
        long right = 0;
        for (int c = 0; c < confusion.length; c++) {
            right += confusion[c][c];
        }
        return (double) right / total();
    }

    /** Accuracy of always answering the majority class. */
    public double majorityBaseline() {
        return (double) support(majority) / total();
    }

    /** True examples of class {@code c}. */
    public long support(int c) {
        return Arrays.stream(confusion[c]).sum();
    }

    /** Of the examples predicted as {@code c}, the share that are {@code c} (NaN when none was predicted). */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? Double.NaN : (double) confusion[c][c] / predicted;
    }

    /** Of the examples of class {@code c}, the share predicted as {@code c} (NaN when there are none). */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) confusion[c][c] / s;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < classes.size(); c++) {
            s += f1(c);
        }
        return s / classes.size();
    }

    /** The index of class {@code name}. */
    public int classIndex(String name) {
        int i = classes.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no class '" + name + "'; classes are " + classes);
        }
        return i;
    }

    /** A plain-text table: the summary line, per-class scores and the confusion matrix. */
    public String toTable() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "accuracy %.4f on %d examples (majority class '%s': %.4f)%n", accuracy(),
                total(), classes.get(majority), majorityBaseline()));
        if (!Double.isNaN(auc)) {
            s.append(String.format(Locale.ROOT, "ROC AUC %.4f (score of '%s')%n", auc, classes.get(1)));
        }
        int w = Math.max(9, classes.stream().mapToInt(String::length).max().orElse(5) + 2);
        s.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1",
                "support"));
        for (int c = 0; c < classes.size(); c++) {
            s.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %9d%n", classes.get(c), precision(c),
                    recall(c), f1(c), support(c)));
        }
        s.append("confusion (rows: true, columns: predicted)").append(System.lineSeparator());
        s.append(String.format(Locale.ROOT, "%-" + w + "s", ""));
        for (String c : classes) {
            s.append(String.format(Locale.ROOT, " %" + w + "s", c));
        }
        s.append(System.lineSeparator());
        for (int r = 0; r < classes.size(); r++) {
            s.append(String.format(Locale.ROOT, "%-" + w + "s", classes.get(r)));
            for (int c = 0; c < classes.size(); c++) {
                s.append(String.format(Locale.ROOT, " %" + w + "d", confusion[r][c]));
            }
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    /** Per-class rows for a CSV or JSON writer: class, precision, recall, f1, support. */
    public List<Object[]> perClass() {
        List<Object[]> rows = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            rows.add(new Object[]{classes.get(c), precision(c), recall(c), f1(c), support(c)});
        }
        return rows;
    }

    /**
     * The confusion matrix as a heat map, each row normalised by its true count (a row shows where that class's
     * examples went); a notebook cell ending in it shows it inline.
     */
    public BufferedImage confusionImage() {
        double[][] cells = new double[classes.size()][classes.size()];
        for (int t = 0; t < classes.size(); t++) {
            long n = support(t);
            for (int p = 0; p < classes.size(); p++) {
                cells[t][p] = n == 0 ? 0 : (double) confusion[t][p] / n;
            }
        }
        return new HeatmapPlot(String.format(Locale.ROOT, "Confusion (rows: truth, normalised; accuracy %.4f)",
                accuracy()), "predicted", "truth", classes, classes, cells).render();
    }
}
