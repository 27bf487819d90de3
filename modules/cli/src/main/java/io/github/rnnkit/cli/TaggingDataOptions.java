package io.github.rnnkit.cli;

import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.tagging.ConllU;
import io.github.rnnkit.presets.tagging.TaggingSplits;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where tagged sentences come from; shared by train tagger, evaluate and bench tagging. */
final class TaggingDataOptions {
    @Option(names = "--tagset", defaultValue = "UNIVERSAL",
            description = "Brown: UNIVERSAL (12 tags) or FULL (Brown's own, 472 forms) (default: ${DEFAULT-VALUE})")
    TaggingSplits.Tagset tagset;

    @Option(names = "--conllu", paramLabel = "FILE", description = "your tagged sentences in CoNLL-U instead of Brown")
    Path conllu;

    @Option(names = "--tsv", paramLabel = "FILE",
            description = "your tagged sentences as token<TAB>tag lines, a blank line between sentences, instead of Brown")
    Path tsv;

    @Option(names = "--column", defaultValue = "UPOS", description = "CoNLL-U: the tag column, UPOS or XPOS (default: ${DEFAULT-VALUE})")
    ConllU.Tag column;

    @Option(names = "--dev", paramLabel = "FILE",
            description = "with --conllu/--tsv: development sentences (default: a seeded tenth of the training file)")
    Path dev;

    @Option(names = "--test", paramLabel = "FILE", description = "with --conllu/--tsv: test sentences")
    Path test;

    @Option(names = "--dev-seed", defaultValue = "42",
            description = "seed of the held-out tenth when no --dev file is given (default: ${DEFAULT-VALUE})")
    long splitSeed;

    /** Whether the user gave their own file. */
    boolean ownFiles() {
        if (conllu != null && tsv != null) {
            throw new RnnkitCli.UsageException("give --conllu or --tsv, not both");
        }
        if (conllu == null && tsv == null && (dev != null || test != null)) {
            throw new RnnkitCli.UsageException("--dev and --test go with --conllu FILE or --tsv FILE (Brown has its own split)");
        }
        return conllu != null || tsv != null;
    }

    /** Reads and splits the sentences. */
    TaggingSplits load() throws IOException {
        if (ownFiles()) {
            return conllu != null
                    ? TaggingSplits.files(conllu, dev, test, TaggingSplits.Format.CONLLU, column, splitSeed)
                    : TaggingSplits.files(tsv, dev, test, TaggingSplits.Format.TSV, column, splitSeed);
        }
        return TaggingSplits.brown(store(), tagset);
    }

    /** The sentences to evaluate on: all of the user's file, or Brown's test part. */
    List<TaggedSentence> evaluationPart() throws IOException {
        if (ownFiles()) {
            Path file = conllu != null ? conllu : tsv;
            return TaggingSplits.read(file, conllu != null ? TaggingSplits.Format.CONLLU : TaggingSplits.Format.TSV,
                    column);
        }
        return TaggingSplits.brown(store(), tagset).test();
    }

    /** A name for the evaluated part. */
    String evaluationName() {
        if (conllu != null || tsv != null) {
            return "all of " + (conllu != null ? conllu : tsv).getFileName();
        }
        return "Brown test part (" + tagset.name().toLowerCase(java.util.Locale.ROOT) + " tags, 50 documents, seed 42)";
    }

    /** Brown comes through the dataset store ($RNNKIT_CACHE or ~/.cache/rnnkit). */
    private static DatasetStore store() {
        return DatasetStore.defaultStore();
    }
}
