package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.presets.sentiment.ClassificationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceClassifierTest {
    /** Noisy sine, square and sawtooth waves of random period, phase and length 20..60 (a unit-sized task). */
    static List<SequenceClassifier.Example> waves(int n, long seed) {
        Random r = new Random(seed);
        String[] shapes = {"sine", "square", "saw"};
        List<SequenceClassifier.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String shape = shapes[i % 3];
            int length = 20 + r.nextInt(41);
            double period = 8 + 8 * r.nextDouble();
            double phase = r.nextDouble();
            double[][] v = new double[length][1];
            for (int t = 0; t < length; t++) {
                double u = (t / period + phase) % 1.0;
                double y = switch (shape) {
                    case "sine" -> Math.sin(2 * Math.PI * u);
                    case "square" -> u < 0.5 ? 1 : -1;
                    default -> 2 * u - 1;
                };
                v[t][0] = y + 0.2 * r.nextGaussian();
            }
            out.add(new SequenceClassifier.Example(v, shape, "wave " + i));
        }
        return out;
    }

    @Test
    void learnsWaveShapesOfMixedLengthsAndSavesAndLoads(@TempDir Path dir) throws Exception {
        List<SequenceClassifier.Example> train = waves(300, 1);
        List<SequenceClassifier.Example> test = waves(90, 2);
        TrainingConfig training = TrainingConfig.defaults().withEpochs(8).withBatchSize(16).withLearningRate(1e-2).withSeed(3);
        SequenceClassifier c = SequenceClassifier.create(RecurrentSpec.of(RecurrentCell.GRU, 16), train, 100, training,
                "waves", "none");
        c.fit(train, List.of(), training, List.of(), null);
        ClassificationReport r = c.evaluate(test);
        assertTrue(r.accuracy() > 0.8, r.toTable());       // chance is 1/3
        Path file = dir.resolve("c.zip");
        c.save(file);
        SequenceClassifier loaded = SequenceClassifier.load(file);
        List<double[][]> some = test.subList(0, 5).stream().map(SequenceClassifier.Example::values).toList();
        double[][] a = c.probabilities(some);
        double[][] b = loaded.probabilities(some);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
    }

    @Test
    void learnsFromSequenceFilesInDl4jsLayout(@TempDir Path dir) throws Exception {
        List<SequenceClassifier.Example> waves = waves(240, 5);
        java.nio.file.Files.createDirectories(dir.resolve("features"));
        java.nio.file.Files.createDirectories(dir.resolve("labels"));
        for (int i = 0; i < waves.size(); i++) {
            StringBuilder b = new StringBuilder();
            for (double[] step : waves.get(i).values()) {
                b.append(step[0]).append('\n');
            }
            java.nio.file.Files.writeString(dir.resolve("features/" + i + ".csv"), b);
            java.nio.file.Files.writeString(dir.resolve("labels/" + i + ".csv"), waves.get(i).label() + "\n");
        }
        List<SequenceClassifier.Example> train = SequenceClassifier.examples(
                io.github.rnnkit.data.series.SequenceFiles.read(dir, 0, 179, 0));
        List<SequenceClassifier.Example> test = SequenceClassifier.examples(
                io.github.rnnkit.data.series.SequenceFiles.read(dir, 180, 239, 0));
        TrainingConfig training = TrainingConfig.defaults().withEpochs(10).withBatchSize(16).withLearningRate(1e-2)
                .withSeed(3);
        SequenceClassifier c = SequenceClassifier.create(RecurrentSpec.of(RecurrentCell.GRU, 16), train, 100, training,
                "waves", "none");
        c.fit(train, List.of(), training, List.of(), null);
        ClassificationReport r = c.evaluate(test);
        assertTrue(r.accuracy() > 0.7, r.toTable());       // chance is 1/3
        assertTrue(test.get(0).origin().endsWith("180.csv"), test.get(0).origin());
    }

    @Test
    void raggedStepsUnknownLabelsAndWrongWidthsAreNamed() {
        TrainingConfig training = TrainingConfig.defaults();
        List<SequenceClassifier.Example> ragged = List.of(
                new SequenceClassifier.Example(new double[][]{{1, 2}, {3}}, "a", "features/4.csv"),
                new SequenceClassifier.Example(new double[][]{{1, 2}}, "b", "features/5.csv"));
        var e = assertThrows(IllegalArgumentException.class, () -> SequenceClassifier.create(
                RecurrentSpec.of(RecurrentCell.LSTM, 4), ragged, 10, training, "x", "y"));
        assertTrue(e.getMessage().contains("features/4.csv") && e.getMessage().contains("step 1"), e.getMessage());
        SequenceClassifier c = SequenceClassifier.create(RecurrentSpec.of(RecurrentCell.LSTM, 4), waves(6, 1), 10,
                training, "x", "y");
        var unknown = assertThrows(IllegalArgumentException.class, () -> c.evaluate(List.of(
                new SequenceClassifier.Example(new double[][]{{0.5}}, "triangle", "t.csv"))));
        assertTrue(unknown.getMessage().contains("triangle") && unknown.getMessage().contains("t.csv"), unknown.getMessage());
        var width = assertThrows(IllegalArgumentException.class, () -> c.probabilities(List.<double[][]>of(new double[][]{{1, 2}})));
        assertTrue(width.getMessage().contains("2 features"), width.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SequenceClassifier.Example(new double[0][], "a", "e.csv"));
    }
}
