package io.github.rnnkit.cli;

import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.data.series.SequenceFiles;
import io.github.rnnkit.presets.timeseries.SequenceClassifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where a sequence classifier's data lives (DL4J's {@code features/N.csv} + {@code labels/N.csv}) and how it is split,
 * saved in the bundle ({@value #ARTIFACT}) so that {@code rnnkit evaluate} scores the same test sequences.
 *
 * @param dir          the folder holding {@code features/} and {@code labels/}
 * @param first        the first sequence number
 * @param last         the last sequence number (inclusive)
 * @param skipLines    header lines in each features file
 * @param valFraction  the validation part of the seeded shuffle
 * @param testFraction the test part of the seeded shuffle
 * @param splitSeed    the shuffle's seed
 */
record SequenceSource(String dir, int first, int last, int skipLines, double valFraction, double testFraction,
                      long splitSeed) {
    static final String ARTIFACT = "sequences.json";

    SequenceSource {
        if (!(valFraction >= 0 && testFraction > 0 && valFraction + testFraction < 0.9)) {
            throw new RnnkitCli.UsageException("--val-fraction (" + valFraction + ") must be >= 0 and --test-fraction ("
                    + testFraction + ") > 0, together below 0.9");
        }
    }

    /** The number of the last sequence: consecutive {@code features/N.csv} files from {@code first}. */
    static int lastNumbered(Path dir, int first) {
        Path features = dir.resolve("features");
        if (!Files.isDirectory(features) || !Files.isDirectory(dir.resolve("labels"))) {
            throw new IllegalArgumentException(dir + " must hold the folders features/ and labels/ (DL4J's layout: "
                    + "features/0.csv, labels/0.csv, ...)");
        }
        int n = first;
        while (Files.isRegularFile(features.resolve(n + ".csv"))) {
            n++;
        }
        if (n == first) {
            throw new IllegalArgumentException("no " + features.resolve(first + ".csv") + ": the sequences are numbered "
                    + "from " + first);
        }
        return n - 1;
    }

    /** The train, validation and test parts of a seeded shuffle of the sequences. */
    record Parts(List<SequenceClassifier.Example> train, List<SequenceClassifier.Example> val,
                 List<SequenceClassifier.Example> test) {
        List<SequenceClassifier.Example> all() {
            List<SequenceClassifier.Example> all = new ArrayList<>(train);
            all.addAll(val);
            all.addAll(test);
            return all;
        }
    }

    Parts load() throws IOException {
        List<SequenceClassifier.Example> all = SequenceClassifier.examples(
                SequenceFiles.read(Path.of(dir), first, last, skipLines));
        List<SequenceClassifier.Example> shuffled = new ArrayList<>(all);
        SplittableRandom r = new SplittableRandom(splitSeed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            SequenceClassifier.Example tmp = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, tmp);
        }
        int n = shuffled.size();
        int test = (int) Math.round(n * testFraction);
        int val = (int) Math.round(n * valFraction);
        if (n - test - val < 2 || test < 1) {
            throw new IllegalArgumentException(dir + " holds " + n + " sequences: too few for a training part and a "
                    + "test part of " + testFraction);
        }
        return new Parts(shuffled.subList(0, n - test - val), shuffled.subList(n - test - val, n - test),
                shuffled.subList(n - test, n));
    }

    byte[] toJson() {
        return Json.write(this).getBytes(StandardCharsets.UTF_8);
    }

    static SequenceSource fromJson(byte[] json, String what) {
        return Json.read(new String(json, StandardCharsets.UTF_8), SequenceSource.class, what);
    }

    SequenceSource withDir(Path other) {
        return new SequenceSource(other.toAbsolutePath().toString(), first, lastNumbered(other, first), skipLines,
                valFraction, testFraction, splitSeed);
    }
}
