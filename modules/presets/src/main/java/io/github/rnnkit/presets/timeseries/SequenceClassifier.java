package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.core.train.Checkpointer;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.core.train.Validation;
import io.github.rnnkit.presets.sentiment.ClassificationReport;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Classifies numeric sequences of any length (sensor recordings, one sequence per file in DL4J's convention):
 * a recurrent stack reads the standardised values step by step and a softmax reads its state at each
 * sequence's last real step (shorter sequences in a batch are padded and masked).
 *
 * <p>Not thread-safe for training; {@link #probabilities} is synchronized.
 */
public final class SequenceClassifier {
    private static final Logger log = LoggerFactory.getLogger(SequenceClassifier.class);

    public static final String PRESET = "sequence-classifier";
    static final String META = "classifier.json";

    /** A labelled numeric sequence: values[t][f] for step t and feature f. */
    public record Example(double[][] values, String label, String origin) {
        public Example {
            Checks.notNull(values, "values");
            Checks.notNull(label, "label");
            if (values.length == 0) {
                throw new IllegalArgumentException("empty sequence" + (origin == null ? "" : " in " + origin));
            }
        }
    }

    /** What is saved beside the network: the classes and the per-feature standardisation. */
    record Meta(List<String> classes, Standardizer scaler, int maxLength) {
    }

    private final RecurrentSpec spec;
    private final List<String> classes;
    private final Standardizer scaler;
    private final int maxLength;
    private final MultiLayerNetwork network;
    private final Provenance provenance;

    private SequenceClassifier(RecurrentSpec spec, List<String> classes, Standardizer scaler, int maxLength,
                               MultiLayerNetwork network, Provenance provenance) {
        this.spec = spec;
        this.classes = List.copyOf(classes);
        this.scaler = scaler;
        this.maxLength = maxLength;
        this.network = network;
        this.provenance = provenance;
    }

    /** Examples from labelled sequence files ({@link io.github.rnnkit.data.series.SequenceFiles}). */
    public static List<Example> examples(List<io.github.rnnkit.data.series.SequenceFiles.Labelled> sequences) {
        Checks.notNull(sequences, "sequences");
        return sequences.stream().map(s -> new Example(s.values(), s.label(), s.origin())).toList();
    }

    /**
     * An untrained classifier; the classes are the sorted labels of {@code train}, the standardisation is fitted on
     * its values.
     *
     * @param maxLength sequences longer than this keep their last {@code maxLength} steps (counted in a warning)
     */
    public static SequenceClassifier create(RecurrentSpec spec, List<Example> train, int maxLength,
                                            TrainingConfig training, String datasetName, String datasetSha256) {
        Checks.notNull(spec, "spec");
        Checks.notNull(train, "train");
        Checks.positive(maxLength, "maxLength");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sequences");
        }
        int features = features(train);
        List<String> classes = new ArrayList<>(new TreeSet<>(train.stream().map(Example::label).toList()));
        if (classes.size() < 2) {
            throw new IllegalArgumentException("need at least two classes among the training labels, got " + classes);
        }
        List<double[]> all = new ArrayList<>();
        for (Example e : train) {
            all.addAll(List.of(e.values()));
        }
        Standardizer scaler = Standardizer.fit(all.toArray(new double[0][]), all.size());
        NeuralNetConfiguration.ListBuilder list = training.applyTo(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)).weightInit(WeightInit.XAVIER).list();
        List<Layer> layers = new ArrayList<>(RecurrentLayers.stackOnData(features, spec));
        layers.add(new LastTimeStep(layers.remove(layers.size() - 1)));
        layers.add(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(spec.outputSize()).nOut(classes.size())
                .activation(Activation.SOFTMAX).build());
        layers.forEach(list::layer);
        training.applyTo(list);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        log.info("Sequence classifier: {} features, classes {}, {} x {} {} units, {} parameters", features, classes,
                spec.depth(), spec.hiddenSize(), spec.cell(), net.numParams());
        return new SequenceClassifier(spec, classes, scaler, maxLength, net,
                Provenance.now(PRESET, training.seed(), datasetName, datasetSha256));
    }

    private static int features(List<Example> examples) {
        int f = examples.get(0).values()[0].length;
        for (Example e : examples) {
            for (int t = 0; t < e.values().length; t++) {
                double[] row = e.values()[t];
                if (row.length != f) {
                    throw new IllegalArgumentException(where(e) + "step " + t + " has " + row.length + " values; expected "
                            + f);
                }
                for (int c = 0; c < f; c++) {
                    if (!Double.isFinite(row[c])) {
                        throw new IllegalArgumentException(where(e) + "step " + t + ", feature " + c + " is " + row[c]);
                    }
                }
            }
        }
        return f;
    }

    private static String where(Example e) {
        return e.origin() == null ? "" : e.origin() + ": ";
    }

    /** Trains, validating accuracy on {@code dev} after every epoch (none when empty). */
    public TrainingResult fit(List<Example> train, List<Example> dev, TrainingConfig training,
                              List<TrainerListener> listeners, TrainingState resumeFrom) {
        Checks.notNull(train, "train");
        Checks.notNull(dev, "dev");
        features(train);
        int[] labels = labelsOf(train);
        int batch = training.batchSize();
        long batches = (train.size() + batch - 1) / batch;
        BatchSource source = new BatchSource() {
            @Override
            public Iterator<org.nd4j.linalg.dataset.api.MultiDataSet> epoch(int epoch) {
                int[] order = shuffled(train.size(), training.seed(), epoch);
                return new Iterator<>() {
                    private int start;

                    @Override
                    public boolean hasNext() {
                        return start < order.length;
                    }

                    @Override
                    public org.nd4j.linalg.dataset.api.MultiDataSet next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int end = Math.min(order.length, start + batch);
                        List<Example> part = new ArrayList<>();
                        int[] y = new int[end - start];
                        for (int i = start; i < end; i++) {
                            part.add(train.get(order[i]));
                            y[i - start] = labels[order[i]];
                        }
                        start = end;
                        INDArray[] fm = batch(part);
                        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, y.length, classes.size());
                        for (int i = 0; i < y.length; i++) {
                            oneHot.putScalar(i, y[i], 1f);
                        }
                        return new MultiDataSet(new INDArray[]{fm[0]}, new INDArray[]{oneHot}, new INDArray[]{fm[1]}, null);
                    }
                };
            }

            @Override
            public long batchesPerEpoch() {
                return batches;
            }
        };
        Validation validation = dev.isEmpty() ? null : new Validation() {
            @Override
            public String metric() {
                return "val_accuracy";
            }

            @Override
            public boolean higherIsBetter() {
                return true;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                return SequenceClassifier.this.evaluate(dev).accuracy();
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        return trainer.fit(TrainableNetwork.of(network), source, validation, checkpointer, resumeFrom);
    }

    private int[] labelsOf(List<Example> examples) {
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            Example e = examples.get(i);
            y[i] = classes.indexOf(e.label());
            if (y[i] < 0) {
                throw new IllegalArgumentException(where(e) + "unknown label '" + e.label() + "'; the classifier knows "
                        + classes);
            }
        }
        return y;
    }

    private static int[] shuffled(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Features [B, F, T] (standardised, zero-padded at the end) and the mask [B, T]. */
    private INDArray[] batch(List<Example> part) {
        int f = scaler.mean().length;
        int steps = 1;
        int cut = 0;
        for (Example e : part) {
            steps = Math.max(steps, Math.min(maxLength, e.values().length));
            if (e.values().length > maxLength) {
                cut++;
            }
        }
        if (cut > 0) {
            log.debug("{} of {} sequences keep their last {} steps", cut, part.size(), maxLength);
        }
        float[] x = new float[part.size() * f * steps];
        float[] m = new float[part.size() * steps];
        for (int i = 0; i < part.size(); i++) {
            double[][] v = part.get(i).values();
            int from = Math.max(0, v.length - maxLength);
            for (int t = from; t < v.length; t++) {
                int s = t - from;
                m[i * steps + s] = 1f;
                for (int c = 0; c < f; c++) {
                    x[(i * f + c) * steps + s] = (float) scaler.scale(c, v[t][c]);
                }
            }
        }
        return new INDArray[]{Nd4j.create(x, new long[]{part.size(), f, steps}, 'c'),
                Nd4j.create(m, new long[]{part.size(), steps}, 'c')};
    }

    /** Class probabilities per sequence, in {@link #classes()} order. */
    public synchronized double[][] probabilities(List<double[][]> sequences) {
        Checks.notNull(sequences, "sequences");
        List<Example> examples = new ArrayList<>();
        for (double[][] s : sequences) {
            examples.add(new Example(s, classes.get(0), null));
        }
        if (!examples.isEmpty()) {
            int f = features(examples);
            if (f != scaler.mean().length) {
                throw new IllegalArgumentException("sequences have " + f + " features per step; the classifier reads "
                        + scaler.mean().length);
            }
        }
        double[][] out = new double[examples.size()][];
        for (int start = 0; start < examples.size(); start += 256) {
            List<Example> part = examples.subList(start, Math.min(examples.size(), start + 256));
            INDArray[] fm = batch(part);
            INDArray p = network.output(fm[0], false, fm[1], null);
            double[][] rows = p.castTo(DataType.DOUBLE).toDoubleMatrix();
            System.arraycopy(rows, 0, out, start, rows.length);
        }
        return out;
    }

    /** Accuracy, per-class P/R/F1 and the confusion matrix on labelled sequences. */
    public ClassificationReport evaluate(List<Example> examples) {
        Checks.notNull(examples, "examples");
        int[] truth = labelsOf(examples);
        return ClassificationReport.of(classes, truth, probabilities(examples.stream().map(Example::values).toList()),
                0.5);
    }

    /** This model as a bundle. */
    public ModelBundle toBundle() {
        return ModelBundle.of(provenance.restamped(), network, spec)
                .withArtifact(META, Json.write(new Meta(classes, scaler, maxLength)).getBytes(StandardCharsets.UTF_8));
    }

    public void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved sequence classifier to {}", file);
    }

    /**
     * Loads a classifier saved by {@link #save}.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt or not a sequence-classifier bundle
     */
    public static SequenceClassifier load(Path file) throws IOException {
        ModelBundle bundle = ModelBundle.load(file, PRESET);
        RecurrentSpec spec = bundle.config(RecurrentSpec.class);
        Meta meta = Json.read(new String(bundle.artifact(META), StandardCharsets.UTF_8), Meta.class, META + " in " + file);
        return new SequenceClassifier(spec, meta.classes(), meta.scaler(), meta.maxLength(), bundle.multiLayerNetwork(),
                bundle.provenance());
    }

    public List<String> classes() {
        return classes;
    }

    public RecurrentSpec spec() {
        return spec;
    }

    public MultiLayerNetwork network() {
        return network;
    }
}
