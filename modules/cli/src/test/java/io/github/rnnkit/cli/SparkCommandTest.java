package io.github.rnnkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.rnnkit.cli.RnnkitCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnkit train charlm|forecaster --spark local[2]} in-process, as the launcher runs it, and its usage errors
 * (the echo state network's among them: it cannot train on Spark).
 */
class SparkCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnSparkAndTheBundleSaysSo() throws IOException {
        Path text = Files.writeString(dir.resolve("hello.txt"), "hello world\n".repeat(400), StandardCharsets.UTF_8);
        Path bundle = dir.resolve("hello.zip");
        RnnkitCliTest.Result r = run("train", "charlm", "--text", text.toString(), "-o", bundle.toString(),
                "--hidden", "24", "--layers", "1", "--seq-length", "24", "--tbptt", "12", "--batch", "16",
                "--epochs", "4", "--lr", "0.02", "--sample-length", "12", "--spark", "local[2]",
                "--spark-workers", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on Spark 3.5.1 local[2], parameter averaging (2 workers"), r.out());
        RnnkitCliTest.Result info = run("info", bundle.toString());
        assertTrue(info.out().contains("trained in:  Spark 3.5.1 local[2]"), info.out());
        assertFalse(Files.exists(dir.resolve("hello.zip.spark")), "Spark's scratch folder is removed");
    }

    @Test
    void sparkKnobsWithoutSparkAndAnUnreachableMasterAreClearErrors() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "hello world\n".repeat(50), StandardCharsets.UTF_8);
        RnnkitCliTest.Result r = run("train", "charlm", "--text", text.toString(), "-o", dir.resolve("a.zip").toString(),
                "--spark-workers", "2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--spark-workers needs --spark MASTER_URL"), r.err());
        RnnkitCliTest.Result sharing = run("train", "charlm", "--text", text.toString(), "-o",
                dir.resolve("s.zip").toString(), "--gradient-sharing");
        assertEquals(2, sharing.code(), sharing.err());
        assertTrue(sharing.err().contains("--gradient-sharing needs --spark MASTER_URL"), sharing.err());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RnnkitCliTest.Result down = run("train", "charlm", "--text", text.toString(), "-o",
                dir.resolve("b.zip").toString(), "--spark", "spark://127.0.0.1:" + port);
        assertTrue(down.code() != 0);
        assertTrue(down.err().contains("cannot reach the Spark master spark://127.0.0.1:" + port), down.err());
        RnnkitCliTest.Result freq = run("train", "charlm", "--text", text.toString(), "-o",
                dir.resolve("c.zip").toString(), "--spark", "local[1]", "--averaging-frequency", "0");
        assertEquals(2, freq.code(), freq.err());
        assertTrue(freq.err().contains("--averaging-frequency must be >= 1, got 0"), freq.err());
    }

    @Test
    void aRecurrentForecasterTrainsOnSparkAndTheEchoStateNetworkSaysItCannot() throws IOException {
        StringBuilder csv = new StringBuilder("t,v\n");
        for (int t = 0; t < 400; t++) {
            csv.append(t).append(',').append(Math.sin(2 * Math.PI * t / 24)).append('\n');
        }
        Path series = Files.writeString(dir.resolve("sine.csv"), csv, StandardCharsets.UTF_8);
        RnnkitCliTest.Result esn = run("train", "forecaster", "--data", series.toString(), "--column", "v",
                "--cell", "esn", "--spark", "local[2]", "-o", dir.resolve("esn.zip").toString());
        assertEquals(2, esn.code(), esn.err());
        assertTrue(esn.err().contains("--spark: the echo state network (--cell ESN) cannot train on Spark"), esn.err());
        assertFalse(Files.exists(dir.resolve("esn.zip")));

        Path bundle = dir.resolve("gru.zip");
        RnnkitCliTest.Result gru = run("train", "forecaster", "--data", series.toString(), "--column", "v",
                "--cell", "gru", "--hidden", "8", "--lookback", "24", "--horizon", "3", "--epochs", "3",
                "--spark", "local[2]", "--spark-workers", "2", "--averaging-frequency", "2", "-o", bundle.toString());
        assertEquals(0, gru.code(), gru.err());
        assertTrue(gru.out().contains("on Spark 3.5.1 local[2], parameter averaging (2 workers, averaging every 2"),
                gru.out());
        RnnkitCliTest.Result info = run("info", bundle.toString());
        assertTrue(info.out().contains("trained in:  Spark 3.5.1 local[2]"), info.out());
        assertFalse(Files.exists(dir.resolve("gru.zip.spark")), "Spark's scratch folder is removed");
    }
}
