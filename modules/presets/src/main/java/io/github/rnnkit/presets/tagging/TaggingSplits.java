package io.github.rnnkit.presets.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.tagging.BrownSplit;
import io.github.rnnkit.data.tagging.ConllU;
import io.github.rnnkit.data.tagging.TaggedTsv;
import io.github.rnnkit.data.tagging.UniversalTagset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Tagged sentences cut into training, development and test parts.
 *
 * <ul>
 *   <li>Brown: the seeded 80/10/10 split by document ({@link BrownSplit}, ids in docs/brown-split.md), with
 *       Brown's own tags ({@link Tagset#FULL}: 472 distinct, compound forms included) or the 12 universal tags
 *       ({@link Tagset#UNIVERSAL}).</li>
 *   <li>A user's CoNLL-U or two-column TSV files: the training file, and dev / test files if given; without a
 *       dev file a seeded tenth of the training sentences is held out for validation.</li>
 * </ul>
 *
 * <pre>{@code
 * TaggingSplits brown = TaggingSplits.brown(DatasetStore.defaultStore(), TaggingSplits.Tagset.UNIVERSAL);
 * TaggingSplits mine = TaggingSplits.files(Path.of("train.conllu"), Path.of("dev.conllu"), null,
 *         TaggingSplits.Format.CONLLU, ConllU.Tag.UPOS, 42);
 * }</pre>
 *
 * @param name  a short name of the data for reports, e.g. {@code brown-universal}
 * @param split how the parts were made, in words
 */
public record TaggingSplits(String name, String split, List<TaggedSentence> train, List<TaggedSentence> dev,
                            List<TaggedSentence> test) {
    private static final Logger log = LoggerFactory.getLogger(TaggingSplits.class);

    /** Which tags Brown sentences carry. */
    public enum Tagset {
        /** The 12 universal tags (Petrov, Das and McDonald 2012). */
        UNIVERSAL,
        /** Brown's own tags as written in the corpus (lower case, compound forms kept). */
        FULL
    }

    /** The format of a user's tagged file. */
    public enum Format {
        CONLLU, TSV;

        /** CONLLU for a {@code .conllu} / {@code .conll} file, TSV for anything else. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".conllu") || name.endsWith(".conll") ? CONLLU : TSV;
        }
    }

    public TaggingSplits {
        Checks.notNull(name, "name");
        Checks.notNull(split, "split");
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        if (train.isEmpty()) {
            throw new IllegalArgumentException(name + ": the training part is empty");
        }
    }

    /** The Brown corpus (fetched into the dataset store on first use), split by document with seed 42. */
    public static TaggingSplits brown(DatasetStore store, Tagset tagset) throws IOException {
        Checks.notNull(tagset, "tagset");
        BrownCorpus corpus = BrownCorpus.fetch(store);
        BrownSplit split = BrownSplit.standard(corpus);
        List<TaggedSentence> train = split.sentences(corpus, BrownSplit.Part.TRAIN);
        List<TaggedSentence> dev = split.sentences(corpus, BrownSplit.Part.DEV);
        List<TaggedSentence> test = split.sentences(corpus, BrownSplit.Part.TEST);
        if (tagset == Tagset.UNIVERSAL) {
            train = universal(train);
            dev = universal(dev);
            test = universal(test);
        }
        return new TaggingSplits("brown-" + tagset.name().toLowerCase(Locale.ROOT),
                "by document, seed " + BrownSplit.DEFAULT_SEED + ": " + split.train().size() + "/" + split.dev().size()
                        + "/" + split.test().size() + " documents", train, dev, test);
    }

    private static List<TaggedSentence> universal(List<TaggedSentence> sentences) {
        List<TaggedSentence> out = new ArrayList<>(sentences.size());
        for (TaggedSentence s : sentences) {
            out.add(UniversalTagset.toUniversal(s));
        }
        return out;
    }

    /**
     * A user's tagged files.
     *
     * @param train  the training file
     * @param dev    the development file, or null to hold out a seeded tenth of {@code train}
     * @param test   the test file, or null for none
     * @param format how the files are written
     * @param column CoNLL-U: which tag column (ignored for TSV)
     * @param seed   seed of the held-out tenth
     */
    public static TaggingSplits files(Path train, Path dev, Path test, Format format, ConllU.Tag column, long seed)
            throws IOException {
        Checks.notNull(train, "train");
        Checks.notNull(format, "format");
        List<TaggedSentence> all = read(train, format, column);
        List<TaggedSentence> devPart;
        List<TaggedSentence> trainPart;
        String how;
        if (dev != null) {
            devPart = read(dev, format, column);
            trainPart = all;
            how = "given files";
        } else {
            List<TaggedSentence> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(seed));
            int held = all.size() >= 10 ? all.size() / 10 : 0;
            devPart = shuffled.subList(0, held);
            trainPart = shuffled.subList(held, shuffled.size());
            how = "dev: a tenth of the training sentences, seed " + seed;
            log.info("No dev file: held out {} of {} training sentences for validation (seed {})", held, all.size(),
                    seed);
        }
        List<TaggedSentence> testPart = test == null ? List.of() : read(test, format, column);
        return new TaggingSplits(train.getFileName().toString(), how, trainPart, devPart, testPart);
    }

    /** One tagged file in the given format. */
    public static List<TaggedSentence> read(Path file, Format format, ConllU.Tag column) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("tagged file not found: " + file.toAbsolutePath());
        }
        return format == Format.CONLLU ? ConllU.read(file, column == null ? ConllU.Tag.UPOS : column)
                : TaggedTsv.read(file);
    }

    /** Tokens in a part. */
    public static long tokens(List<TaggedSentence> sentences) {
        long n = 0;
        for (TaggedSentence s : sentences) {
            n += s.length();
        }
        return n;
    }
}
