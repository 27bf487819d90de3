package io.github.rnnkit.cli;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.esn.EsnConfig;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.series.MissingValues;
import io.github.rnnkit.presets.timeseries.EsnForecasterConfig;
import io.github.rnnkit.presets.timeseries.ForecasterConfig;
import io.github.rnnkit.presets.timeseries.Strategy;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The data, model and training options of {@code train forecaster} and {@code bench forecast}. */
final class ForecastOptions {
    /** The model inside a forecaster. */
    enum Cell { LSTM, GRU, RNN, ESN }

    @Option(names = "--data", paramLabel = "CSV", description = "a CSV file, one row per time step in time order")
    Path data;

    @Option(names = "--column", paramLabel = "COLUMN",
            description = "--data: the column to forecast, by header name or 0-based index (required with --data)")
    String column;

    @Option(names = "--inputs", split = ",", paramLabel = "COLUMN",
            description = "--data: more columns the model reads (the target is always read)")
    List<String> inputs;

    @Option(names = "--delimiter", defaultValue = ",", description = "--data: field delimiter (default: '${DEFAULT-VALUE}')")
    char delimiter;

    @Option(names = "--missing", defaultValue = "REFUSE",
            description = "--data: missing values (empty, NA, NaN): ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    MissingValues missing;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "a named series instead of --data: co2, sunspots, nile, elnino, elec_equip (statsmodels), "
                    + "mackey-glass, narma10 (generated from --data-seed)")
    String dataset;

    @Option(names = "--length", description = "mackey-glass / narma10: steps generated (default: 5000)")
    Integer length;

    @Option(names = "--data-seed", defaultValue = "1", description = "mackey-glass / narma10: generator seed (default: ${DEFAULT-VALUE})")
    long dataSeed;

