package io.github.rnnkit.core.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The two kinds of DL4J network behind one face, so that {@link Trainer} and the listeners work on both.
 *
 * <p>Batches are {@link MultiDataSet}s for both kinds. A {@link MultiLayerNetwork} gets them as a
 * {@link DataSet}: DL4J's own {@code MultiLayerNetwork.fit(MultiDataSet)} drops the labels mask when
 * there is no features mask (and fails the other way round), which would silently train on padding.
 */
public sealed interface TrainableNetwork {

    /** Wraps a {@link MultiLayerNetwork} or a {@link ComputationGraph}. */
    static TrainableNetwork of(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            return new Sequential(mln);
        }
        if (model instanceof ComputationGraph graph) {
            return new Graph(graph);
        }
        throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /**
     * A batch as the {@link DataSet} a {@link MultiLayerNetwork} trains on, both masks kept (see the class comment).
     *
     * @throws IllegalArgumentException when the batch has more than one features or labels array
     */
    static DataSet asDataSet(MultiDataSet batch) {
        if (batch.numFeatureArrays() != 1 || batch.numLabelsArrays() != 1) {
            throw new IllegalArgumentException("a MultiLayerNetwork needs batches with one features and one "
                    + "labels array, got " + batch.numFeatureArrays() + " and " + batch.numLabelsArrays());
        }
        return new DataSet(batch.getFeatures(0), batch.getLabels(0), batch.getFeaturesMaskArray(0),
                batch.getLabelsMaskArray(0));
    }

    /** One optimisation step on the batch (several when the network uses truncated BPTT). */
    void fit(MultiDataSet batch);

    /** Loss of the last step, as DL4J reports it. */
    double score();

    /** All parameters as one flat view. */
    INDArray params();

    /** Replaces all parameters (copying {@code params}). */
    void setParams(INDArray params);

    /** The learning rate of the first layer that has one (null when no layer has a plain learning rate). */
    Double learningRate();

    /** Sets every layer's learning rate (layers with a schedule get a fixed rate). */
    void setLearningRate(double lr);

    /**
     * Sets the learning rate of the layers DL4J's own {@code setLearningRate} skips: those inside wrappers
     * ({@code TimeDistributed}, {@code Bidirectional} ...), recursively.
     */
    private static void setWrappedLearningRate(org.deeplearning4j.nn.conf.layers.Layer conf, double lr) {
        if (conf instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer w) {
            setUpdaterRate(w.getUnderlying(), lr);
            setWrappedLearningRate(w.getUnderlying(), lr);
        } else if (conf instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional b) {
            setUpdaterRate(b.getFwd(), lr);
            setUpdaterRate(b.getBwd(), lr);
        }
    }

    private static void setUpdaterRate(org.deeplearning4j.nn.conf.layers.Layer conf, double lr) {
        if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base && base.getIUpdater() != null
                && base.getIUpdater().hasLearningRate()) {
            base.getIUpdater().setLrAndSchedule(lr, null);
        }
    }

    /** All gradients as one flat view; valid inside a gradient-calculation listener. */
    INDArray flatGradients();

    /** Adds DL4J listeners (kept when already present). */
    void addListeners(TrainingListener... listeners);

    /** Removes a DL4J listener added with {@link #addListeners}. */
    void removeListener(TrainingListener listener);

    /** Tells DL4J an epoch is over (schedules and the saved epoch counter use it). */
    void incrementEpochCount();

    /** The wrapped DL4J network. */
    Model model();

    private static List<TrainingListener> withAdded(Collection<TrainingListener> current,
                                                    TrainingListener... added) {
        List<TrainingListener> all = current == null ? new ArrayList<>() : new ArrayList<>(current);
        for (TrainingListener l : added) {
            if (!all.contains(l)) {
                all.add(l);
            }
        }
        return all;
    }

    private static List<TrainingListener> withRemoved(Collection<TrainingListener> current,
                                                      TrainingListener removed) {
        List<TrainingListener> all = current == null ? new ArrayList<>() : new ArrayList<>(current);
        all.remove(removed);
        return all;
    }

    /** A {@link MultiLayerNetwork}. */
    record Sequential(MultiLayerNetwork network) implements TrainableNetwork {
        @Override
        public Double learningRate() {
            for (int i = 0; i < network.getnLayers(); i++) {
                if (network.getLayer(i).numParams() > 0) {
                    Double lr = network.getLearningRate(i);
                    if (lr != null) {
                        return lr;
                    }
                }
            }
            return null;
        }

        @Override
        public void setLearningRate(double lr) {
            for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
                setWrappedLearningRate(layer.conf().getLayer(), lr);
            }
            network.setLearningRate(lr);          // plain layers, and rebuilds the updater blocks
        }

        @Override
        public void fit(MultiDataSet batch) {
            network.fit(asDataSet(batch));
        }

        @Override
        public double score() {
            return network.score();
        }

        @Override
        public INDArray params() {
            return network.params();
        }

        @Override
        public void setParams(INDArray params) {
            network.setParams(params);
        }

        @Override
        public INDArray flatGradients() {
            return network.getGradientsViewArray();
        }

        @Override
        public void addListeners(TrainingListener... listeners) {
            network.setListeners(withAdded(network.getListeners(), listeners));
        }

        @Override
        public void removeListener(TrainingListener listener) {
            network.setListeners(withRemoved(network.getListeners(), listener));
        }

        @Override
        public void incrementEpochCount() {
            network.incrementEpochCount();
        }

        @Override
        public Model model() {
            return network;
        }
    }

    /** A {@link ComputationGraph}. */
    record Graph(ComputationGraph network) implements TrainableNetwork {
        @Override
        public Double learningRate() {
            for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
                if (layer.numParams() > 0) {
                    Double lr = network.getLearningRate(layer.conf().getLayer().getLayerName());
                    if (lr != null) {
                        return lr;
                    }
                }
            }
            return null;
        }

        @Override
        public void setLearningRate(double lr) {
            for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
                setWrappedLearningRate(layer.conf().getLayer(), lr);
            }
            for (org.deeplearning4j.nn.conf.graph.GraphVertex v : network.getConfiguration().getVertices().values()) {
                if (v instanceof io.github.rnnkit.core.layers.AdditiveAttention a && a.getUpdater() != null
                        && a.getUpdater().hasLearningRate()) {
                    a.getUpdater().setLrAndSchedule(lr, null);
                }
            }
            network.setLearningRate(lr);          // plain layers, and rebuilds the updater blocks
        }

        @Override
        public void fit(MultiDataSet batch) {
            network.fit(batch);
        }

        @Override
        public double score() {
            return network.score();
        }

        @Override
        public INDArray params() {
            return network.params();
        }

        @Override
        public void setParams(INDArray params) {
            network.setParams(params);
        }

        @Override
        public INDArray flatGradients() {
            return network.getGradientsViewArray();
        }

        @Override
        public void addListeners(TrainingListener... listeners) {
            network.setListeners(withAdded(network.getListeners(), listeners));
        }

        @Override
        public void removeListener(TrainingListener listener) {
            network.setListeners(withRemoved(network.getListeners(), listener));
        }

        @Override
        public void incrementEpochCount() {
            network.incrementEpochCount();
        }

        @Override
        public Model model() {
            return network;
        }
    }
}
