package io.github.rnnkit.cli;

import io.github.rnnkit.data.classify.DelimitedTexts;
import io.github.rnnkit.presets.sentiment.TextSplits;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Where labelled texts come from and how they are split; shared by train, evaluate and bench sentiment. */
final class TextDataOptions {
    /** The named datasets rnnkit can fetch itself. */
    enum Dataset { SPAMASSASSIN }

    @Option(names = "--data", paramLabel = "PATH",
            description = {"labelled texts: an aclImdb .tar.gz or folder (official train/test split), a .csv/.tsv",
                    "file (see --text-column, --label-column, --header), or a folder with one sub-folder per class"})
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "a dataset rnnkit fetches itself: ${COMPLETION-CANDIDATES} (npm, into the dataset cache)")
    Dataset dataset;

    @Option(names = "--text-column", defaultValue = "0", paramLabel = "COLUMN",
            description = ".csv/.tsv: the text column, a 0-based index or (with --header) a name (default: ${DEFAULT-VALUE})")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "1", paramLabel = "COLUMN",
            description = ".csv/.tsv: the label column, a 0-based index or (with --header) a name (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Option(names = "--header", description = ".csv/.tsv: the first row names the columns")
    boolean header;

    @Option(names = "--strip-headers", description = "spamassassin: drop each mail's header block, keep the body")
    boolean stripHeaders;

    @Option(names = "--test-fraction", defaultValue = "0.2",
            description = "share of each class held out for testing, except IMDB's own split (default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--dev-fraction", defaultValue = "0.1",
            description = "share of each class of the training data held out for validation (default: ${DEFAULT-VALUE})")
    double devFraction;

    @Option(names = "--split-seed", defaultValue = "42", description = "seed of the stratified split (default: ${DEFAULT-VALUE})")
    long splitSeed;

    /** Reads and splits the data; a missing or doubled source is a usage error. */
    TextSplits load() throws IOException {
        if ((data == null) == (dataset == null)) {
            throw new RnnkitCli.UsageException(data == null ? "give the texts with --data PATH or --dataset spamassassin"
                    : "give either --data or --dataset, not both");
        }
        if (!(testFraction >= 0 && testFraction < 1) || !(devFraction >= 0 && devFraction < 1)
                || testFraction + devFraction >= 1) {
            throw new RnnkitCli.UsageException("--test-fraction and --dev-fraction must be in [0, 1) with a sum below 1, "
                    + "got " + testFraction + " and " + devFraction);
        }
        if (dataset == Dataset.SPAMASSASSIN) {
            return TextSplits.spamAssassin(stripHeaders, testFraction, devFraction, splitSeed);
        }
        return TextSplits.load(data, csvOptions(), testFraction, devFraction, splitSeed);
    }

    private DelimitedTexts.Options csvOptions() {
        DelimitedTexts.Column text = column(textColumn, "--text-column");
        DelimitedTexts.Column label = column(labelColumn, "--label-column");
        return new DelimitedTexts.Options(text, label, header, DelimitedTexts.Delimiter.FROM_EXTENSION);
    }

    private DelimitedTexts.Column column(String value, String option) {
        if (value.matches("\\d+")) {
            return DelimitedTexts.Column.at(Integer.parseInt(value));
        }
        if (!header) {
            throw new RnnkitCli.UsageException(option + " '" + value + "' is a name; naming columns needs --header "
                    + "(or give a 0-based index)");
        }
        return DelimitedTexts.Column.named(value);
    }
}
