package io.github.rnnkit.cli;

import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.Sampling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rnnkit generate BUNDLE}: sample text from a character language model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with a character language model, step by step with carried state.")
final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a charlm bundle")
    Path bundle;

    @Option(names = "--prime", defaultValue = "", description = "text to start from (default: none)")
    String prime;

    @Option(names = {"-n", "--length"}, defaultValue = "500", description = "characters to generate (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = {"-t", "--temperature"}, defaultValue = "0.8",
            description = "> 0; below 1 is safer, above 1 wilder (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "sample only among the k likeliest characters, 0 for all (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--seed", defaultValue = "42", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (length < 1) {
            throw new RnnkitCli.UsageException("--length must be >= 1, got " + length);
        }
        Sampling sampling;
        try {
            sampling = new Sampling(temperature, topK, seed);
        } catch (IllegalArgumentException e) {
            throw OptionNames.usage(e);
        }
        CharLanguageModel lm = CharLanguageModel.load(bundle);
        spec.commandLine().getOut().println(prime + lm.generate(prime, length, sampling));
        return 0;
    }
}
