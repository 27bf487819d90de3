package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.LearningRateSchedule;
import io.github.rnnkit.core.train.SlantedTriangularSchedule;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.imdb.AclImdb;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text classifier on a few hundred real IMDB reviews: it learns, it saves, it reads masks, it refuses bad input. */
class TextClassifierTest {
    private static List<LabelledText> train;
    private static List<LabelledText> heldOut;
    private static TextClassifier trained;
    private static ClassificationReport report;

    static TextClassifierConfig small() {
        return TextClassifierConfig.defaults()
                .withSpec(new RecurrentSpec(RecurrentCell.LSTM, 32, 1, BidirectionalMode.CONCAT, 0.0, RecurrentImpl.RNNKIT))
                .withEmbeddingSize(32).withMaxLength(200).withVocabulary(2, 5000);
    }

    @BeforeAll
    static void trainOnce() {
        train = ImdbSample.balanced(AclImdb.Split.TRAIN, 400, 1);
        heldOut = ImdbSample.balanced(AclImdb.Split.TEST, 150, 2);
        TrainingConfig training = TrainingConfig.defaults().withEpochs(8).withBatchSize(32).withLearningRate(3e-3)
                .withSeed(7);
        trained = TextClassifier.create(small(), train, null, training);
        trained.fit(train, List.of(), training, List.of(), null);
        report = trained.evaluate(heldOut, 0.5);
    }

    @Test
    void aShortFitOnRealReviewsBeatsTheMajorityBaselineOnHeldOutReviews() {
        assertEquals(List.of("neg", "pos"), trained.classes());
        assertEquals(0.5, report.majorityBaseline(), 1e-12);
        // 300 balanced reviews: chance accuracy has a standard deviation of 0.029, so 0.58 is 2.8 of them above the
        // baseline. Seeds 7-11 gave 0.63-0.73 (AUC 0.69-0.81) with 8 epochs; with 6 epochs 0.58-0.70 after the kernels'
        // sigmoid changed in its last bits (2026-12-07: seed 7 fell from 0.61 to 0.577), with 4 epochs 0.56-0.69.
        assertTrue(report.accuracy() >= 0.58, "held-out accuracy " + report.accuracy() + "\n" + report.toTable());
        assertTrue(report.auc() >= 0.65, "held-out AUC " + report.auc());
    }

    @Test
    void aThresholdTunedOnHeldOutReviewsScoresThemAtLeastAsWellAsOneHalf() {
        List<LabelledText> dev = heldOut.subList(0, 100);
        double t = trained.tuneThreshold(dev);
        assertTrue(t > 0 && t < 1, "threshold " + t);
        double atHalf = trained.evaluate(dev, 0.5).accuracy();
        double tuned = trained.evaluate(dev, t).accuracy();
        assertTrue(tuned >= atHalf, "tuned " + t + ": " + tuned + " against " + atHalf + " at 0.5");
        assertThrows(IllegalArgumentException.class, () -> trained.tuneThreshold(List.of()));
    }

    @Test
    void theThresholdIsSavedWithTheModelAndPredictsWithIt(@TempDir Path dir) throws Exception {
        TextClassifier copy = TextClassifier.load(save(dir.resolve("a.zip")));
        assertEquals(0.5, copy.threshold(), 0.0);
        copy.setThreshold(0.8125);
        copy.save(dir.resolve("b.zip"));
        TextClassifier loaded = TextClassifier.load(dir.resolve("b.zip"));
        assertEquals(0.8125, loaded.threshold(), 0.0);
        List<String> texts = heldOut.stream().map(LabelledText::text).toList();
        double[][] p = loaded.probabilities(texts);
        List<String> predicted = loaded.predict(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(p[i][1] >= 0.8125 ? "pos" : "neg", predicted.get(i), "text " + i + ": p(pos) " + p[i][1]);
        }
        assertThrows(IllegalArgumentException.class, () -> loaded.setThreshold(1.0));
        Path bad = dir.resolve("bad.zip");
        trained.toBundle().withArtifact(TextClassifier.THRESHOLD, "1.5".getBytes(StandardCharsets.UTF_8)).save(bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextClassifier.load(bad));
        assertTrue(e.getMessage().contains("bad.zip") && e.getMessage().contains("'1.5'"), e.getMessage());
    }

    private static Path save(Path file) throws Exception {
        trained.save(file);
        return file;
    }

    @Test
    void aSavedAndLoadedClassifierGivesIdenticalProbabilities(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clf.zip");
        trained.save(file);
        TextClassifier loaded = TextClassifier.load(file);
        List<String> texts = heldOut.subList(0, 20).stream().map(LabelledText::text).toList();
        double[][] before = trained.probabilities(texts);
        double[][] after = loaded.probabilities(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(before[i], after[i], 0.0, "text " + i);
        }
        assertEquals(trained.classes(), loaded.classes());
        assertEquals(trained.vocabulary(), loaded.vocabulary());
        assertEquals(trained.config(), loaded.config());
    }

