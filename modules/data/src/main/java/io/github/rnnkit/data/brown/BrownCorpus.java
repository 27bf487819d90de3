package io.github.rnnkit.data.brown;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.store.KnownDataset;
import io.github.rnnkit.data.text.Utf8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Brown corpus in NLTK's layout: 500 files {@code ca01}..{@code cr09}, one sentence per non-blank line,
 * tokens {@code word/tag} separated by whitespace. A word may itself contain '/', so each token is split
 * at its <em>last</em> '/'.
 *
 * <pre>{@code
 * BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
 * brown.forEachSentence(s -> ...);
 * Path raw = brown.rawText(store);    // words only, one sentence per line
 * }</pre>
 */
public final class BrownCorpus {
    private static final Logger log = LoggerFactory.getLogger(BrownCorpus.class);
    private static final Pattern FILE_ID = Pattern.compile("c[a-r]\\d\\d");
    /** Characters in {@link #rawText}'s output for the pinned corpus (see ../shared/BENCHMARKS.md). */
    public static final long RAW_TEXT_CHARS = 6_127_074L;

    private final Path dir;
    private final List<String> fileIds;

    private BrownCorpus(Path dir, List<String> fileIds) {
        this.dir = dir;
        this.fileIds = fileIds;
    }

    /** The corpus in folder {@code dir} (the one holding ca01 ...). */
    public static BrownCorpus open(Path dir) throws IOException {
        Checks.notNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Brown corpus folder not found: " + dir.toAbsolutePath());
        }
        List<String> ids;
        try (Stream<Path> files = Files.list(dir)) {
            ids = files.map(p -> p.getFileName().toString()).filter(n -> FILE_ID.matcher(n).matches()).sorted()
                    .toList();
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("folder " + dir + " holds no Brown corpus files (ca01 .. cr09)");
        }
        return new BrownCorpus(dir, ids);
    }

    /** The pinned corpus from the dataset store, fetched on first use. */
    public static BrownCorpus fetch(DatasetStore store) throws IOException {
        return open(store.fetch(KnownDataset.BROWN));
    }

    public Path dir() {
        return dir;
    }

    /** File ids in name order (ca01 ... cr09). */
    public List<String> fileIds() {
        return fileIds;
    }

    /** Reads every sentence of every file, in order. */
    public void forEachSentence(Consumer<TaggedSentence> action) throws IOException {
        for (String id : fileIds) {
            readFile(id, action);
        }
    }

    /** The sentences of one file. */
    public List<TaggedSentence> sentences(String fileId) throws IOException {
        List<TaggedSentence> out = new ArrayList<>();
        readFile(fileId, out::add);
        return out;
    }

    private void readFile(String id, Consumer<TaggedSentence> action) throws IOException {
        Path file = dir.resolve(id);
        // decoded strictly first: a byte that is not UTF-8 is refused naming the file, line and offset
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(Utf8.decode(Files.readAllBytes(file), file)))) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] tokens = trimmed.split("\\s+");
                List<String> words = new ArrayList<>(tokens.length);
                List<String> tags = new ArrayList<>(tokens.length);
                for (String token : tokens) {
                    int slash = token.lastIndexOf('/');
                    if (slash <= 0 || slash == token.length() - 1) {
                        throw new IllegalArgumentException(file + ":" + lineNo + ": token '" + token
                                + "' is not word/tag");
                    }
                    words.add(token.substring(0, slash));
                    tags.add(token.substring(slash + 1));
                }
                action.accept(new TaggedSentence(id, lineNo, words, tags));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Writes the corpus's raw text: every sentence's words joined by single spaces, one sentence per line
     * (each line ends with '\n'), files in name order. For the pinned corpus that is
     * {@value #RAW_TEXT_CHARS} characters, the text ../shared/BENCHMARKS.md measures compressors on.
     */
    public void writeRawText(Path target) throws IOException {
        AtomicFiles.write(target, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                forEachSentence(s -> {
                    try {
                        w.write(String.join(" ", s.words()));
                        w.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        });
    }

    /** The raw text in the store's derived folder, written on first use. */
    public Path rawText(DatasetStore store) throws IOException {
        Path target = store.derived().resolve("brown-raw.txt");
        if (!Files.exists(target)) {
            writeRawText(target);
            log.info("Wrote Brown raw text to {}", target);
        }
        return target;
    }
}
