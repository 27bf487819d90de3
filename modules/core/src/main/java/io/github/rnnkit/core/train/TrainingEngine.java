package io.github.rnnkit.core.train;

import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

/**
 * Where an epoch's batches are trained when not in this JVM's own fit loop: rnnkit-spark's {@code SparkEngine}
 * trains them on a Spark cluster. The {@link Trainer} hands the engine the batches in rounds of
 * {@link #batchesPerRound()}, in the order the {@link BatchSource} gives them; after each round the network
 * in this JVM must hold the trained parameters (and updater state), so that progress, validation, early
 * stopping, checkpoints and resuming work as they do locally.
 */
public interface TrainingEngine {

    /** Batches handed over per round (the last round of an epoch may get fewer). */
    int batchesPerRound();

    /**
     * Trains {@code network} on {@code batches} and leaves the result in it.
     *
     * @return the training loss per example over whole sequences, as DL4J scores a minibatch (summed over time
     *         steps, averaged over examples); an estimate is fine (e.g. from the last minibatch, or from the last
     *         truncated-BPTT segment scaled to the sequence)
     */
    double fitRound(TrainableNetwork network, List<MultiDataSet> batches);

    /** What trains, for logs and provenance, e.g. {@code spark local[2], parameter averaging (2 workers ...)}. */
    String describe();
}