    @Test
    void aSlantedScheduleSpansTheFitsMinibatchesScalesForTheEncoderAndIsSavedWithTheModel(@TempDir Path dir)
            throws Exception {
        TrainingConfig training = TrainingConfig.defaults().withEpochs(2).withBatchSize(32).withLearningRate(3e-3);
        TextClassifier clf = TextClassifier.create(small().withLearningRateSchedule(LearningRateSchedule.SLANTED_TRIANGULAR)
                .withEncoderLearningRateScale(0.5), train, null, training);
        int iterations = 2 * ((train.size() + 31) / 32);                          // 400 texts: 13 batches an epoch
        assertEquals(SlantedTriangularSchedule.of(3e-3, iterations), schedule(clf, TextClassifier.OUTPUT));
        assertEquals(SlantedTriangularSchedule.of(1.5e-3, iterations), schedule(clf, TextClassifier.EMBEDDING));
        for (String direction : List.of(".fwd", ".bwd")) {
            assertEquals(SlantedTriangularSchedule.of(1.5e-3, iterations),
                    schedule(clf, TextClassifier.recurrentName(0) + direction));
        }
        clf.fit(train, List.of(), training.withEpochs(1), List.of(), null);
        assertEquals(iterations / 2, clf.network().getIterationCount());
        Path file = dir.resolve("slanted.zip");
        clf.save(file);
        TextClassifier loaded = TextClassifier.load(file);
        assertEquals(LearningRateSchedule.SLANTED_TRIANGULAR, loaded.config().learningRateSchedule());
        assertEquals(SlantedTriangularSchedule.of(3e-3, iterations), schedule(loaded, TextClassifier.OUTPUT));
        assertEquals(iterations / 2, loaded.network().getIterationCount(), "a further fit goes on down the slope");
    }

    @Test
    void aConfigSavedBeforeSchedulesExistedReadsAsConstant() {
        String json = Json.write(small());
        String old = json.replaceAll(",\\s*\"learningRateSchedule\"\\s*:\\s*\"CONSTANT\"", "");
        assertTrue(old.length() < json.length() && !old.contains("learningRateSchedule"), json);
        assertEquals(small(), Json.read(old, TextClassifierConfig.class, "config"));
    }

    private static ISchedule schedule(TextClassifier clf, String layer) {
        IUpdater u = ((BaseLayer) clf.network().getLayer(layer).conf().getLayer()).getIUpdater();
        return ((Adam) u).getLearningRateSchedule();
    }

    @Test
    void paddingInABatchDoesNotChangeATextsProbabilities() {
        String shortText = "A wonderful, warm film. I loved every minute.";
        double[] alone = trained.probabilities(shortText);
        List<String> batch = new ArrayList<>();
        batch.add(shortText);
        heldOut.subList(0, 10).forEach(t -> batch.add(t.text()));    // much longer texts: the short one is padded
        double[] padded = trained.probabilities(batch)[0];
        assertArrayEquals(alone, padded, 1e-5);
    }

    @Test
    void probabilitiesSumToOneAndPredictAgreesWithThem() {
        double[] p = trained.probabilities("Dull and far too long.");
        assertEquals(1.0, p[0] + p[1], 1e-5);
        assertEquals(p[1] >= 0.5 ? "pos" : "neg", trained.predict("Dull and far too long."));
        List<String> all = trained.predict(List.of("Dull and far too long.", "Dull and far too long."), 0.999999);
        assertEquals(List.of("neg", "neg"), all);
    }

    @Test
    void aLabelOutsideTheDeclaredClassesIsRefusedNamingTheText() {
        List<LabelledText> bad = List.of(new LabelledText("good", "pos", "a.csv:2"),
                new LabelledText("bad", "neutral", "a.csv:3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextClassifier.create(small(), bad, List.of("neg", "pos"), TrainingConfig.defaults()));
        assertTrue(e.getMessage().contains("a.csv:3") && e.getMessage().contains("neutral"), e.getMessage());
        IllegalArgumentException onEvaluate = assertThrows(IllegalArgumentException.class,
                () -> trained.evaluate(bad, 0.5));
        assertTrue(onEvaluate.getMessage().contains("a.csv:3"), onEvaluate.getMessage());
    }

    @Test
    void aTextWithoutTokensIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trained.probabilities(List.of("fine", "  <br />  ")));
        assertTrue(e.getMessage().contains("texts[1]"), e.getMessage());
    }

    @Test
    void aThresholdOutsideTheOpenUnitIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> trained.predict(List.of("fine"), 1.0));
        assertThrows(IllegalArgumentException.class, () -> trained.evaluate(heldOut, 0.0));
    }
}
