package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.imdb.AclImdb;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A classifier started from a pretrained word language model learns faster on a small labelled subset than the
 * same classifier from scratch: same reviews, same steps, higher held-out accuracy and ROC AUC.
 *
 * <p>Slow, and it needs a language model that has read IMDB's 25,000 training reviews: at unit scale the effect is
 * not there (docs/benchmarks.md, "Does pretraining help on a small subset?": an LSTM of 64 or 128 units pretrained
 * for up to 9 minutes left the classifier behind the one from scratch). It takes the LM bundle that
 * {@code rnnkit bench sentiment --pretrain-lm --hidden 512 ...} saves (50 minutes on 2 cores), from
 * {@code -Drnnkit.test.imdbLm=FILE} or {@code bench/results/sentiment-bidir512/imdb-lm.zip} (relative paths from the
 * checkout's root will do), and runs in about 3 minutes:
 * <pre>{@code
 * mvn -B -pl modules/presets test -Dtest=PretrainedLanguageModelTest -Dsurefire.excludedGroups= -Dgroups=slow
 * }</pre>
 */
@Tag("slow")
class PretrainedLanguageModelTest {
    private static final String LM = "bench/results/sentiment-bidir512/imdb-lm.zip";
    private static final String BENCH = "./rnnkit bench sentiment --data ../shared/datasets/aclImdb-labelled.tar.gz "
            + "--pretrain-lm --both-directions --hidden 512 --lm-vocab-size 10000 --lm-epochs 1 --lm-minutes 50 "
            + "--max-length 1000 --minutes 25 --epochs 2 --patience 1 --out bench/results/sentiment-bidir512";

    /** The named or default bundle; a relative path is looked up from the working folder and each folder above it. */
    private static Path languageModel() {
        Path file = Path.of(System.getProperty("rnnkit.test.imdbLm", LM));
        if (file.isAbsolute()) {
            return file;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(file))) {
                return dir.resolve(file);
            }
        }
        return file;
    }

    @Test
    void aClassifierFromThePretrainedLanguageModelLearnsFasterOnASmallSubsetThanOneFromScratch() throws Exception {
        Path file = languageModel();
        if (!Files.isRegularFile(file)) {
            fail("no IMDB word language model " + (file.isAbsolute() ? "at " + file : "named " + file + " in "
                    + Path.of("").toAbsolutePath() + " or a folder above it") + ": make one with\n  " + BENCH
                    + "\nor name one with -Drnnkit.test.imdbLm=FILE");
        }
        WordLanguageModel lm = WordLanguageModel.load(file);
        List<LabelledText> heldOut = ImdbSample.balanced(AclImdb.Split.TEST, 300, 12);
        TextClassifierConfig config = lm.classifierConfig().withMaxLength(200);
        int seeds = 3;
        double[] pretrainedAccuracy = new double[seeds];
        double[] scratchAccuracy = new double[seeds];
        double[] pretrainedAuc = new double[seeds];
        double[] scratchAuc = new double[seeds];
        StringBuilder table = new StringBuilder("seed  pretrained acc/AUC  scratch acc/AUC\n");
        for (int s = 0; s < seeds; s++) {
            // 1,000 labelled training reviews, read twice: 64 steps of 32
            List<LabelledText> train = ImdbSample.balanced(AclImdb.Split.TRAIN, 500, 101 + s);
            TrainingConfig training = TrainingConfig.defaults().withEpochs(2).withBatchSize(32).withLearningRate(3e-3)
                    .withSeed(1 + s);
            TextClassifier pretrained = TextClassifier.fromLanguageModel(lm, config, train, null, training);
            pretrained.fit(train, List.of(), training, List.of(), null);
            ClassificationReport p = pretrained.evaluate(heldOut, 0.5);
            pretrained.releaseBuffers();
            TextClassifier scratch = TextClassifier.create(config, train, null, training);
            scratch.fit(train, List.of(), training, List.of(), null);
            ClassificationReport q = scratch.evaluate(heldOut, 0.5);
            scratch.releaseBuffers();
            pretrainedAccuracy[s] = p.accuracy();
            pretrainedAuc[s] = p.auc();
            scratchAccuracy[s] = q.accuracy();
            scratchAuc[s] = q.auc();
            table.append(String.format("%4d  %.3f / %.3f       %.3f / %.3f%n", 1 + s, p.accuracy(), p.auc(),
                    q.accuracy(), q.auc()));
        }
        System.out.print(table);
        // 600 held-out reviews: one accuracy's standard deviation is ~0.02, a mean of three ~0.012
        assertTrue(mean(pretrainedAccuracy) > mean(scratchAccuracy) + 0.03, table.toString());
        for (int s = 0; s < seeds; s++) {
            assertTrue(pretrainedAuc[s] > scratchAuc[s], "seed " + (1 + s) + "\n" + table);
        }
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }
}
