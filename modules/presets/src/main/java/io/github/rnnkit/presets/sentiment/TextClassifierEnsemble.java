package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.classify.LabelledText;

import java.util.ArrayList;
import java.util.List;

/**
 * Text classifiers that decide together: each text's class probabilities are the mean of the members'. The usual
 * pair is a forward classifier and a backward one ({@link TextClassifierConfig#reversed()}), each fine-tuned from a
 * language model of its direction, as {@code rnnkit bench sentiment --both-directions} trains them (the ensemble of
 * ULMFiT, Howard &amp; Ruder 2018).
 *
 * <pre>{@code
 * TextClassifierEnsemble both = TextClassifierEnsemble.of(List.of(
 *         TextClassifier.load(Path.of("imdb-classifier.zip")), TextClassifier.load(Path.of("imdb-backward-classifier.zip"))));
 * double t = both.tuneThreshold(dev);                 // on a dev part, never on the texts you report
 * System.out.println(both.evaluate(test, t).toTable());
 * }</pre>
 */
public final class TextClassifierEnsemble {
    private final List<TextClassifier> members;

    private TextClassifierEnsemble(List<TextClassifier> members) {
        this.members = members;
    }

    /**
     * @param members at least one classifier, all with the same classes in the same order
     * @throws IllegalArgumentException when there is none, or two members' classes differ (naming both lists)
     */
    public static TextClassifierEnsemble of(List<TextClassifier> members) {
        Checks.notNull(members, "members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one classifier, got none");
        }
        List<String> classes = members.get(0).classes();
        for (int i = 1; i < members.size(); i++) {
            Checks.notNull(members.get(i), "members[" + i + "]");
            if (!members.get(i).classes().equals(classes)) {
                throw new IllegalArgumentException("the classifiers of an ensemble must have the same classes in the "
                        + "same order: member 0 has " + classes + ", member " + i + " has " + members.get(i).classes());
            }
        }
        return new TextClassifierEnsemble(List.copyOf(members));
    }

    public List<TextClassifier> members() {
        return members;
    }

    /**
     * The decision threshold to predict with when none is given: a single member's saved one; 0.5 for several (each
     * member's threshold was tuned for its own probabilities, not for their mean).
     */
    public double defaultThreshold() {
        return members.size() == 1 ? members.get(0).threshold() : 0.5;
    }

    /** The classes in output order (the members'). */
    public List<String> classes() {
        return members.get(0).classes();
    }

    /**
     * The mean of the members' class probabilities of each text, in {@link #classes()} order. With several members,
     * each frees its work buffers after scoring ({@link TextClassifier#releaseBuffers()}), so that the ensemble
     * needs one member's buffers at a time, not the sum of all.
     */
    public double[][] probabilities(List<String> texts) {
        Checks.notNull(texts, "texts");
        double[][] sum = null;
        for (TextClassifier m : members) {
            double[][] p = m.probabilities(texts);
            if (members.size() > 1) {
                m.releaseBuffers();
            }
            if (sum == null) {
                sum = p;
            } else {
                for (int i = 0; i < p.length; i++) {
                    for (int c = 0; c < p[i].length; c++) {
                        sum[i][c] += p[i][c];
                    }
                }
            }
        }
        for (double[] row : sum) {
            for (int c = 0; c < row.length; c++) {
                row[c] /= members.size();
            }
        }
        return sum;
    }

    /**
     * The predicted class of each text.
     *
     * @param threshold for two classes, class 1 is predicted when its mean probability is at least this, in (0, 1)
     */
    public List<String> predict(List<String> texts, double threshold) {
        checkThreshold(threshold);
        List<String> out = new ArrayList<>(texts.size());
        for (double[] p : probabilities(texts)) {
            out.add(classes().get(ClassificationReport.predict(p, threshold)));
        }
        return out;
    }

    /** Scores the ensemble on labelled texts (a label outside {@link #classes()} is an error naming the text). */
    public ClassificationReport evaluate(List<LabelledText> texts, double threshold) {
        Checks.notNull(texts, "texts");
        checkThreshold(threshold);
        return ClassificationReport.of(classes(), truth(texts), probabilities(texts(texts)), threshold);
    }

    /** The decision threshold that maximises accuracy on {@code dev} (two classes only). */
    public double tuneThreshold(List<LabelledText> dev) {
        Checks.notNull(dev, "dev");
        if (classes().size() != 2) {
            throw new IllegalStateException("a decision threshold is for two classes; this ensemble has "
                    + classes().size() + ": " + classes());
        }
        if (dev.isEmpty()) {
            throw new IllegalArgumentException("tuneThreshold needs labelled dev texts, got none");
        }
        return ClassificationReport.bestThreshold(truth(dev), probabilities(texts(dev)));
    }

    private int[] truth(List<LabelledText> texts) {
        int[] truth = new int[texts.size()];
        for (int i = 0; i < truth.length; i++) {
            LabelledText t = texts.get(i);
            truth[i] = classes().indexOf(t.label());
            if (truth[i] < 0) {
                throw new IllegalArgumentException(t.origin() + ": label '" + t.label() + "' is not one of the "
                        + "ensemble's classes " + classes());
            }
        }
        return truth;
    }

    private static List<String> texts(List<LabelledText> texts) {
        return texts.stream().map(LabelledText::text).toList();
    }

    private static void checkThreshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
    }
}
