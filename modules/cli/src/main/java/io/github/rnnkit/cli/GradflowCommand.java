package io.github.rnnkit.cli;

import io.github.rnnkit.gradcheck.GradientFlow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnnkit gradflow}: vanishing and exploding gradients, measured, as a table and a plot. */
@Command(name = "gradflow", mixinStandardHelpOptions = true,
        description = {"Gradient-flow diagnostics: |dL_T/dh(T-k)| against k for the vanilla RNN, LSTM and GRU,",
                "freshly initialised and after brief training on delayed recall; the recurrent matrix's spectral",
                "radius; what clipping by global norm does. Prints a table and writes a PNG plot."})
final class GradflowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cell", defaultValue = "all", description = "rnn, lstm, gru or all (default: ${DEFAULT-VALUE})")
    String cell;

    @Option(names = "--hidden", defaultValue = "32", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--steps", defaultValue = "60", description = "sequence length T (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--delay", defaultValue = "8", description = "delayed-recall distance of the training task (default: ${DEFAULT-VALUE})")
    int delay;

    @Option(names = "--train-batches", defaultValue = "150", description = "training batches, 0 for untrained only (default: ${DEFAULT-VALUE})")
    int trainBatches;

    @Option(names = "--clip", defaultValue = "1.0", description = "global-norm clipping threshold to illustrate (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "gradflow.png", description = "the plot (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        GradientFlow.Options options;
        try {
            options = new GradientFlow.Options(8, hidden, steps, delay, trainBatches, seed);
        } catch (IllegalArgumentException e) {
            throw new RnnkitCli.UsageException(e.getMessage());
        }
        if (!(clip > 0)) {
            throw new RnnkitCli.UsageException("--clip must be > 0, got " + clip);
        }
        List<GradientFlow.Curve> curves = new GradientFlow(options).measure(GradcheckCommand.parseCells(cell));
        spec.commandLine().getOut().print(GradientFlow.table(curves, clip));
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        GradientFlow.plot(curves, out);
        spec.commandLine().getOut().printf("plot: %s%n", out.toAbsolutePath());
        return 0;
    }
}
