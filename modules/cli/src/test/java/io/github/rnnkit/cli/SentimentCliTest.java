package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.LearningRateSchedule;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.imdb.AclImdb;
import io.github.rnnkit.data.imdb.Review;
import io.github.rnnkit.presets.sentiment.TextClassifier;
import io.github.rnnkit.presets.sentiment.WordLanguageModel;
import io.github.rnnkit.presets.sentiment.WordLmConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnkit train sentiment / predict / evaluate} in-process on 600 real IMDB reviews written as a CSV, and
 * the clear errors a user meets with bad input.
 */
class SentimentCliTest {
    @TempDir
    static Path dir;
    static Path csv;
    static Path bundle;
    static RnnkitCliTest.Result trained;

    static Path archive() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null) {
            Path candidate = d.resolve("shared/datasets/aclImdb-labelled.tar.gz");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            d = d.getParent();
        }
        return null;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + "\"";
    }

    @BeforeAll
    static void trainOnRealReviews() throws IOException {
        Path a = archive();
        Assumptions.assumeTrue(a != null, "../shared/datasets/aclImdb-labelled.tar.gz is not beside this checkout");
        Map<AclImdb.Split, List<Review>> data = AclImdb.read(a);
        List<Review> train = data.get(AclImdb.Split.TRAIN);
        List<String> lines = new ArrayList<>();
        lines.add("review,sentiment");
        for (int i = 0; i < 300; i++) {          // reviews are sorted negatives first: take both ends, interleaved
            Review neg = train.get(i * 7);
            Review pos = train.get(train.size() - 1 - i * 7);
            lines.add(quote(neg.text()) + ",neg");
            lines.add(quote(pos.text()) + ",pos");
        }
        csv = Files.write(dir.resolve("reviews.csv"), lines, StandardCharsets.UTF_8);
        bundle = dir.resolve("sentiment.zip");
        trained = RnnkitCliTest.run("train", "sentiment", "--data", csv.toString(), "--header", "--text-column", "review",
                "--label-column", "sentiment", "--hidden", "32", "--embedding", "32", "--max-length", "150",
                "--epochs", "4", "--batch", "32", "--lr", "0.003", "--test-fraction", "0.25", "--dev-fraction", "0.1",
                "--tune-threshold", "-o", bundle.toString());
    }

    @Test
    void trainingOnACsvOfRealReviewsBeatsTheMajorityBaselineAndSavesABundle() {
        assertEquals(0, trained.code(), trained.err());
        Matcher m = Pattern.compile("accuracy ([0-9.]+) on (\\d+) examples \\(majority class '\\w+': ([0-9.]+)\\)")
                .matcher(trained.out());
        assertTrue(m.find(), trained.out());
        assertEquals(150, Integer.parseInt(m.group(2)), trained.out());
        assertTrue(Double.parseDouble(m.group(1)) > Double.parseDouble(m.group(3)) + 0.05, trained.out());
        assertTrue(trained.out().contains("ROC AUC"), trained.out());
        assertTrue(Files.exists(bundle));
        Matcher t = Pattern.compile("decision threshold tuned on the dev part: ([0-9.]+) \\(dev accuracy ([0-9.]+), "
                + "([0-9.]+) at 0.5\\)").matcher(trained.out());
        assertTrue(t.find(), trained.out());
        assertTrue(Double.parseDouble(t.group(2)) >= Double.parseDouble(t.group(3)), t.group());
    }

    private static double tunedThreshold() {
        Matcher t = Pattern.compile("decision threshold tuned on the dev part: ([0-9.]+)").matcher(trained.out());
        assertTrue(t.find(), trained.out());
        return Double.parseDouble(t.group(1));
    }

    @Test
    void predictPrintsAClassAndProbabilitiesPerText() throws IOException {
        Path file = Files.writeString(dir.resolve("texts.txt"), "Loved it, a wonderful film.\nBoring and badly acted.\n");
        RnnkitCliTest.Result r = RnnkitCliTest.run("predict", bundle.toString(), "An awful mess.", "--file", file.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("class\tp(neg)\tp(pos)\ttext", lines[0]);
        assertEquals(4, lines.length, r.out());
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            assertTrue(f[0].equals("neg") || f[0].equals("pos"), lines[i]);
            assertEquals(1.0, Double.parseDouble(f[1]) + Double.parseDouble(f[2]), 2e-4, lines[i]);
            double pos = Double.parseDouble(f[2]);
            double t = tunedThreshold();                          // saved in the bundle, applied by predict
            if (Math.abs(pos - t) > 1e-4) {
                assertEquals(pos >= t ? "pos" : "neg", f[0], lines[i] + " at the saved threshold " + t);
            }
        }
    }

    @Test
    void evaluateScoresTheSameTestPart() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("evaluate", bundle.toString(), "--data", csv.toString(), "--header",
                "--text-column", "review", "--label-column", "sentiment", "--test-fraction", "0.25", "--dev-fraction", "0.1");
        assertEquals(0, r.code(), r.err());
        Matcher train = Pattern.compile("accuracy ([0-9.]+) on 150 examples").matcher(trained.out());
        Matcher eval = Pattern.compile("accuracy ([0-9.]+) on 150 examples").matcher(r.out());
        assertTrue(train.find() && eval.find(), r.out());
        assertEquals(train.group(1), eval.group(1));
    }

    @Test
    void anEmptyFileToPredictIsAClearError() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        RnnkitCliTest.Result r = RnnkitCliTest.run("predict", bundle.toString(), "--file", empty.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("empty.txt is empty"), r.err());
    }

    @Test
    void nonUtf8BytesAreAClearErrorNamingTheFile() throws IOException {
        Path bad = Files.write(dir.resolve("latin1.txt"), new byte[]{'c', 'a', 'f', (byte) 0xE9, '\n'});
        RnnkitCliTest.Result r = RnnkitCliTest.run("predict", bundle.toString(), "--file", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("latin1.txt") && r.err().contains("UTF-8"), r.err());
        Path badCsv = Files.write(dir.resolve("latin1.csv"), new byte[]{'c', 'a', 'f', (byte) 0xE9, ',', 'p', 'o', 's', '\n'});
        RnnkitCliTest.Result t = RnnkitCliTest.run("train", "sentiment", "--data", badCsv.toString());
        assertEquals(1, t.code());
        assertTrue(t.err().contains("latin1.csv") && t.err().contains("UTF-8"), t.err());
    }

    @Test
    void aLabelOutsideTheDeclaredSetIsAClearErrorNamingTheRow() throws IOException {
        Path three = Files.writeString(dir.resolve("three.csv"), "great,pos\nawful,neg\nfine i guess,neutral\n" +
                "superb,pos\nterrible,neg\n");
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "sentiment", "--data", three.toString(), "--labels", "neg,pos",
                "--test-fraction", "0", "--dev-fraction", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("three.csv:3") && r.err().contains("neutral"), r.err());
    }

    @Test
    void aCsvRowWithAMissingColumnIsAClearErrorNamingFileAndLine() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.csv"), "great film,pos\njust text\n");
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "sentiment", "--data", broken.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("broken.csv:2"), r.err());
    }

    @Test
    void aBundleOfAnotherPresetIsRefusedByPredictAndEvaluate() throws IOException {
        Path text = Files.writeString(dir.resolve("hello.txt"), "hello world\n".repeat(200));
        Path charlm = dir.resolve("charlm.zip");
        RnnkitCliTest.Result t = RnnkitCliTest.run("train", "charlm", "--text", text.toString(), "-o", charlm.toString(),
                "--hidden", "8", "--layers", "1", "--seq-length", "12", "--tbptt", "6", "--epochs", "1", "--sample-length", "5");
        assertEquals(0, t.code(), t.err());
        RnnkitCliTest.Result r = RnnkitCliTest.run("predict", charlm.toString(), "some text");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("charlm") && r.err().contains("textclass"), r.err());
        RnnkitCliTest.Result and = RnnkitCliTest.run("predict", bundle.toString(), "fine", "--and", charlm.toString());
        assertEquals(1, and.code(), and.out());
        assertTrue(and.err().contains(charlm.toString()) && and.err().contains("textclass"), and.err());
        RnnkitCliTest.Result e = RnnkitCliTest.run("evaluate", charlm.toString(), "--and", bundle.toString());
        assertEquals(2, e.code(), e.out());
        assertTrue(e.err().contains("--and averages text classifiers; " + charlm + " is a 'charlm' model"), e.err());
    }

    @Test
    void aProjectionWithoutPretrainingOrBelowZeroIsAUsageError() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "sentiment", "--data", csv.toString(), "--lm-projection",
                "64");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--lm-projection") && r.err().contains("needs --pretrain-lm"), r.err());
        r = RnnkitCliTest.run("train", "sentiment", "--data", csv.toString(), "--pretrain-lm", "--lm-projection", "-3");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--lm-projection must be >= 0") && r.err().contains("-3"), r.err());
    }

    @Test
    void bidirectionalWithALanguageModelIsAUsageError() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "sentiment", "--data", csv.toString(), "--pretrain-lm",
                "--bidirectional");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--bidirectional"), r.err());
    }

    @Test
    void benchWithBothDirectionsTrainsAForwardAndABackwardModelAndScoresTheirMean() throws Exception {
        Path out = dir.resolve("bench-both");
        RnnkitCliTest.Result r = RnnkitCliTest.run("bench", "sentiment", "--data", csv.toString(), "--header",
                "--text-column", "review", "--label-column", "sentiment", "--pretrain-lm", "--both-directions",
                "--no-peers", "--hidden", "16", "--embedding", "16", "--lm-vocab-size", "2000", "--max-length", "100",
                "--lm-projection", "8", "--lr-schedule", "SLANTED_TRIANGULAR", "--epochs", "1", "--batch", "32",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| rnnkit LSTM 1x16, emb 16, concat pooling, from LM |"), r.out());
        assertTrue(r.out().contains("| rnnkit LSTM 1x16, emb 16, concat pooling, reversed, from backward LM |"), r.out());
        assertTrue(r.out().contains("| ensemble: mean of the forward and backward recurrent models |"), r.out());
        assertTrue(r.out().contains("ensemble: mean of the forward and backward recurrent models, threshold"), r.out());
        for (String f : List.of("reviews-lm.zip", "reviews-backward-lm.zip", "reviews-classifier.zip",
                "reviews-backward-classifier.zip")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " in " + out + "\n" + r.err());
        }
        WordLanguageModel lm = WordLanguageModel.load(out.resolve("reviews-backward-lm.zip"));
        assertEquals(8, lm.config().projectionSize());
        assertTrue(lm.config().reversed());
        for (String f : List.of("reviews-classifier.zip", "reviews-backward-classifier.zip")) {
            assertEquals(LearningRateSchedule.SLANTED_TRIANGULAR,
                    TextClassifier.load(out.resolve(f)).config().learningRateSchedule(), f);
        }

        // The pair is used together by predict and evaluate --and: the mean of the two bundles' probabilities.
        Path fwd = out.resolve("reviews-classifier.zip");
        Path bwd = out.resolve("reviews-backward-classifier.zip");
        String text = "A wonderful, moving film.";
        double[] pf = positive(RnnkitCliTest.run("predict", fwd.toString(), text));
        double[] pb = positive(RnnkitCliTest.run("predict", bwd.toString(), text));
        double[] both = positive(RnnkitCliTest.run("predict", fwd.toString(), text, "--and", bwd.toString()));
        assertEquals((pf[0] + pb[0]) / 2, both[0], 1e-4);
        RnnkitCliTest.Result e = RnnkitCliTest.run("evaluate", fwd.toString(), "--and", bwd.toString(), "--data",
                csv.toString(), "--header", "--text-column", "review", "--label-column", "sentiment");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("accuracy"), e.out());
    }

    /** p(pos) of predict's single line. */
    private static double[] positive(RnnkitCliTest.Result r) {
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        return new double[]{Double.parseDouble(lines[1].split("\t")[2])};
    }

    @Test
    void bothDirectionsWithoutALanguageModelIsAUsageError() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("bench", "sentiment", "--data", csv.toString(), "--both-directions");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--both-directions needs --pretrain-lm"), r.err());
    }

    @Test
    void aForwardLanguageModelForABackwardClassifierIsAUsageErrorNamingBoth() throws IOException {
        Path lmFile = dir.resolve("forward-lm.zip");
        List<String> texts = List.of("a good film", "a bad film");
        WordLanguageModel.create(WordLmConfig.defaults().withSpec(new RecurrentSpec(RecurrentCell.LSTM, 8, 1,
                        BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT)).withEmbeddingSize(8).withVocabulary(1, 100),
                texts, TrainingConfig.defaults()).save(lmFile);
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "sentiment", "--data", csv.toString(), "--header",
                "--text-column", "review", "--label-column", "sentiment", "--from-lm", lmFile.toString(), "--reverse",
                "--hidden", "8", "--embedding", "8", "-o", dir.resolve("never.zip").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--from-lm " + lmFile + " reads forward but the classifier reads backward"), r.err());
        assertFalse(Files.exists(dir.resolve("never.zip")));
    }
}
