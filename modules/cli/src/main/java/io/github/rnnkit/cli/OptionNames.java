package io.github.rnnkit.cli;

import java.util.Map;

/**
 * Turns a validation error of rnnkit's API, whose message starts with the parameter's API name
 * ("learningRate must be a finite number > 0, got 0.0"), into a usage error that names the command-line
 * option the user typed ("--lr must be ..."), so that no message names a setter the user never saw.
 */
final class OptionNames {
    /** API parameter name to command-line option, for every option that feeds a validated record. */
    static final Map<String, String> CLI = Map.ofEntries(
            Map.entry("hiddenSize", "--hidden"), Map.entry("depth", "--layers"), Map.entry("dropout", "--dropout"),
            Map.entry("sequenceLength", "--seq-length"), Map.entry("maxValidationChars", "--validation-chars"),
            Map.entry("epochs", "--epochs"), Map.entry("batchSize", "--batch"), Map.entry("learningRate", "--lr"),
            Map.entry("clipGlobalNorm", "--clip"), Map.entry("tbpttLength", "--tbptt"), Map.entry("lrDecay", "--lr-decay"),
            Map.entry("earlyStoppingPatience", "--patience"), Map.entry("temperature", "--temperature"),
            Map.entry("topK", "--top-k"), Map.entry("length", "--length"), Map.entry("hidden", "--hidden"),
            Map.entry("steps", "--steps"), Map.entry("tbptt", "--tbptt"), Map.entry("impl", "--impl"),
            Map.entry("wordSize", "--word-size"), Map.entry("charSize", "--char-size"),
            Map.entry("charFilters", "--char-filters"), Map.entry("charWindow", "--char-window"),
            Map.entry("embedDropout", "--dropout"), Map.entry("wordDropout", "--word-dropout"),
            Map.entry("minWordCount", "--min-count"), Map.entry("maxLength", "--max-length"),
            Map.entry("lookback", "--lookback"), Map.entry("horizon", "--horizon"), Map.entry("season", "--season"),
            Map.entry("reservoirSize", "--reservoir"), Map.entry("spectralRadius", "--spectral-radius"),
            Map.entry("inputScaling", "--input-scaling"), Map.entry("biasScaling", "--bias-scaling"),
            Map.entry("leakRate", "--leak-rate"), Map.entry("connectivity", "--connectivity"),
            Map.entry("washout", "--washout"));

    private OptionNames() {
    }

    /** The usage error for {@code e}, its leading parameter name replaced by the option's. */
    static RnnkitCli.UsageException usage(IllegalArgumentException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int space = message.indexOf(' ');
        String first = space < 0 ? message : message.substring(0, space);
        String option = CLI.get(first);
        return new RnnkitCli.UsageException(option == null ? message : option + message.substring(first.length()));
    }
}
