package io.github.rnnkit.spark;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.classify.SpamAssassin;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.text.CodePointReader;
import io.github.rnnkit.data.text.TextCorpus;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmConfig;
import io.github.rnnkit.presets.charlm.CharLmData;
import io.github.rnnkit.presets.sentiment.ClassificationReport;
import io.github.rnnkit.presets.sentiment.TextClassifier;
import io.github.rnnkit.presets.sentiment.TextClassifierConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A character LM on the start of the Brown corpus, trained in this JVM and on Spark in local mode (this JVM is
 * the driver and its executor threads are the workers; the standalone-cluster test runs separate JVMs).
 * Each test gets 5 minutes (they take seconds) in a thread of its own, so that a Spark job or an Aeron channel that
 * never returns fails the test with the stuck thread's stack instead of holding the build until CI gives up.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SparkTrainingTest {
    @TempDir
    static Path dir;
    static CharLmData data;

    @BeforeAll
    static void brownExcerpt() throws IOException {
        data = excerpt(dir);
    }

    /** The first 40,000 characters of Brown's raw text, split 80/10/10. */
    static CharLmData excerpt(Path dir) throws IOException {
        DatasetStore store = DatasetStore.defaultStore();
        Path raw = BrownCorpus.fetch(store).rawText(store);
        StringBuilder sb = new StringBuilder();
        try (CodePointReader r = CodePointReader.open(raw)) {
            for (int i = 0; i < 40_000; i++) {
                sb.appendCodePoint(r.next());
            }
        }
        Path text = Files.writeString(dir.resolve("brown-40k.txt"), sb, StandardCharsets.UTF_8);
        return CharLmData.split(TextCorpus.scan(text), config());
    }

    static CharLmConfig config() {
        return CharLmConfig.defaults().withSpec(RecurrentSpec.of(RecurrentCell.LSTM, 32)).withSequenceLength(40)
                .withFractions(0.1, 0.1).withMaxValidationChars(3000).withBatchesPerEpoch(8);
    }

    static TrainingConfig training(int epochs) {
        return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(8).withLearningRate(0.01)
                .withTbpttLength(20).withClipGlobalNorm(5.0).withSeed(3);
    }

    @Test
    void oneWorkerAveragingAfterEveryMinibatchIsTheLocalRun() throws IOException {
        CharLanguageModel local = CharLanguageModel.create(config(), data, training(2));
        INDArray initial = local.network().params().dup();
        local.fit(data, training(2), List.of(), null);

        CharLanguageModel onSpark = CharLanguageModel.create(config(), data, training(2));
        assertEquals(initial, onSpark.network().params(), "same seed, same initial parameters");
        try (SparkEngine spark = SparkEngine.start(SparkSettings.of("local[1]").withWorkers(1)
                .withWorkDir(dir.resolve("spark-1")))) {
            spark.clipOnWorkers(5.0);
            TrainingResult result = onSpark.fit(data, training(2).withEngine(spark), List.of(), null);
            assertEquals(16, result.state().iteration(), "2 epochs of 8 batches");
            assertEquals(16, spark.rounds(), "one worker, averaging after every minibatch: a round per batch");
        }
        INDArray a = local.network().params();
        INDArray b = onSpark.network().params();
        double moved = a.sub(initial).norm2Number().doubleValue();
        double diff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(moved > 0.1, "training moved the parameters by " + moved);
        assertTrue(diff < 1e-5, "local and Spark parameters differ by up to " + diff);
        assertTrue(Files.notExists(dir.resolve("spark-1").resolve("export")), "scratch files removed");
    }

    @Test
    void twoWorkersLearnAndTheBundleSaysWhereItWasTrained() throws IOException {
        CharLanguageModel model = CharLanguageModel.create(config(), data, training(3));
        double before = model.bitsPerCharacter(data.validation().prefix(3000));
        Path bundle = dir.resolve("spark-charlm.zip");
        try (SparkEngine spark = SparkEngine.start(SparkSettings.of("local[2]").withWorkers(2))) {
            assertEquals(2, spark.batchesPerRound());
            model.fit(data, training(3).withEngine(spark.clipOnWorkers(5.0)), List.of(), null);
            assertEquals(12, spark.rounds(), "3 epochs of 8 batches, 2 per round");
            model.save(bundle);
            spark.stamp(bundle);
        }
        double after = model.bitsPerCharacter(data.validation().prefix(3000));
        assertTrue(after < before - 0.5, "validation bits per character " + before + " -> " + after);
        CharLanguageModel loaded = CharLanguageModel.load(bundle);
        assertEquals(model.network().params(), loaded.network().params());
        String trainedOn = ModelBundle.load(bundle).provenance().trainedOn();
        assertTrue(trainedOn.contains("local[2]") && trainedOn.contains("2 workers")
                && trainedOn.contains("parameter averaging"), trainedOn);
    }

    @Test
    void gradientSharingTrainsToo() throws IOException {
        // threshold encoding holds back small updates in a residual: give it more steps than the averaging tests
        CharLmConfig config = config().withBatchesPerEpoch(40);
        CharLanguageModel model = CharLanguageModel.create(config, data, training(3));
        double before = model.bitsPerCharacter(data.validation().prefix(3000));
        try (SparkEngine spark = SparkEngine.start(SparkSettings.of("local[2]").withWorkers(2)
                .withApproach(SparkSettings.Approach.GRADIENT_SHARING))) {
            assertEquals(Integer.MAX_VALUE, spark.batchesPerRound(), "a whole epoch per Spark job");
            TrainingResult result = model.fit(data, training(3).withEngine(spark.clipOnWorkers(5.0)), List.of(), null);
            assertEquals(3, spark.rounds());
            assertEquals(120, result.state().iteration());
            assertTrue(spark.describe().contains("gradient sharing (2 workers"), spark.describe());
        }
        double after = model.bitsPerCharacter(data.validation().prefix(3000));
        assertTrue(after < before - 0.5, "validation bits per character " + before + " -> " + after);
    }

    @Test
    void aComputationGraphPresetTrainsOnSparkToo() throws IOException {
        List<LabelledText> mails = new ArrayList<>(SpamAssassin.read(SpamAssassin.Options.defaults()
                .withStripHeaders(true)));
        Collections.shuffle(mails, new Random(5));
        List<LabelledText> train = mails.subList(0, 600);
        List<LabelledText> test = mails.subList(600, 900);
        TextClassifierConfig config = TextClassifierConfig.defaults()
                .withSpec(new RecurrentSpec(RecurrentCell.GRU, 32, 1, BidirectionalMode.NONE, 0.0, RecurrentImpl.RNNKIT))
                .withEmbeddingSize(32).withMaxLength(150).withVocabulary(2, 5000);
        TrainingConfig training = TrainingConfig.defaults().withEpochs(3).withBatchSize(32).withLearningRate(3e-3)
                .withSeed(7);
        TextClassifier classifier = TextClassifier.create(config, train, null, training);
        try (SparkEngine spark = SparkEngine.start(SparkSettings.of("local[2]").withWorkers(2))) {
            classifier.fit(train, List.of(), training.withEngine(spark.clipOnWorkers(5.0)), List.of(), null);
            assertTrue(spark.rounds() >= 27, "3 epochs of 19 batches in rounds of 2: " + spark.rounds());
        }
        ClassificationReport report = classifier.evaluate(test, 0.5);
        assertTrue(report.accuracy() >= report.majorityBaseline() + 0.08, report.toTable());
    }

    @Test
    void anUnreachableMasterFailsWithinBoundedTimeNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "spark://127.0.0.1:" + port;
        long start = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkEngine.start(SparkSettings.of(url)));
        assertTrue(e.getMessage().contains("cannot reach the Spark master " + url), e.getMessage());
        assertTrue(System.nanoTime() - start < 15e9, "bounded");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> SparkEngine.start(SparkSettings.of("spark://nohostport")));
        assertTrue(malformed.getMessage().contains("spark://HOST:PORT"), malformed.getMessage());
    }

    @Test
    void aJvmWithoutTheAddOpensFlagsIsToldWhichToAdd() throws Exception {
        Path log = dir.resolve("flags.log");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), FlagProbe.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the probe JVM did not exit within 2 minutes: " + Files.readString(log));
        }
        assertEquals(3, p.exitValue(), Files.readString(log));
        String out = Files.readString(log);
        assertTrue(out.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), out);
        SparkEngine.checkJvmFlags();    // this JVM has them (Surefire's argLine)
    }

    /** Run in a JVM without the flags: prints the engine's refusal. */
    public static final class FlagProbe {
        public static void main(String[] args) {
            try {
                SparkEngine.start(SparkSettings.of("local[1]"));
                System.exit(0);
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}
