package io.github.rnnkit.cli;

import io.github.rnnkit.core.OpenBlas;
import io.github.rnnkit.core.bundle.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code rnnkit} command. Exit codes: 0 success, 2 usage error (unknown option or preset, bad value),
 * 1 failure (missing or bad input file, training error). Results go to stdout, progress and logs to stderr.
 */
@Command(name = "rnnkit", mixinStandardHelpOptions = true, versionProvider = RnnkitCli.Version.class,
        description = "Recurrent sequence models on Deeplearning4j: train, evaluate and use task presets.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, TagCommand.class, TranslateCommand.class, CaptionCommand.class, ForecastCommand.class, GenerateCommand.class, DataCommand.class,
                InfoCommand.class, GradcheckCommand.class, GradflowCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class RnnkitCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        try {
            OpenBlas.configure();       // before ND4J's first use: which OpenBLAS it loads (-Drnnkit.blas, RNNKIT_BLAS)
        } catch (IllegalArgumentException e) {
            System.err.println("rnnkit: " + e.getMessage());
            System.exit(2);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();      // print() does not autoflush; System.exit would drop what is buffered
        err.flush();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RnnkitCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                    || cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("error: " + message(cause));
                if (System.getenv("RNNKIT_DEBUG") != null) {
                    cause.printStackTrace(commandLine.getErr());
                }
                if (cause instanceof UsageException) {
                    return 2;
                }
                return 1;
            }
            commandLine.getErr().println("error: " + cause);
            cause.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    private static String message(Throwable t) {
        if (t instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            return u.getMessage();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "file not found: " + t.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** A bad option value found after parsing: reported like picocli's own usage errors, exit code 2. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"rnnkit " + Versions.rnnkit() + " (DL4J " + Versions.dl4j() + ", ND4J backend "
                    + Versions.nd4jClassifier() + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
