package io.github.rnnkit.cli;

import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.spark.SparkEngine;
import io.github.rnnkit.spark.SparkSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --spark MASTER} and the training master's knobs, shared by the train commands. */
final class SparkOptions {
    @Option(names = "--spark", paramLabel = "MASTER_URL",
            description = "train on Apache Spark (parameter averaging, or --gradient-sharing): local[N], spark://HOST:7077, ... "
                    + "(docs/spark.md; default: in this JVM)")
    String master;

    @Option(names = "--spark-workers", paramLabel = "N",
            description = "workers training in parallel on Spark, each on its own minibatches of --batch "
                    + "(default: the cluster's cores)")
    Integer workers;

    @Option(names = "--averaging-frequency", paramLabel = "K", defaultValue = "1",
            description = "on Spark: minibatches each worker trains between parameter averagings (default: ${DEFAULT-VALUE})")
    int averagingFrequency;

    @Option(names = "--gradient-sharing",
            description = "on Spark: share threshold-encoded gradient updates between workers as they train "
                    + "(DL4J's SharedTrainingMaster, one Spark job per epoch) instead of averaging parameters")
    boolean gradientSharing;

    /**
     * Starts Spark when {@code --spark} was given and returns its engine (close it when done), or null when
     * training stays in this JVM. Usage errors for the Spark options and a missing Spark class path are raised here.
     */
    SparkEngine start(Path runDir) {
        if (master == null) {
            if (workers != null || gradientSharing) {
                throw new RnnkitCli.UsageException((workers != null ? "--spark-workers" : "--gradient-sharing")
                        + " needs --spark MASTER_URL");
            }
            return null;
        }
        if (workers != null && workers < 1) {
            throw new RnnkitCli.UsageException("--spark-workers must be >= 1, got " + workers);
        }
        if (averagingFrequency < 1) {
            throw new RnnkitCli.UsageException("--averaging-frequency must be >= 1, got " + averagingFrequency);
        }
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkOptions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new RnnkitCli.UsageException("--spark: Spark is not on the class path. Run through ./rnnkit (it adds "
                    + "the Spark jars Maven resolved) or submit the CLI jar with spark-submit (docs/spark.md)");
        }
        SparkSettings settings = SparkSettings.of(master).withWorkers(workers == null ? 0 : workers)
                .withAveragingFrequency(averagingFrequency).withWorkDir(runDir)
                .withApproach(gradientSharing ? SparkSettings.Approach.GRADIENT_SHARING
                        : SparkSettings.Approach.PARAMETER_AVERAGING);
        return SparkEngine.start(settings);
    }

    /** {@code training} on {@code engine} (with clipping on the workers), or unchanged when engine is null. */
    static TrainingConfig on(SparkEngine engine, TrainingConfig training) {
        return engine == null ? training : training.withEngine(engine.clipOnWorkers(training.clipGlobalNorm()));
    }

    /** Records in the saved bundle that it was trained on Spark. */
    static void stamp(SparkEngine engine, Path bundle) throws IOException {
        if (engine != null) {
            engine.stamp(bundle);
        }
    }

    /** The scratch folder of a Spark run next to its output bundle. */
    static Path runDir(Path out) {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".spark");
    }
}
