package io.github.rnnkit.cli;

import io.github.rnnkit.presets.timeseries.ForecastReport;
import io.github.rnnkit.spark.SparkEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit train forecaster}: forecast a numeric series with an LSTM, GRU, RNN or echo state network. */
@Command(name = "forecaster", mixinStandardHelpOptions = true,
        description = {"Train a multi-step forecaster on a numeric series (a CSV column or a named dataset), split",
                "chronologically into train / validation / test. --cell LSTM|GRU|RNN trains a recurrent network",
                "(early stopping on validation RMSE); --cell ESN fits an echo state network's readout in closed",
                "form (ridge chosen on validation). Prints the test RMSE, MAE, MASE and NRMSE beside the naive and",
                "seasonal-naive forecasts, writes forecast.png, and saves the bundle with its data source."})
final class TrainForecasterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ForecastOptions options = new ForecastOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "forecaster.zip",
            description = "where to save the model bundle (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--metrics-dir", paramLabel = "DIR",
            description = "write forecast.png (and for LSTM/GRU/RNN metrics.jsonl, training-curve.png) here (default: next to --out)")
    Path metricsDir;

    @Override
    public Integer call() throws Exception {
        SeriesSource source = options.source();
        options.training();
        if (options.stride < 1) {
            throw new RnnkitCli.UsageException("--stride must be >= 1, got " + options.stride);
        }
        if (spark.master != null && options.cell == ForecastOptions.Cell.ESN) {
            throw new RnnkitCli.UsageException("--spark: the echo state network (--cell ESN) cannot train on Spark: "
                    + "it fits its readout in closed form from one pass over the series, with no minibatches to "
                    + "distribute. Train it without --spark (it takes seconds), or use --cell LSTM, GRU or RNN");
        }
        SeriesSource.Loaded data = source.load();
        PrintWriter o = spec.commandLine().getOut();
        o.println(data.describe());
        Path metrics = metricsDir != null ? metricsDir : TrainCharLmCommand.defaultMetricsDir(out);
        Files.createDirectories(metrics);
        SparkEngine engine = spark.start(SparkOptions.runDir(out));
        ForecastRun.Result r;
        try {
            r = ForecastRun.run(options, source, data, options.cell == ForecastOptions.Cell.ESN ? null : metrics,
                    true, o, engine);
            r.bundle().save(out);
            SparkOptions.stamp(engine, out);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        ForecastReport test = r.test();
        o.println("test part:");
        o.println(test.toTable());
        Path png = metrics.resolve("forecast.png");
        ImageIO.write(r.model().plot(data.rows(), data.testStart(), data.rows().length,
                data.series().name() + ": test part"), "png", png.toFile());
        o.printf(Locale.ROOT, "model saved to %s%nforecast plot: %s%n", out.toAbsolutePath(), png.toAbsolutePath());
        return 0;
    }
}
