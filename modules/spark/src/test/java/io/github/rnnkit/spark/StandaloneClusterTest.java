package io.github.rnnkit.spark;

import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and two workers (one core each) as JVMs of their own,
 * started from the Spark jars Maven resolved (no download), each worker launching its own executor JVM. The
 * test JVM is the driver. A char LM trains on it; both workers must run tasks, the validation loss must fall
 * and the bundle must load. The cluster is shut down even when the test fails.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    private static final List<Process> cluster = new ArrayList<>();
    private static Path dir;
    private static boolean passed;
    private static int masterPort;
    private static int masterUiPort;
    private static io.github.rnnkit.presets.charlm.CharLmData data;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("rnnkit-cluster-");
        data = SparkTrainingTest.excerpt(dir);
        masterPort = freePort();
        masterUiPort = freePort();
        cluster.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort))));
        waitFor(() -> accepts(masterPort), "the master to listen on port " + masterPort);
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + w));
            cluster.add(start("worker-" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "3g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                    work.toString(), "spark://127.0.0.1:" + masterPort)));
        }
        waitFor(() -> aliveWorkers() == 2, "both workers to register with the master");
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (int i = cluster.size() - 1; i >= 0; i--) {
            Process p = cluster.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (passed) {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                System.err.println("could not remove " + dir + ": " + e);
            }
        } else {
            System.err.println("cluster logs kept in " + dir);
        }
    }

    @Test
    void aCharLmTrainsOnTwoWorkerJvms() throws Exception {
        String classPath = System.getProperty("java.class.path");
        SparkConf conf = new SparkConf()
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.memory", "1g").set("spark.executor.cores", "1")
                .set("spark.executor.extraClassPath", classPath)
                .set("spark.executor.extraJavaOptions", String.join(" ", jvmFlags()))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
        Set<String> executors = ConcurrentHashMap.newKeySet();
        Map<String, Integer> tasks = new ConcurrentHashMap<>();
        CharLanguageModel model = CharLanguageModel.create(SparkTrainingTest.config(), data,
                SparkTrainingTest.training(3));
        double before = model.bitsPerCharacter(data.validation().prefix(3000));
        Path bundle = dir.resolve("cluster-charlm.zip");
        String url = "spark://127.0.0.1:" + masterPort;
        try (SparkEngine spark = SparkEngine.start(SparkSettings.of(url).withWorkers(2)
                .withWorkDir(dir.resolve("driver")), conf)) {
            spark.sparkContext().sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    executors.add(end.taskInfo().host() + "/" + end.taskInfo().executorId());
                    tasks.merge(end.taskInfo().executorId(), 1, Integer::sum);
                }
            });
            TrainingResult result = model.fit(data, SparkTrainingTest.training(3)
                    .withEngine(spark.clipOnWorkers(5.0)), List.of(), null);
            assertEquals(24, result.state().iteration());
            model.save(bundle);
            spark.stamp(bundle);
        }
        double after = model.bitsPerCharacter(data.validation().prefix(3000));
        assertEquals(2, executors.size(), "tasks ran on " + executors + " " + tasks);
        assertTrue(after < before - 0.5, "validation bits per character " + before + " -> " + after);
        CharLanguageModel loaded = CharLanguageModel.load(bundle);
        assertEquals(model.network().params(), loaded.network().params());
        assertTrue(loaded.provenance().trainedOn().contains(url), loaded.provenance().trainedOn());
        passed = true;
    }

    private static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String opens : SparkEngine.REQUIRED_OPENS) {
            flags.add("--add-opens=" + opens + "=ALL-UNNAMED");
        }
        flags.addAll(List.of("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-Dorg.bytedeco.javacpp.maxbytes=2G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G"));
        return flags;
    }

    private static Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.addAll(jvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home);
        // no Spark distribution: the worker builds executors' class path from spark.executor.extraClassPath only
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static int aliveWorkers() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(r.body());
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            for (Process p : cluster) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster JVM exited (" + p.exitValue() + ") while waiting for "
                            + what + "; logs in " + dir);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + "; logs in " + dir);
            }
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
