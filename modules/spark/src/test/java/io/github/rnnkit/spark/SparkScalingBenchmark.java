package io.github.rnnkit.spark;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.BatchReport;
import io.github.rnnkit.core.train.EpochReport;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmConfig;
import io.github.rnnkit.presets.charlm.CharLmData;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Examples per second of the same char-LM training in one JVM, on Spark local[2] and on a two-worker standalone
 * cluster, at averaging frequencies 1 and 4; the second epoch is timed (the first warms up JIT and Spark).
 * Writes target/spark-scaling.md. Run:
 * {@code mvn -B -pl modules/spark test -Dtest=SparkScalingBenchmark -Dsurefire.excludedGroups= -Dgroups=slow}
 */
@Tag("slow")
class SparkScalingBenchmark {
    static final int BATCH = 32;
    static final int BATCHES = 48;

    @TempDir
    Path dir;

    static CharLmConfig config() {
        return CharLmConfig.defaults().withSpec(RecurrentSpec.of(RecurrentCell.LSTM, 128)).withSequenceLength(100)
                .withFractions(0.1, 0.1).withMaxValidationChars(3000).withBatchesPerEpoch(BATCHES);
    }

    static TrainingConfig training() {
        return TrainingConfig.defaults().withEpochs(2).withBatchSize(BATCH).withLearningRate(0.005)
                .withTbpttLength(50).withClipGlobalNorm(5.0).withSeed(7);
    }

    /** Times the second epoch's batches; keeps the final validation bits per character. */
    static final class Timer implements TrainerListener {
        long start;
        long end;
        double valBpc;

        @Override
        public void onEpoch(EpochReport r) {
            if (r.epoch() == 0) {
                start = System.nanoTime();
            }
            valBpc = r.validation();
        }

        @Override
        public void onBatch(BatchReport r) {
            if (r.epoch() == 1 && r.batchInEpoch() == r.batchesPerEpoch()) {
                end = System.nanoTime();
            }
        }

        double examplesPerSecond() {
            return BATCHES * BATCH / ((end - start) / 1e9);
        }
    }

    record Row(String mode, int workers, int averaging, double examplesPerSecond, double valBpc) {
    }

    Row run(CharLmData data, String mode, SparkSettings settings, SparkConf conf) {
        CharLanguageModel model;
        Timer timer = new Timer();
        try {
            model = CharLanguageModel.create(config(), data, training());
            if (settings == null) {
                model.fit(data, training(), List.of(timer), null);
                return new Row(mode, 1, 0, timer.examplesPerSecond(), timer.valBpc);
            }
            try (SparkEngine spark = SparkEngine.start(settings, conf)) {
                model.fit(data, training().withEngine(spark.clipOnWorkers(5.0)), List.of(timer), null);
                return new Row(mode, spark.workers(), settings.averagingFrequency(), timer.examplesPerSecond(),
                        timer.valBpc);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void scaling() throws Exception {
        CharLmData data = SparkTrainingTest.excerpt(dir);
        List<Row> rows = new ArrayList<>();
        rows.add(run(data, "one JVM (no Spark)", null, null));
        for (int k : new int[]{1, 4}) {
            rows.add(run(data, "Spark local[2]", SparkSettings.of("local[2]").withWorkers(2).withAveragingFrequency(k),
                    new SparkConf()));
        }
        try (LocalCluster cluster = new LocalCluster(Files.createDirectories(dir.resolve("cluster")), 2)) {
            for (int k : new int[]{1, 4}) {
                rows.add(run(data, "standalone cluster, 2 worker JVMs",
                        SparkSettings.of(cluster.masterUrl()).withWorkers(2).withAveragingFrequency(k),
                        cluster.driverConf()));
            }
        }
        long params = CharLanguageModel.create(config(), data, training()).network().numParams();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "char LM, 1 x 128 LSTM, %,d parameters, batches of %d x 100 characters, "
                + "truncated BPTT 50, Adam; epoch 2 of 2 timed (%d batches)%n%n", params, BATCH, BATCHES));
        sb.append("| where | workers | averaging every | examples/s | vs one JVM | val bits/char after 2 epochs |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.2fx | %.3f |%n", r.mode(), r.workers(),
                    r.averaging() == 0 ? "-" : r.averaging() + " minibatch(es)", r.examplesPerSecond(),
                    r.examplesPerSecond() / rows.get(0).examplesPerSecond(), r.valBpc()));
        }
        System.out.println(sb);
        Files.writeString(Path.of("target", "spark-scaling.md"), sb);
    }
}
