package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.layers.RecurrentLayers;
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
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
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
import java.util.SplittableRandom;

/**
 * Multi-step forecasting of a numeric series with a recurrent network (LSTM, GRU or vanilla RNN, rnnkit's or
 * DL4J's layers).
 *
 * <p>Data are rows [T][C] of a series in time order (one column per variable); {@link ForecasterConfig} names the
 * columns read and the column forecast. Training uses every window of {@code lookback} rows whose targets lie in
 * the training part [0, trainEnd); the validation metric (RMSE in the series' units) uses the origins in
 * [trainEnd, validationEnd), whose input windows may reach back into the training part (the values a forecaster
 * would have seen). Inputs and target are standardised with means and deviations of the training rows only.
 *
 * <pre>{@code
 * Forecaster f = Forecaster.create(ForecasterConfig.univariate(104, 52, 52), rows, trainEnd, training, "co2", sha);
 * f.fit(rows, trainEnd, validationEnd, training, List.of(new ProgressBar(System.err)), null);
 * ForecastReport test = f.evaluate(rows, trainEnd, validationEnd, rows.length, 1);
 * }</pre>
 *
 * <p>Safe to share between threads: {@link #forecast} carries the network's running state for the recursive
 * strategy, so it and every other method that touches the network are synchronized (one thread at a time). For
 * parallel forecasting {@link #load} one instance per thread.
 */
public final class Forecaster implements SeriesForecaster {
    private static final Logger log = LoggerFactory.getLogger(Forecaster.class);

    public static final String PRESET = "forecaster";
    static final String SCALER = "scaler.json";
    private static final int PREDICT_BATCH = 512;

    private final ForecasterConfig config;
    private final Standardizer scaler;
    private final MultiLayerNetwork network;
    private final Provenance provenance;
    private final TrainingState trainingState;

    private Forecaster(ForecasterConfig config, Standardizer scaler, MultiLayerNetwork network, Provenance provenance,
                       TrainingState trainingState) {
        this.config = config;
        this.scaler = scaler;
        this.network = network;
        this.provenance = provenance;
        this.trainingState = trainingState;
    }

    /**
     * An untrained forecaster; the standardisation is fitted on rows [0, trainEnd).
     *
     * @param datasetName   recorded in the bundle's provenance
     * @param datasetSha256 recorded in the bundle's provenance (the data file's sha256)
     */
    public static Forecaster create(ForecasterConfig config, double[][] rows, int trainEnd, TrainingConfig training,
                                    String datasetName, String datasetSha256) {
        Checks.notNull(config, "config");
        Checks.notNull(training, "training");
        checkRows(rows, config);
        int minTrain = config.lookback() + config.horizon();
        if (trainEnd < minTrain || trainEnd > rows.length) {
            throw new IllegalArgumentException("the training part holds " + trainEnd + " of " + rows.length
                    + " rows; a lookback of " + config.lookback() + " and a horizon of " + config.horizon()
                    + " need at least " + minTrain);
        }
        Standardizer scaler = Standardizer.fit(rows, trainEnd);
        MultiLayerNetwork network = buildNetwork(config, training);
        log.info("Forecaster: {} x {} {} units, lookback {}, horizon {} ({}), {} input column(s), {} parameters",
                config.spec().depth(), config.spec().hiddenSize(), config.spec().cell(), config.lookback(),
                config.horizon(), config.strategy(), config.inputColumns().length, network.numParams());
        return new Forecaster(config, scaler, network, Provenance.now(PRESET, training.seed(), datasetName,
                datasetSha256), null);
    }

    static MultiLayerNetwork buildNetwork(ForecasterConfig config, TrainingConfig training) {
        NeuralNetConfiguration.ListBuilder list = training.applyTo(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)).weightInit(WeightInit.XAVIER).list();
        List<Layer> layers = new ArrayList<>(RecurrentLayers.stackOnData(config.inputColumns().length, config.spec()));
        int width = config.spec().outputSize();
        if (config.strategy() == Strategy.DIRECT) {
            Layer top = layers.remove(layers.size() - 1);
            layers.add(new LastTimeStep(top));
            layers.add(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(width).nOut(config.horizon())
                    .activation(Activation.IDENTITY).build());
        } else {
            layers.add(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(width).nOut(1)
                    .activation(Activation.IDENTITY).dataFormat(RNNFormat.NCW).build());
        }
        layers.forEach(list::layer);
        training.applyTo(list);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static void checkRows(double[][] rows, ForecasterConfig config) {
        SeriesRows.check(rows, config.inputColumns(), config.targetColumn());
    }

