package io.github.rnnkit.presets.timeseries;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.esn.EchoStateNetwork;
import io.github.rnnkit.core.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-step forecasting with an {@link EchoStateNetwork}: the same data, splits, metrics, plots and CLI as the
 * gated {@link Forecaster}, but only a linear readout is trained, in closed form, in seconds.
 *
 * <p>Training drives the reservoir once over the standardised training rows (the first {@code washout} states left
 * out) and solves the ridge regression for the readout: for {@link Strategy#DIRECT}, from the state at t to the
 * targets at t+1..t+horizon; for {@link Strategy#RECURSIVE}, to the target at t+1 (teacher forcing). When a
 * validation range and several ridge values are given, the ridge with the lowest validation RMSE is kept. A forecast
 * from origin o drives the reservoir from zero over rows o-lookback+1..o, then reads the readout (direct) or runs the
 * network free, feeding each output back as the next input (recursive).
 *
 * <pre>{@code
 * EsnForecaster f = EsnForecaster.create(EsnForecasterConfig.univariate(200, 84, Strategy.RECURSIVE, 1), rows,
 *         trainEnd, 42, "mackey-glass", "");
 * f.fit(rows, trainEnd, validationEnd, 1e-10, 1e-8, 1e-6);
 * ForecastReport test = f.evaluate(rows, trainEnd, validationEnd, rows.length, 10);
 * }</pre>
 *
 * <p>Safe to share between threads: {@link #forecast} carries the network's running state for the recursive
 * strategy, so it and every other method that touches the network are synchronized (one thread at a time). For
 * parallel forecasting {@link #load} one instance per thread.
 */
public final class EsnForecaster implements SeriesForecaster {
    private static final Logger log = LoggerFactory.getLogger(EsnForecaster.class);

    public static final String PRESET = "esn-forecaster";
    static final String NETWORK = "esn.json";

    private final EsnForecasterConfig config;
    private final Standardizer scaler;
    private final Provenance provenance;
    private EchoStateNetwork esn;

    private EsnForecaster(EsnForecasterConfig config, Standardizer scaler, EchoStateNetwork esn,
                          Provenance provenance) {
        this.config = config;
        this.scaler = scaler;
        this.esn = esn;
        this.provenance = provenance;
    }

    /**
     * A forecaster with a new reservoir (from the config's seed) and no readout; the standardisation is fitted on rows
     * [0, trainEnd).
     */
    public static EsnForecaster create(EsnForecasterConfig config, double[][] rows, int trainEnd, String datasetName,
                                       String datasetSha256) {
        Checks.notNull(config, "config");
        checkRows(rows, config);
        int minTrain = config.esn().washout() + config.horizon() + 1;
        if (trainEnd < minTrain || trainEnd > rows.length) {
            throw new IllegalArgumentException("the training part holds " + trainEnd + " of " + rows.length
                    + " rows; a washout of " + config.esn().washout() + " and a horizon of " + config.horizon()
                    + " need at least " + minTrain);
        }
        int outputs = config.strategy() == Strategy.DIRECT ? config.horizon() : 1;
        EchoStateNetwork esn = EchoStateNetwork.create(config.esn(), config.inputColumns().length, outputs);
        log.info("ESN forecaster: {} units ({} connections, spectral radius {}), lookback {}, horizon {} ({}), {} input "
                        + "column(s)", config.esn().reservoirSize(), esn.connections(), config.esn().spectralRadius(),
                config.lookback(), config.horizon(), config.strategy(), config.inputColumns().length);
        return new EsnForecaster(config, Standardizer.fit(rows, trainEnd), esn,
                Provenance.now(PRESET, config.esn().seed(), datasetName, datasetSha256));
    }

    private static void checkRows(double[][] rows, EsnForecasterConfig config) {
        SeriesRows.check(rows, config.inputColumns(), config.targetColumn());
    }

    /** The fit's outcome: the ridge kept, the training RMSE (standardised units) and validation RMSE (series units). */
    public record FitResult(double ridge, double trainingRmse, double validationRmse, long millis) {
    }

    /**
     * Fits the readout on rows [0, trainEnd). With {@code ridges} given and validation origins in [trainEnd,
     * validationEnd), each ridge is tried and the one with the lowest validation RMSE kept; otherwise the config's
     * ridge is used.
     */
    public synchronized FitResult fit(double[][] rows, int trainEnd, int validationEnd, double... ridges) {
        checkRows(rows, config);
        if (trainEnd > validationEnd || validationEnd > rows.length) {
            throw new IllegalArgumentException("need trainEnd <= validationEnd <= rows; got " + trainEnd + ", "
                    + validationEnd + ", " + rows.length);
        }
        long start = System.nanoTime();
        int h = config.horizon();
        int steps = config.strategy() == Strategy.DIRECT ? trainEnd - h : trainEnd - 1;
        if (steps <= config.esn().washout()) {
            throw new IllegalArgumentException("the training part (" + trainEnd + " rows) leaves nothing after the "
                    + "washout of " + config.esn().washout() + " steps");
        }
        double[][] inputs = new double[steps][];
        double[][] targets = new double[steps][];
        int target = config.targetColumn();
        for (int t = 0; t < steps; t++) {
            inputs[t] = scaledInputs(rows[t]);
            int outs = config.strategy() == Strategy.DIRECT ? h : 1;
            targets[t] = new double[outs];
            for (int k = 0; k < outs; k++) {
                targets[t][k] = scaler.scale(target, rows[t + 1 + k][target]);
            }
        }
        int[] validation = origins(rows.length, trainEnd, validationEnd, 1);
        double[] grid = ridges == null || ridges.length == 0 || validation.length == 0
                ? new double[]{config.esn().ridge()} : ridges.clone();
        EchoStateNetwork best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        double bestTraining = Double.NaN;
        for (double ridge : grid) {
            EchoStateNetwork candidate = esn.withRidge(ridge);
            double training = candidate.fit(inputs, targets);
            esn = candidate;
            double rmse = validation.length == 0 ? Double.NaN : score(rows, validation, trainEnd).rmse();
            log.info("ESN readout with ridge {}: training RMSE {} (standardised){}", ridge,
                    String.format("%.5g", training),
                    validation.length == 0 ? "" : String.format(", validation RMSE %.5g", rmse));
            if (best == null || rmse < bestRmse) {
                best = candidate;
                bestRmse = rmse;
                bestTraining = training;
            }
        }
        esn = best;
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("ESN fitted in {} ms: ridge {}{}", millis, esn.config().ridge(),
                validation.length == 0 ? "" : ", validation RMSE " + String.format("%.5g", bestRmse));
        return new FitResult(esn.config().ridge(), bestTraining, bestRmse, millis);
    }

    private double[] scaledInputs(double[] row) {
        int[] columns = config.inputColumns();
        double[] u = new double[columns.length];
        for (int i = 0; i < columns.length; i++) {
            u[i] = scaler.scale(columns[i], row[columns[i]]);
        }
        return u;
    }

    @Override
    public synchronized double[][] forecast(double[][] rows, int[] origins) {
        checkRows(rows, config);
        Checks.notNull(origins, "origins");
        if (!esn.isFitted()) {
            throw new IllegalStateException("the ESN's readout is not fitted yet: call fit first");
        }
        int lookback = config.lookback();
        int target = config.targetColumn();
        double[][] out = new double[origins.length][];
        for (int i = 0; i < origins.length; i++) {
            int origin = origins[i];
            if (origin < lookback - 1 || origin >= rows.length) {
                throw new IllegalArgumentException("origin " + origin + " needs rows " + (origin - lookback + 1) + ".."
                        + origin + " of a series of " + rows.length + " rows (lookback " + lookback + ")");
            }
            double[][] window = new double[lookback][];
            for (int s = 0; s < lookback; s++) {
                window[s] = scaledInputs(rows[origin - lookback + 1 + s]);
            }
            double[][] states = esn.states(window, null);
            double[] first = esn.output(window[lookback - 1], states[lookback - 1]);
            double[] scaled;
            if (config.strategy() == Strategy.DIRECT) {
                scaled = first;
            } else {
                scaled = new double[config.horizon()];
                scaled[0] = first[0];
                esn.setState(states[lookback - 1]);
                double[][] rest = esn.generate(first, config.horizon() - 1);
                for (int k = 1; k < scaled.length; k++) {
                    scaled[k] = rest[k - 1][0];
                }
                esn.reset();
            }
            double[] y = new double[config.horizon()];
            for (int k = 0; k < y.length; k++) {
                y[k] = scaler.unscale(target, scaled[k]);
            }
            out[i] = y;
        }
        return out;
    }

    /** This model as a bundle (no DL4J network: the ESN and the scaler are artifacts). */
    @Override
    public synchronized ModelBundle toBundle() {
        return ModelBundle.withoutNetwork(provenance.restamped(), config())
                .withArtifact(NETWORK, esn.toJson())
                .withArtifact(Forecaster.SCALER, Json.write(scaler).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved ESN forecaster to {}", file);
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt or not an ESN forecaster bundle
     */
    public static EsnForecaster load(Path file) throws IOException {
        return from(ModelBundle.load(file, PRESET), file);
    }

    /** The forecaster in a loaded bundle of this preset; {@code file} names it in errors. */
    static EsnForecaster from(ModelBundle bundle, Path file) {
        EsnForecasterConfig config = bundle.config(EsnForecasterConfig.class);
        Standardizer scaler = Json.read(new String(bundle.artifact(Forecaster.SCALER), StandardCharsets.UTF_8),
                Standardizer.class, Forecaster.SCALER + " in " + file);
        EchoStateNetwork esn = EchoStateNetwork.fromJson(bundle.artifact(NETWORK), NETWORK + " in " + file);
        int outputs = config.strategy() == Strategy.DIRECT ? config.horizon() : 1;
        if (esn.inputs() != config.inputColumns().length || esn.outputs() != outputs || !esn.isFitted()) {
            throw new IllegalArgumentException("model bundle " + file + " is inconsistent: the ESN has " + esn.inputs()
                    + " input(s) and " + esn.outputs() + " output(s)" + (esn.isFitted() ? "" : " and no readout")
                    + " but the config needs " + config.inputColumns().length + " and " + outputs);
        }
        return new EsnForecaster(config, scaler, esn, bundle.provenance());
    }

    /** The configuration, with the ridge the last {@link #fit} chose. */
    public EsnForecasterConfig config() {
        return config.withEsn(esn.config());
    }

    public EchoStateNetwork network() {
        return esn;
    }

    public Standardizer scaler() {
        return scaler;
    }

    public Provenance provenance() {
        return provenance;
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

    /** Every ridge value tried by default: 1e-10 .. 100, a decade apart. */
    public static double[] defaultRidges() {
        List<Double> r = new ArrayList<>();
        for (int e = -10; e <= 2; e++) {
            r.add(Math.pow(10, e));
        }
        return r.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
