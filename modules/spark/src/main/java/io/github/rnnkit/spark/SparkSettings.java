package io.github.rnnkit.spark;

import io.github.rnnkit.core.Checks;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a run trains on Spark.
 *
 * @param master             the Spark master URL: {@code local[N]}, {@code spark://host:7077}, ... (null: the one
 *                           {@code spark-submit} set)
 * @param workers            parallel workers (executor cores in all); 0: Spark's default parallelism
 * @param averagingFrequency minibatches each worker trains between two parameter averagings, at least 1
 * @param workDir            a folder of the run for Spark's scratch files (removed on close); null: a temporary one
 */
public record SparkSettings(String master, int workers, int averagingFrequency, Path workDir) {

    public SparkSettings {
        if (master != null && master.isBlank()) {
            throw new IllegalArgumentException("Spark master URL is blank: give local[N], spark://HOST:PORT, yarn ...");
        }
        Checks.nonNegative(workers, "workers");
        Checks.positive(averagingFrequency, "averagingFrequency");
    }

    /** {@code master}, Spark's default parallelism, averaging after every minibatch, a temporary folder. */
    public static SparkSettings of(String master) {
        return new SparkSettings(master, 0, 1, null);
    }

    public SparkSettings withWorkers(int v) {
        return new SparkSettings(master, v, averagingFrequency, workDir);
    }

    public SparkSettings withAveragingFrequency(int v) {
        return new SparkSettings(master, workers, v, workDir);
    }

    public SparkSettings withWorkDir(Path v) {
        return new SparkSettings(master, workers, averagingFrequency, v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "master %s, %s workers, averaging every %d minibatch(es)",
                master == null ? "(from spark-submit)" : master, workers == 0 ? "default" : String.valueOf(workers),
                averagingFrequency);
    }
}
