package io.github.rnnkit.cli;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.gradcheck.CheckOptions;
import io.github.rnnkit.gradcheck.GradientCheckSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code rnnkit gradcheck}: hand-derived BPTT vs numerical gradients vs DL4J's and rnnkit's layers. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check the hand-derived BPTT equations against numerical gradients, and every recurrent layer",
                "rnnkit ships or wraps against them (double precision, tiny sizes). Prints one table per check",
                "(max relative error per parameter) and exits 1 if any check is not as expected."})
final class GradcheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cell", defaultValue = "all", description = "rnn, lstm, gru or all (default: ${DEFAULT-VALUE})")
    String cell;

    @Option(names = "--tbptt", description = "also check truncated BPTT with this segment length, 1..steps (default: off)")
    Integer tbptt;

    @Option(names = "--masks", description = "use a batch of variable-length sequences under masks")
    boolean masks;

    @Option(names = "--hidden", defaultValue = "5", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--steps", defaultValue = "8", description = "time steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--precision", defaultValue = "double", description = "must be double (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        if (!precision.equalsIgnoreCase("double")) {
            throw new RnnkitCli.UsageException("--precision must be double, got '" + precision + "': float32 rounding "
                    + "(~1e-7 relative) is as large as the errors a gradient check must detect");
        }
        Set<RecurrentCell> cells = parseCells(cell);
        if (tbptt != null && (tbptt < 1 || tbptt > steps)) {
            throw new RnnkitCli.UsageException("--tbptt must be in [1, --steps = " + steps + "], got " + tbptt);
        }
        CheckOptions options;
        try {
            options = new CheckOptions(4, hidden, 6, steps, 3, masks, tbptt == null ? 0 : tbptt, seed);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
        List<GradientCheckSuite.Check> checks = new GradientCheckSuite(options).run(cells);
        spec.commandLine().getOut().print(GradientCheckSuite.format(checks));
        return checks.stream().allMatch(GradientCheckSuite.Check::asExpected) ? 0 : 1;
    }

    static Set<RecurrentCell> parseCells(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "all" -> EnumSet.allOf(RecurrentCell.class);
            case "rnn", "simple_rnn", "simplernn" -> EnumSet.of(RecurrentCell.SIMPLE_RNN);
            case "lstm" -> EnumSet.of(RecurrentCell.LSTM);
            case "gru" -> EnumSet.of(RecurrentCell.GRU);
            default -> throw new RnnkitCli.UsageException("--cell must be one of rnn, lstm, gru, all; got '" + value + "'");
        };
    }
}
