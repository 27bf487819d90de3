package io.github.rnnkit.cli;

import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.presets.timeseries.DifferencedForecaster;
import io.github.rnnkit.presets.timeseries.EsnForecaster;
import io.github.rnnkit.presets.timeseries.ForecastReport;
import io.github.rnnkit.presets.timeseries.Forecaster;
import io.github.rnnkit.presets.timeseries.SeriesForecaster;
import io.github.rnnkit.spark.SparkEngine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Trains one forecaster on a loaded series and scores it on the test part: shared by train and bench. */
final class ForecastRun {
    private ForecastRun() {
    }

    /** A trained model, its bundle (with the data source), test report and training time. */
    record Result(SeriesForecaster model, ModelBundle bundle, ForecastReport test, double trainSeconds, String detail) {
    }

    static Result run(ForecastOptions options, SeriesSource source, SeriesSource.Loaded data, Path metricsDir,
                      boolean progress, PrintWriter log) throws IOException {
        return run(options, source, data, metricsDir, progress, log, null);
    }

    /** As above; a recurrent forecaster trains on {@code engine} when it is not null (the ESN cannot). */
    static Result run(ForecastOptions options, SeriesSource source, SeriesSource.Loaded data, Path metricsDir,
                      boolean progress, PrintWriter log, SparkEngine engine) throws IOException {
        int lag = options.differenceLag();
        int needed = options.lookbackSteps() + options.horizonSteps() + lag + 1;
        if (needed > data.trainEnd()) {
            throw new RnnkitCli.UsageException("--lookback " + options.lookbackSteps() + " and --horizon "
                    + options.horizonSteps() + (lag > 0 ? " on differences at lag " + lag : "") + " need at least "
                    + needed + " training rows, but the training part of " + data.series().name() + " holds "
                    + data.trainEnd() + " of its " + data.series().length() + " rows");
        }
        double[][] levels = data.rows();
        double[][] rows = lag == 0 ? levels : DifferencedForecaster.difference(levels, lag);
        int trainEnd = data.trainEnd() - lag;
        int testStart = data.testStart() - lag;
        if (trainEnd < 2) {
            throw new RnnkitCli.UsageException("--difference " + lag + " leaves no training rows (the training part "
                    + "has " + data.trainEnd() + ")");
        }
        String name = data.series().name();
        String sha = data.series().sha256();
        long start = System.nanoTime();
        SeriesForecaster model;
        ModelBundle bundle;
        String detail;
        if (options.cell == ForecastOptions.Cell.ESN) {
            if (engine != null) {
                throw new IllegalArgumentException("the echo state network cannot train on Spark");
            }
            EsnForecaster esn = EsnForecaster.create(options.esnConfig(data.inputColumns(), data.targetColumn()), rows,
                    trainEnd, name, sha);
            EsnForecaster.FitResult fit = esn.fit(rows, trainEnd, testStart, options.ridges());
            model = esn;
            bundle = esn.toBundle();
            detail = String.format(Locale.ROOT, "ESN %d units, spectral radius %s, ridge %.0e (validation RMSE %.5g)",
                    esn.config().esn().reservoirSize(), esn.config().esn().spectralRadius(), fit.ridge(),
                    fit.validationRmse());
        } else {
            TrainingConfig training = SparkOptions.on(engine, options.training());
            Forecaster f = Forecaster.create(options.gatedConfig(data.inputColumns(), data.targetColumn()), rows,
                    trainEnd, training, name, sha);
            List<TrainerListener> listeners = new ArrayList<>();
            if (progress) {
                listeners.add(new ProgressBar(System.err));
            }
            TrainingResult result;
            if (metricsDir != null) {
                try (MetricsLog metrics = new MetricsLog(metricsDir)) {
                    listeners.add(metrics);
                    result = f.fit(rows, trainEnd, testStart, training, listeners, null);
                }
            } else {
                result = f.fit(rows, trainEnd, testStart, training, listeners, null);
            }
            model = f;
            bundle = f.toBundle();
            detail = String.format(Locale.ROOT, "%s %d x %d, %d parameters, %s after %d iterations%s",
                    f.config().spec().cell(), f.config().spec().depth(), f.config().spec().hiddenSize(),
                    f.network().numParams(), result.reason(), result.state().iteration(),
                    engine == null ? "" : " on " + engine.describe());
        }
        if (lag > 0) {
            model = new DifferencedForecaster(model, lag);
            bundle = model.toBundle();
            detail += ", on differences at lag " + lag;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ForecastReport test = model.evaluate(levels, data.trainEnd(), data.testStart(), levels.length, options.stride);
        bundle = bundle.withArtifact(SeriesSource.ARTIFACT, source.toJson());
        if (log != null) {
            log.printf(Locale.ROOT, "trained in %.1f s: %s%n", seconds, detail);
        }
        return new Result(model, bundle, test, seconds, detail);
    }

    /** The data source recorded in a loaded forecaster bundle; {@code file} names it in errors. */
    static SeriesSource recordedSource(ModelBundle b, Path file) {
        if (!b.artifacts().containsKey(SeriesSource.ARTIFACT)) {
            throw new IllegalArgumentException(file + " records no data source (" + SeriesSource.ARTIFACT
                    + "): it was not written by rnnkit train forecaster");
        }
        return SeriesSource.fromJson(b.artifact(SeriesSource.ARTIFACT), SeriesSource.ARTIFACT + " in " + file);
    }
}
