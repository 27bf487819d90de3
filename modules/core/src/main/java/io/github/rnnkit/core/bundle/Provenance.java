package io.github.rnnkit.core.bundle;

import io.github.rnnkit.core.Checks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where a model came from: enough to tell what it was trained on and to reproduce the run.
 *
 * @param preset        the preset that built it, e.g. {@code charlm}
 * @param seed          the training seed
 * @param datasetName   the training data, e.g. {@code brown-raw} or a file name
 * @param datasetSha256 sha256 of the training data as read (hex), or null when not known
 * @param rnnkitVersion rnnkit's version at training time
 * @param dl4jVersion   DL4J's version at training time
 * @param backend       the ND4J native backend classifier
 * @param javaVersion   the JVM's version
 * @param createdAt     when the bundle was written (ISO-8601, UTC)
 * @param trainedOn     where it was trained when not in one JVM, e.g. {@code spark://host:7077, parameter averaging
 *                      (2 workers, 16 per worker, averaging every 1)}; null for this JVM (and for older bundles)
 */
public record Provenance(String preset, long seed, String datasetName, String datasetSha256, String rnnkitVersion,
                         String dl4jVersion, String backend, String javaVersion, String createdAt, String trainedOn) {

    public Provenance {
        Checks.notNull(preset, "preset");
        Checks.notNull(datasetName, "datasetName");
    }

    /** Provenance of a model trained now with this build of rnnkit. */
    public static Provenance now(String preset, long seed, String datasetName, String datasetSha256) {
        return new Provenance(preset, seed, datasetName, datasetSha256, Versions.rnnkit(), Versions.dl4j(),
                Versions.nd4jClassifier(), System.getProperty("java.version"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null);
    }

    /** The same provenance, stamped with the current time (a re-saved or checkpointed model). */
    public Provenance restamped() {
        return new Provenance(preset, seed, datasetName, datasetSha256, rnnkitVersion, dl4jVersion, backend,
                javaVersion, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), trainedOn);
    }

    /** The same provenance, saying where the model was trained (see {@link #trainedOn()}). */
    public Provenance withTrainedOn(String where) {
        return new Provenance(preset, seed, datasetName, datasetSha256, rnnkitVersion, dl4jVersion, backend,
                javaVersion, createdAt, where);
    }
}
