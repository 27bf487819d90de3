package io.github.rnnkit.spark;

import org.apache.spark.SparkConf;

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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and {@code workers} workers of one core each, as JVMs of their
 * own started from the Spark jars on this JVM's class path (no Spark distribution). Each worker launches its
 * executor JVM with this class path ({@code spark.executor.extraClassPath}). {@link #close} stops them all,
 * executors included, within bounded time.
 */
final class LocalCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final int masterPort;
    private final int masterUiPort;

    LocalCluster(Path dir, int workers) throws Exception {
        this.dir = dir;
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        try {
            processes.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort))));
            waitFor(() -> accepts(masterPort), "the master to listen on port " + masterPort);
            for (int w = 1; w <= workers; w++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + w));
                processes.add(start("worker-" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host",
                        "127.0.0.1", "--cores", "1", "--memory", "3g", "--webui-port", String.valueOf(freePort()),
                        "--work-dir", work.toString(), masterUrl())));
            }
            waitFor(() -> aliveWorkers() == workers, workers + " workers to register with the master");
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Settings for a driver in this JVM: executors of one core and 1 GB, on this class path, with rnnkit's flags. */
    SparkConf driverConf() {
        return new SparkConf()
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.memory", "1g").set("spark.executor.cores", "1")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", String.join(" ", jvmFlags()))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
    }

    static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs",
                "sun.security.action", "sun.util.calendar")) {
            flags.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        flags.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2G",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G"));
        return flags;
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.addAll(jvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        // no Spark distribution: with SPARK_TESTING the worker builds executors' class path from
        // spark.executor.extraClassPath alone instead of requiring SPARK_HOME/jars
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private int aliveWorkers() {
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

    private void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            for (Process p : processes) {
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops workers (and their executors) and then the master; forcibly after 15 s. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        processes.clear();
    }
}
