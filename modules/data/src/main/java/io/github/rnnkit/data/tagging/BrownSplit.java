package io.github.rnnkit.data.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.brown.TaggedSentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A train/dev/test split of the Brown corpus by document: every sentence of a file ({@code ca01} ...
 * {@code cr09}) lands in the same part, so no part sees text from a document another part is scored on.
 * 80/10/10: of the 500 documents, 400 train, 50 dev, 50 test.
 *
 * <pre>{@code
 * BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
 * BrownSplit split = BrownSplit.standard(brown);                       // seed 42, docs/brown-split.md
 * List<TaggedSentence> train = split.sentences(brown, BrownSplit.Part.TRAIN);
 * BrownSplit other = BrownSplit.of(brown.fileIds(), 7);                // another seed
 * }</pre>
 *
 * <p>The method, deterministic for a seed: sort the file ids by name, shuffle them with
 * {@code Collections.shuffle(ids, new java.util.Random(seed))}, give the first {@code round(n / 10)} to test,
 * the next {@code round(n / 10)} to dev and the rest to train; each part then lists its ids in name order.
 * Documents are drawn regardless of genre (the letter after {@code c}), so a part's genre mix is the corpus's
 * only on average; docs/brown-split.md lists the seed-42 parts and their sizes.
 *
 * @param train the training documents, in name order
 * @param dev   the development (validation) documents, in name order
 * @param test  the test documents, in name order; the three parts are disjoint
 */
public record BrownSplit(List<String> train, List<String> dev, List<String> test) {
    private static final Logger log = LoggerFactory.getLogger(BrownSplit.class);
    /** The seed of the documented split, {@link #standard}. */
    public static final long DEFAULT_SEED = 42;
    /** Share of the documents in dev, and in test. */
    public static final double HELD_OUT_FRACTION = 0.1;

    /** One of the three parts. */
    public enum Part {
        TRAIN, DEV, TEST
    }

    public BrownSplit {
        train = List.copyOf(Checks.notNull(train, "train"));
        dev = List.copyOf(Checks.notNull(dev, "dev"));
        test = List.copyOf(Checks.notNull(test, "test"));
        Set<String> seen = new HashSet<>();
        for (List<String> part : List.of(train, dev, test)) {
            for (String id : part) {
                if (!seen.add(id)) {
                    throw new IllegalArgumentException("file id '" + id + "' is in more than one part (or twice in "
                            + "one); the parts must be disjoint");
                }
            }
        }
    }

    /**
     * The documented split of {@code corpus}: {@code of(corpus.fileIds(), DEFAULT_SEED)}.
     */
    public static BrownSplit standard(BrownCorpus corpus) {
        return of(Checks.notNull(corpus, "corpus").fileIds(), DEFAULT_SEED);
    }

    /**
     * Splits {@code fileIds} as the class comment describes.
     *
     * @param fileIds the documents, in any order; not empty, no duplicates
     * @param seed    any value; the same seed and ids (in any order) give the same split
     * @throws IllegalArgumentException when {@code fileIds} is empty or holds an id twice
     */
    public static BrownSplit of(List<String> fileIds, long seed) {
        Checks.notNull(fileIds, "fileIds");
        if (fileIds.isEmpty()) {
            throw new IllegalArgumentException("fileIds must hold at least one file id, got an empty list");
        }
        Set<String> sorted = new TreeSet<>();
        for (String id : fileIds) {
            if (!sorted.add(Checks.notNull(id, "fileIds element"))) {
                throw new IllegalArgumentException("fileIds holds '" + id + "' more than once; each document once");
            }
        }
        List<String> ids = new ArrayList<>(sorted);
        Collections.shuffle(ids, new Random(seed));
        int n = ids.size();
        int held = (int) Math.round(n * HELD_OUT_FRACTION);
        BrownSplit split = new BrownSplit(inNameOrder(ids.subList(2 * held, n)), inNameOrder(ids.subList(held,
                2 * held)), inNameOrder(ids.subList(0, held)));
        log.info("Split {} Brown documents by document (seed {}): {} train, {} dev, {} test", n, seed,
                split.train.size(), split.dev.size(), split.test.size());
        return split;
    }

    /** The file ids of one part, in name order. */
    public List<String> fileIds(Part part) {
        return switch (Checks.notNull(part, "part")) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /**
     * The sentences of one part: its documents in name order, each document's sentences in file order.
     *
     * @param corpus the corpus that holds every document of this split
     * @throws IllegalArgumentException when the part names a document the corpus does not have
     */
    public List<TaggedSentence> sentences(BrownCorpus corpus, Part part) throws IOException {
        Checks.notNull(corpus, "corpus");
        List<String> ids = fileIds(part);
        Set<String> missing = new TreeSet<>(ids);
        corpus.fileIds().forEach(missing::remove);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the " + part + " part names " + missing.size() + " document(s) "
                    + "that the corpus in " + corpus.dir() + " does not have: " + missing + "; split that corpus's "
                    + "own fileIds()");
        }
        List<TaggedSentence> out = new ArrayList<>();
        for (String id : ids) {
            out.addAll(corpus.sentences(id));
        }
        log.info("Brown {} part: {} documents, {} sentences, {} tokens", part, ids.size(), out.size(),
                out.stream().mapToLong(TaggedSentence::length).sum());
        return out;
    }

    private static List<String> inNameOrder(List<String> ids) {
        return ids.stream().sorted().toList();
    }
}