    @Option(names = "--val-fraction", defaultValue = "0.1", description = "chronological validation part (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "chronological test part, the last rows (default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--cell", defaultValue = "LSTM", description = "${COMPLETION-CANDIDATES} (ESN: an echo state network) (default: ${DEFAULT-VALUE})")
    Cell cell;

    @Option(names = "--lookback", description = "rows read before each forecast (default: per dataset, 32 for --data)")
    Integer lookback;

    @Option(names = "--horizon", description = "steps forecast ahead (default: per dataset, 1 for --data)")
    Integer horizon;

    @Option(names = "--strategy", description = "DIRECT (all steps at once) or RECURSIVE (one step, fed back) (default: per dataset, DIRECT for --data)")
    Strategy strategy;

    @Option(names = "--season", description = "season length of the seasonal-naive baseline and MASE, 1 for none (default: per dataset, 1 for --data)")
    Integer season;

    @Option(names = "--difference", paramLabel = "LAG",
            description = "model differences x(t) - x(t-LAG) instead of levels: 1 removes a trend, the season length a "
                    + "seasonal pattern; 0 for levels (default: per dataset, 0 for --data)")
    Integer difference;

    @Option(names = "--stride", defaultValue = "1", description = "evaluate forecasts from every N-th origin of the test part (default: ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--hidden", defaultValue = "64", description = "LSTM/GRU/RNN: units per layer (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "LSTM/GRU/RNN: layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--epochs", defaultValue = "40", description = "LSTM/GRU/RNN: maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "LSTM/GRU/RNN: windows per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.003", description = "LSTM/GRU/RNN: learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--patience", defaultValue = "6", description = "LSTM/GRU/RNN: early-stopping patience in epochs on validation RMSE, 0 to disable (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--minutes", description = "LSTM/GRU/RNN: stop training after this many minutes (default: no limit)")
    Double minutes;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, reservoir and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--reservoir", defaultValue = "500", description = "ESN: reservoir units (default: ${DEFAULT-VALUE})")
    int reservoir;

    @Option(names = "--spectral-radius", description = "ESN: largest |eigenvalue| of the reservoir (default: 0.9; narma10 0.95)")
    Double spectralRadius;

    @Option(names = "--input-scaling", description = "ESN: input weights uniform in +-this, on standardised inputs (default: 0.5; narma10 0.02)")
    Double inputScaling;

    @Option(names = "--bias-scaling", defaultValue = "0.2", description = "ESN: bias weights uniform in +-this (default: ${DEFAULT-VALUE})")
    double biasScaling;

    @Option(names = "--leak-rate", defaultValue = "1.0", description = "ESN: leak rate in (0, 1], 1 for none (default: ${DEFAULT-VALUE})")
    double leakRate;

    @Option(names = "--connectivity", description = "ESN: fraction of non-zero reservoir weights (default: 10 per unit)")
    Double connectivity;

    @Option(names = "--washout", description = "ESN: steps left out at the start of training, at most --lookback (default: the lookback)")
    Integer washout;

    @Option(names = "--ridge", split = ",", description = "ESN: ridge penalties to try on the validation part (default: 1e-10,1e-9,...,100)")
    double[] ridge;

    /** Per-dataset defaults: lookback, horizon, strategy, season, differencing lag. */
    private record Defaults(int lookback, int horizon, Strategy strategy, int season, int difference) {
    }

    private static Defaults defaults(String dataset) {
        return switch (dataset) {
            case "co2" -> new Defaults(104, 52, Strategy.DIRECT, 52, 52);
            case "sunspots" -> new Defaults(33, 11, Strategy.DIRECT, 11, 0);
            case "nile" -> new Defaults(20, 5, Strategy.DIRECT, 1, 0);
            case "elnino" -> new Defaults(48, 12, Strategy.DIRECT, 12, 0);
            case "elec_equip" -> new Defaults(36, 12, Strategy.DIRECT, 12, 0);
            case "mackey-glass" -> new Defaults(200, 84, Strategy.RECURSIVE, 1, 0);
            case "narma10" -> new Defaults(100, 1, Strategy.DIRECT, 1, 0);
            default -> new Defaults(32, 1, Strategy.DIRECT, 1, 0);
        };
    }

    private Defaults resolved() {
        Defaults d = defaults(datasetId());
        if (difference != null && difference < 0) {
            throw new RnnkitCli.UsageException("--difference must be >= 0 (0 for levels), got " + difference);
        }
        return new Defaults(lookback != null ? lookback : d.lookback(), horizon != null ? horizon : d.horizon(),
                strategy != null ? strategy : d.strategy(), season != null ? season : d.season(),
                difference != null ? difference : d.difference());
    }

    private String datasetId() {
        if (dataset == null) {
            return "csv";
        }
        String id = dataset.toLowerCase(Locale.ROOT).replace("elec-equip", "elec_equip").replace("narma-10", "narma10")
                .replace("mackeyglass", "mackey-glass");
        if (!SeriesSource.DATASETS.contains(id)) {
            throw new RnnkitCli.UsageException("unknown --dataset '" + dataset + "'; known: "
                    + String.join(", ", SeriesSource.DATASETS));
        }
        return id;
    }

    /** The data source; exactly one of --data and --dataset. */
    SeriesSource source() {
        if ((data == null) == (dataset == null)) {
            throw new RnnkitCli.UsageException("give either --data CSV (with --column) or --dataset NAME ("
                    + String.join(", ", SeriesSource.DATASETS) + ")");
        }
        if (length != null && length < 100) {
            throw new RnnkitCli.UsageException("--length must be at least 100, got " + length);
        }
        String id = datasetId();
        int n = length != null ? length : 5000;
        if (id.equals("csv")) {
            if (length != null) {
                throw new RnnkitCli.UsageException("--length sets how many steps mackey-glass / narma10 generate; "
                        + "--data " + data + " is read whole");
            }
            return new SeriesSource("csv", data.toAbsolutePath().toString(), column == null ? missingColumn() : column,
                    inputs == null ? List.of() : inputs, true, delimiter, missing, 0, 0, valFraction, testFraction);
        }
        if (column != null || inputs != null) {
            throw new RnnkitCli.UsageException("--column and --inputs choose columns of --data; --dataset " + id
                    + " has its own");
        }
        if (id.equals("narma10")) {
            return new SeriesSource(id, null, "y", List.of("u"), false, ',', MissingValues.REFUSE, n, dataSeed,
                    valFraction, testFraction);
        }
        return new SeriesSource(id, null, "0", List.of(), true, ',', MissingValues.REFUSE, n, dataSeed, valFraction,
                testFraction);
    }

    private static String missingColumn() {
        throw new RnnkitCli.UsageException("--data needs --column NAME (the column to forecast)");
    }

    int season() {
        return resolved().season();
    }

    int lookbackSteps() {
        return resolved().lookback();
    }

    int horizonSteps() {
        return resolved().horizon();
    }

    /** The differencing lag, 0 for levels. */
    int differenceLag() {
        return resolved().difference();
    }

    /** The gated forecaster's shape. */
    ForecasterConfig gatedConfig(int[] inputColumns, int target) {
        Defaults d = resolved();
        RecurrentCell c = switch (cell) {
            case LSTM -> RecurrentCell.LSTM;
            case GRU -> RecurrentCell.GRU;
            case RNN -> RecurrentCell.SIMPLE_RNN;
            case ESN -> throw new IllegalStateException("ESN is not a gated cell");
        };
        try {
            return new ForecasterConfig(new RecurrentSpec(c, hidden, layers, BidirectionalMode.NONE, 0.0,
                    RecurrentImpl.RNNKIT), d.lookback(), d.horizon(), d.strategy(), inputColumns, target, d.season());
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    /** The ESN forecaster's shape. */
    EsnForecasterConfig esnConfig(int[] inputColumns, int target) {
        Defaults d = resolved();
        try {
            int w = washout != null ? washout : d.lookback();
            double conn = connectivity != null ? connectivity : Math.min(1.0, 10.0 / reservoir);
            boolean narma = datasetId().equals("narma10");
            double radius = spectralRadius != null ? spectralRadius : narma ? 0.95 : 0.9;
            double scaling = inputScaling != null ? inputScaling : narma ? 0.02 : 0.5;
            EsnConfig esn = new EsnConfig(reservoir, radius, scaling, biasScaling, leakRate, conn, w, 1e-6, seed);
            return new EsnForecasterConfig(esn, d.lookback(), d.horizon(), d.strategy(), inputColumns, target,
                    d.season());
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }

    double[] ridges() {
        if (ridge == null) {
            return io.github.rnnkit.presets.timeseries.EsnForecaster.defaultRidges();
        }
        for (double r : ridge) {
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw new RnnkitCli.UsageException("--ridge values must be >= 0, got " + r);
            }
        }
        return ridge.clone();
    }

    TrainingConfig training() {
        if (minutes != null && !(minutes > 0)) {
            throw new RnnkitCli.UsageException("--minutes must be > 0, got " + minutes);
        }
        try {
            return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(batch).withLearningRate(learningRate)
                    .withEarlyStoppingPatience(patience).withSeed(seed)
                    .withMaxDuration(minutes == null ? null : Duration.ofMillis((long) (minutes * 60_000)));
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
    }
}
