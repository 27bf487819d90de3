package io.github.rnnkit.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnkit train sequence-classifier / evaluate} in process on sequence files in DL4J's layout: noisy sine,
 * square and sawtooth waves of mixed lengths (a synthetic task by definition), and the errors bad files get.
 */
class SequenceClassifierCliTest {
    @TempDir
    static Path dir;
    static Path waves;

    @BeforeAll
    static void writeWaves() throws IOException {
        waves = dir.resolve("waves");
        Files.createDirectories(waves.resolve("features"));
        Files.createDirectories(waves.resolve("labels"));
        Random r = new Random(7);
        String[] shapes = {"sine", "square", "saw"};
        for (int i = 0; i < 240; i++) {
            String shape = shapes[i % 3];
            int length = 20 + r.nextInt(41);
            double period = 8 + 8 * r.nextDouble();
            double phase = r.nextDouble();
            StringBuilder b = new StringBuilder("value\n");
            for (int t = 0; t < length; t++) {
                double u = (t / period + phase) % 1.0;
                double y = switch (shape) {
                    case "sine" -> Math.sin(2 * Math.PI * u);
                    case "square" -> u < 0.5 ? 1 : -1;
                    default -> 2 * u - 1;
                };
                b.append(y + 0.2 * r.nextGaussian()).append('\n');
            }
            Files.writeString(waves.resolve("features/" + i + ".csv"), b);
            Files.writeString(waves.resolve("labels/" + i + ".csv"), shape + "\n");
        }
    }

    private static double accuracy(String out) {
        Matcher m = Pattern.compile("accuracy (\\S+) \\(majority class (\\S+)\\)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) > Double.parseDouble(m.group(2)) + 0.3, out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainsBeatsTheMajorityClassAndEvaluateReproducesTheTestScore() {
        Path bundle = dir.resolve("waves.zip");
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "sequence-classifier", "--data", waves.toString(),
                "--skip-lines", "1", "--cell", "GRU", "--hidden", "16", "--epochs", "10", "--lr", "0.01",
                "-o", bundle.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("240 sequences"), r.out());
        double trained = accuracy(r.out());
        RnnkitCliTest.Result e = RnnkitCliTest.run("evaluate", bundle.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(trained, accuracy(e.out()), 0.0);
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad.resolve("features"));
        Files.createDirectories(bad.resolve("labels"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(bad.resolve("features/" + i + ".csv"), "1,2\n3,4\n");
            Files.writeString(bad.resolve("labels/" + i + ".csv"), "a\n");
        }
        Files.writeString(bad.resolve("features/1.csv"), "1,2\n3,oops\n");
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "sequence-classifier", "--data", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("1.csv:2: column 2 holds 'oops'"), r.err());

        RnnkitCliTest.Result missing = RnnkitCliTest.run("train", "sequence-classifier", "--data", dir.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("must hold the folders features/ and labels/"), missing.err());
    }
}
