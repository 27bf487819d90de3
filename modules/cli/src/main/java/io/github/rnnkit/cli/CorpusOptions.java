package io.github.rnnkit.cli;

import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.store.DatasetStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Where text comes from: a user's file, or the default corpus (Brown's raw text, fetched on first use). */
final class CorpusOptions {
    @Option(names = "--text", paramLabel = "FILE",
            description = "UTF-8 text file (default: the Brown corpus's raw text, fetched into the cache)")
    Path text;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "dataset cache (default: $RNNKIT_CACHE or ~/.cache/rnnkit)")
    Path cacheDir;

    DatasetStore store() {
        return cacheDir != null ? new DatasetStore(cacheDir) : DatasetStore.defaultStore();
    }

    /** The text file to use. */
    Path resolve() throws IOException {
        if (text != null) {
            return text;
        }
        DatasetStore store = store();
        return BrownCorpus.fetch(store).rawText(store);
    }
}
