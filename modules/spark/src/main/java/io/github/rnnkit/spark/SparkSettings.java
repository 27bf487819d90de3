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
 * @param approach           how the workers' work is combined
 */
public record SparkSettings(String master, int workers, int averagingFrequency, Path workDir, Approach approach) {

    /** How the workers' work is combined: DL4J's two training masters. */
    public enum Approach {
        /** {@code ParameterAveragingTrainingMaster}: synchronous averaging of parameters and updater state. */
        PARAMETER_AVERAGING,
        /**
         * {@code SharedTrainingMaster}: workers exchange threshold-encoded gradient updates asynchronously over
         * Aeron (UDP) while they train; one Spark job per epoch.
         */
        GRADIENT_SHARING
    }


    public SparkSettings {
        if (master != null && master.isBlank()) {
            throw new IllegalArgumentException("Spark master URL is blank: give local[N], spark://HOST:PORT, yarn ...");
        }
        Checks.nonNegative(workers, "workers");
        Checks.positive(averagingFrequency, "averagingFrequency");
        Checks.notNull(approach, "approach");
    }

    /** {@code master}, Spark's default parallelism, averaging after every minibatch, a temporary folder. */
    public static SparkSettings of(String master) {
        return new SparkSettings(master, 0, 1, null, Approach.PARAMETER_AVERAGING);
    }

    public SparkSettings withWorkers(int v) {
        return new SparkSettings(master, v, averagingFrequency, workDir, approach);
    }

    public SparkSettings withAveragingFrequency(int v) {
        return new SparkSettings(master, workers, v, workDir, approach);
    }

    public SparkSettings withWorkDir(Path v) {
        return new SparkSettings(master, workers, averagingFrequency, v, approach);
    }

    public SparkSettings withApproach(Approach v) {
        return new SparkSettings(master, workers, averagingFrequency, workDir, v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "master %s, %s workers, %s", master == null ? "(from spark-submit)" : master,
                workers == 0 ? "default" : String.valueOf(workers), approach == Approach.GRADIENT_SHARING
                        ? "gradient sharing" : "averaging every " + averagingFrequency + " minibatch(es)");
    }
}
