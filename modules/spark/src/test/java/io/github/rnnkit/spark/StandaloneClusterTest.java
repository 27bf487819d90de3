package io.github.rnnkit.spark;

import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmData;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Spark standalone cluster on 127.0.0.1 ({@link LocalCluster}: a master and two one-core workers, each
 * launching its own executor JVM); the test JVM is the driver. A char LM trains on it: both workers must run
 * tasks, the validation loss must fall and the bundle must load, with parameter averaging and with gradient
 * sharing. The cluster is shut down even on failure. Tagged {@code cluster} (~2 min): .ci/run runs it after
 * the default tests; by hand: {@code mvn -B -pl modules/spark test -Dtest=StandaloneClusterTest -Dsurefire.excludedGroups=}
 */
@Tag("cluster")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    private static Path dir;
    private static LocalCluster cluster;
    private static CharLmData data;
    private static int passed;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("rnnkit-cluster-");
        data = SparkTrainingTest.excerpt(dir);
        cluster = new LocalCluster(dir, 2);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (passed == 2) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        } else {
            System.err.println("cluster logs kept in " + dir);
        }
    }

    @Test
    void aCharLmTrainsOnTwoWorkerJvms() throws Exception {
        trainOnTheCluster(SparkSettings.Approach.PARAMETER_AVERAGING, 8, "parameter averaging");
    }

    @Test
    void gradientSharingTrainsOnTwoWorkerJvms() throws Exception {
        trainOnTheCluster(SparkSettings.Approach.GRADIENT_SHARING, 40, "gradient sharing");
    }

    private void trainOnTheCluster(SparkSettings.Approach approach, int batchesPerEpoch, String described)
            throws Exception {
        Set<String> executors = ConcurrentHashMap.newKeySet();
        Map<String, Integer> tasks = new ConcurrentHashMap<>();
        CharLanguageModel model = CharLanguageModel.create(SparkTrainingTest.config()
                .withBatchesPerEpoch(batchesPerEpoch), data, SparkTrainingTest.training(3));
        double before = model.bitsPerCharacter(data.validation().prefix(3000));
        Path bundle = dir.resolve("cluster-" + approach + ".zip");
        String url = cluster.masterUrl();
        try (SparkEngine spark = SparkEngine.start(SparkSettings.of(url).withWorkers(2).withApproach(approach)
                .withWorkDir(dir.resolve("driver-" + approach)), cluster.driverConf())) {
            spark.sparkContext().sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    executors.add(end.taskInfo().host() + "/" + end.taskInfo().executorId());
                    tasks.merge(end.taskInfo().executorId(), 1, Integer::sum);
                }
            });
            TrainingResult result = model.fit(data, SparkTrainingTest.training(3)
                    .withEngine(spark.clipOnWorkers(5.0)), List.of(), null);
            assertEquals(3L * batchesPerEpoch, result.state().iteration());
            model.save(bundle);
            spark.stamp(bundle);
        }
        double after = model.bitsPerCharacter(data.validation().prefix(3000));
        assertEquals(2, executors.size(), "tasks ran on " + executors + " " + tasks);
        assertTrue(after < before - 0.5, "validation bits per character " + before + " -> " + after);
        CharLanguageModel loaded = CharLanguageModel.load(bundle);
        assertEquals(model.network().params(), loaded.network().params());
        String trainedOn = loaded.provenance().trainedOn();
        assertTrue(trainedOn.contains(url) && trainedOn.contains(described), trainedOn);
        passed++;
    }
}