    /**
     * Trains on the windows of rows [0, trainEnd), validating RMSE on the origins in [trainEnd, validationEnd)
     * after every epoch (no validation when that range holds no origin).
     */
    public synchronized TrainingResult fit(double[][] rows, int trainEnd, int validationEnd, TrainingConfig training,
                              List<TrainerListener> listeners, TrainingState resumeFrom) {
        checkRows(rows, config);
        Checks.notNull(training, "training");
        Checks.notNull(listeners, "listeners");
        if (trainEnd > validationEnd || validationEnd > rows.length) {
            throw new IllegalArgumentException("need trainEnd <= validationEnd <= rows; got " + trainEnd + ", "
                    + validationEnd + ", " + rows.length);
        }
        int lookback = config.lookback();
        int lastOrigin = config.strategy() == Strategy.DIRECT ? trainEnd - config.horizon() - 1 : trainEnd - 2;
        int windows = lastOrigin - (lookback - 1) + 1;
        if (windows < 1) {
            throw new IllegalArgumentException("the training part (" + trainEnd + " rows) holds no window of "
                    + lookback + " steps with its targets");
        }
        int[] origins = new int[windows];
        for (int i = 0; i < windows; i++) {
            origins[i] = lookback - 1 + i;
        }
        INDArray features = features(rows, origins);
        INDArray labels = config.strategy() == Strategy.DIRECT ? directLabels(rows, origins) : stepLabels(rows, origins);
        int batch = training.batchSize();
        long batches = (windows + batch - 1) / batch;
        BatchSource source = new BatchSource() {
            @Override
            public Iterator<MultiDataSet> epoch(int epoch) {
                return shuffledBatches(features, labels, batch, training.seed(), epoch);
            }

            @Override
            public long batchesPerEpoch() {
                return batches;
            }
        };
        int[] validationOrigins = origins(rows.length, trainEnd, validationEnd, 1);
        Validation validation = validationOrigins.length == 0 ? null : new Validation() {
            @Override
            public String metric() {
                return "val_rmse";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                return score(rows, validationOrigins, trainEnd).rmse();
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        log.info("Training on {} windows of {} steps from {} training rows: {} batches of {} per epoch; validation on "
                + "{} origins", windows, lookback, trainEnd, batches, batch, validationOrigins.length);
        return trainer.fit(TrainableNetwork.of(network), source, validation, checkpointer, resumeFrom);
    }

    /** The windows in an order drawn from the seed and the epoch, cut into batches as they are asked for. */
    private static Iterator<MultiDataSet> shuffledBatches(INDArray features, INDArray labels, int batch, long seed,
                                                          int epoch) {
        int n = (int) features.size(0);
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return new Iterator<>() {
            private int start;

            @Override
            public boolean hasNext() {
                return start < n;
            }

            @Override
            public MultiDataSet next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                int end = Math.min(n, start + batch);
                INDArray rows = Nd4j.createFromArray(java.util.Arrays.copyOfRange(order, start, end));
                start = end;
                return new DataSet(features.get(rows), labels.get(rows)).toMultiDataSet();
            }
        };
    }

    /** Standardised input windows [N, F, L] ending at each origin. */
    private INDArray features(double[][] rows, int[] origins) {
        int[] columns = config.inputColumns();
        int lookback = config.lookback();
        float[] data = new float[origins.length * columns.length * lookback];
        int k = 0;
        for (int origin : origins) {
            for (int c : columns) {
                for (int s = 0; s < lookback; s++) {
                    data[k++] = (float) scaler.scale(c, rows[origin - lookback + 1 + s][c]);
                }
            }
        }
        return Nd4j.create(data, new long[]{origins.length, columns.length, lookback}, 'c');
    }

    private INDArray directLabels(double[][] rows, int[] origins) {
        int h = config.horizon();
        int target = config.targetColumn();
        float[] data = new float[origins.length * h];
        for (int i = 0; i < origins.length; i++) {
            for (int k = 0; k < h; k++) {
                data[i * h + k] = (float) scaler.scale(target, rows[origins[i] + 1 + k][target]);
            }
        }
        return Nd4j.create(data, new long[]{origins.length, h}, 'c');
    }

    private INDArray stepLabels(double[][] rows, int[] origins) {
        int lookback = config.lookback();
        int target = config.targetColumn();
        float[] data = new float[origins.length * lookback];
        for (int i = 0; i < origins.length; i++) {
            for (int s = 0; s < lookback; s++) {
                data[i * lookback + s] = (float) scaler.scale(target, rows[origins[i] - lookback + 2 + s][target]);
            }
        }
        return Nd4j.create(data, new long[]{origins.length, 1, lookback}, 'c');
    }

    /**
     * Forecasts the next {@code horizon} values of the target after each origin, in the series' units.
     *
     * @param rows    the series (only rows up to each origin are read)
     * @param origins index of the last observed row of each forecast, at least lookback - 1
     * @return [origins][horizon]
     */
    @Override
    public synchronized double[][] forecast(double[][] rows, int[] origins) {
        checkRows(rows, config);
        Checks.notNull(origins, "origins");
        for (int origin : origins) {
            if (origin < config.lookback() - 1 || origin >= rows.length) {
                throw new IllegalArgumentException("origin " + origin + " needs rows " + (origin - config.lookback() + 1)
                        + ".." + origin + " of a series of " + rows.length + " rows (lookback " + config.lookback() + ")");
            }
        }
        double[][] out = new double[origins.length][];
        for (int start = 0; start < origins.length; start += PREDICT_BATCH) {
            int end = Math.min(origins.length, start + PREDICT_BATCH);
            int[] part = java.util.Arrays.copyOfRange(origins, start, end);
            double[][] scaled = config.strategy() == Strategy.DIRECT ? predictDirect(features(rows, part))
                    : predictRecursive(features(rows, part));
            for (int i = 0; i < part.length; i++) {
                double[] y = new double[config.horizon()];
                for (int k = 0; k < y.length; k++) {
                    y[k] = scaler.unscale(config.targetColumn(), scaled[i][k]);
                }
                out[start + i] = y;
            }
        }
        return out;
    }

    private double[][] predictDirect(INDArray features) {
        INDArray out = network.output(features, false);
        return out.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private double[][] predictRecursive(INDArray features) {
        int n = (int) features.size(0);
        int h = config.horizon();
        double[][] y = new double[n][h];
        network.rnnClearPreviousState();
        INDArray out = network.rnnTimeStep(features);
        INDArray next = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(out.size(2) - 1)).dup();
        for (int k = 0; k < h; k++) {
            for (int i = 0; i < n; i++) {
                y[i][k] = next.getDouble(i, 0);
            }
            if (k + 1 < h) {
                INDArray step = network.rnnTimeStep(next.reshape(n, 1, 1));
                next = step.reshape(n, 1).dup();
            }
        }
        network.rnnClearPreviousState();
        return y;
    }

    /** This model as a bundle (network with updater state, config, scaler, provenance). */
    @Override
    public synchronized ModelBundle toBundle() {
        return ModelBundle.of(provenance.restamped(), network, config)
                .withArtifact(SCALER, Json.write(scaler).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved forecaster to {}", file);
    }

    /**
     * Loads a model saved by {@link #save} or a training checkpoint.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt or not a forecaster bundle
     */
    public static Forecaster load(Path file) throws IOException {
        return from(ModelBundle.load(file, PRESET), file);
    }

    /** The forecaster in a loaded bundle of this preset; {@code file} names it in errors. */
    static Forecaster from(ModelBundle bundle, Path file) {
        ForecasterConfig config = bundle.config(ForecasterConfig.class);
        Standardizer scaler = Json.read(new String(bundle.artifact(SCALER), StandardCharsets.UTF_8), Standardizer.class,
                SCALER + " in " + file);
        MultiLayerNetwork network = bundle.multiLayerNetwork();
        if (network.layerInputSize(0) != config.inputColumns().length) {
            throw new IllegalArgumentException("model bundle " + file + " is inconsistent: the network reads "
                    + network.layerInputSize(0) + " columns but the config names " + config.inputColumns().length);
        }
        return new Forecaster(config, scaler, network, bundle.provenance(), bundle.trainingState().orElse(null));
    }

    @Override
    public int lookback() {
        return config.lookback();
    }

    @Override
    public int horizon() {
        return config.horizon();
    }

    @Override
    public int targetColumn() {
        return config.targetColumn();
    }

    @Override
    public int season() {
        return config.season();
    }

    @Override
    public String preset() {
        return PRESET;
    }

    public ForecasterConfig config() {
        return config;
    }

    public Standardizer scaler() {
        return scaler;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The training state stored with a checkpoint this model was loaded from, or null. */
    public TrainingState trainingState() {
        return trainingState;
    }
}
