package io.github.rnnkit.cli;

import io.github.rnnkit.presets.timeseries.SeriesForecaster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit forecast MODEL}: the next steps after the end of a series. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Forecast the next --horizon steps after the last row of the series the model was trained on,",
                "or of --data CSV (same columns). Prints 'step<TAB>forecast' lines; --png draws the last rows and the",
                "forecast."})
final class ForecastCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a bundle written by rnnkit train forecaster")
    Path bundle;

    @Option(names = "--data", paramLabel = "CSV", description = "the series to continue (default: the training data)")
    Path data;

    @Option(names = "--png", paramLabel = "FILE", description = "also plot the series' tail and the forecast")
    Path png;

    @Override
    public Integer call() throws Exception {
        var loadedBundle = io.github.rnnkit.core.bundle.ModelBundle.load(bundle);
        SeriesForecaster model = SeriesForecaster.from(loadedBundle, bundle);
        SeriesSource source = ForecastRun.recordedSource(loadedBundle, bundle);
        if (data != null) {
            source = source.withFile(data);
        }
        SeriesSource.Loaded loaded = source.load();
        double[][] rows = loaded.rows();
        double[] next = model.forecast(rows);
        PrintWriter o = spec.commandLine().getOut();
        o.println("step\tforecast");
        for (int k = 0; k < next.length; k++) {
            o.printf(Locale.ROOT, "%d\t%.6g%n", rows.length + k, next[k]);
        }
        if (png != null) {
            int tail = Math.min(rows.length, Math.max(4 * next.length, model.lookback()));
            double[] tx = new double[tail];
            double[] ty = new double[tail];
            for (int i = 0; i < tail; i++) {
                tx[i] = rows.length - tail + i;
                ty[i] = rows[rows.length - tail + i][model.targetColumn()];
            }
            double[] fx = new double[next.length];
            for (int k = 0; k < next.length; k++) {
                fx[k] = rows.length + k;
            }
            ImageIO.write(new io.github.rnnkit.core.plot.LinePlot(loaded.series().name() + ": forecast", "step")
                    .add(new io.github.rnnkit.core.plot.LinePlot.Series("series", tx, ty, false))
                    .add(new io.github.rnnkit.core.plot.LinePlot.Series("forecast", fx, next, false))
                    .render(1000, 480), "png", png.toFile());
            spec.commandLine().getErr().println("plot written to " + png.toAbsolutePath());
        }
        return 0;
    }
}
