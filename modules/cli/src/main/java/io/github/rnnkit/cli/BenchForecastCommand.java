package io.github.rnnkit.cli;

import io.github.rnnkit.presets.timeseries.ForecastReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnnkit bench forecast}: the echo state network, LSTM and GRU forecasters beside the naive baselines on the
 * same chronological splits, with their training times: a markdown table for docs/benchmarks.md.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Forecasters on named series (Mackey-Glass 84 steps, NARMA-10, co2, sunspots by default):",
                "each --cells model trained on the same chronological split with the per-dataset defaults of",
                "rnnkit train forecaster, scored on the test part beside the naive and seasonal-naive forecasts.",
                "Markdown table on stdout and in --out/forecast.md."})
final class BenchForecastCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--datasets", split = ",", defaultValue = "mackey-glass,narma10,co2,sunspots",
            description = "named series (default: ${DEFAULT-VALUE})")
    List<String> datasets;

    @Option(names = "--cells", split = ",", defaultValue = "ESN,LSTM,GRU", description = "models (default: ${DEFAULT-VALUE})")
    List<ForecastOptions.Cell> cells;

    @Option(names = "--minutes", defaultValue = "6", description = "training time cap per LSTM/GRU model (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--epochs", defaultValue = "60", description = "epoch cap per LSTM/GRU model (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--mg-reservoir", defaultValue = "1000", description = "ESN units on Mackey-Glass (default: ${DEFAULT-VALUE}, as Jaeger and Haas 2004)")
    int mgReservoir;

    @Option(names = "--out", defaultValue = "bench/results/forecast", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!(minutes > 0)) {
            throw new RnnkitCli.UsageException("--minutes must be > 0, got " + minutes);
        }
        Files.createDirectories(out);
        PrintWriter o = spec.commandLine().getOut();
        List<String> table = new ArrayList<>();
        table.add("| series (test part) | model | RMSE | NRMSE | NRMSE at last step | MASE | naive RMSE | seasonal-naive RMSE | training |");
        table.add("|---|---|---|---|---|---|---|---|---|");
        for (String dataset : datasets) {
            for (ForecastOptions.Cell cell : cells) {
                // the defaults of rnnkit train forecaster, parsed from its options, with the benchmark's caps
                List<String> args = new ArrayList<>(List.of("--dataset", dataset, "--cell", cell.name(),
                        "--minutes", String.valueOf(minutes), "--epochs", String.valueOf(epochs), "--patience", "8"));
                if (dataset.startsWith("mackey")) {
                    args.addAll(List.of("--reservoir", String.valueOf(mgReservoir),
                            "--ridge", "1e-14,1e-13,1e-12,1e-11,1e-10,1e-9,1e-8,1e-6"));
                }
                ForecastOptions options = CommandLine.populateCommand(new ForecastOptions(),
                        args.toArray(new String[0]));
                SeriesSource source = options.source();
                SeriesSource.Loaded data = source.load();
                o.println("== " + dataset + " / " + cell + ": " + data.describe());
                o.flush();
                ForecastRun.Result r = ForecastRun.run(options, source, data, null, false, o);
                ForecastReport t = r.test();
                o.println(t.toTable());
                o.flush();
                r.bundle().save(out.resolve(dataset + "-" + cell.name().toLowerCase(Locale.ROOT) + ".zip"));
                table.add(String.format(Locale.ROOT, "| %s (%d forecasts of %d steps) | %s | %.4g | %.4g | %.3g | %.3f "
                                + "| %.4g | %.4g | %.1f s |", dataset, t.origins(), t.horizon(), r.detail(), t.rmse(),
                        t.nrmse(), t.nrmseAtLastStep(), t.mase(), t.naiveRmse(), t.seasonalRmse(), r.trainSeconds()));
            }
        }
        String md = String.join("\n", table) + "\n";
        Files.writeString(out.resolve("forecast.md"), md, StandardCharsets.UTF_8);
        o.println(md);
        return 0;
    }
}
