package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.text.Utf8Lines;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.store.DatasetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The standard grapheme-to-phoneme split of a pronouncing dictionary by word: a fixed list of test words, every
 * other word for training, and a development part drawn from training with a seed. A word goes to one part with
 * all its pronunciations, so no test word's alternate is ever trained on.
 *
 * <pre>{@code
 * CmuDict dict = CmuDict.fetch(DatasetStore.defaultStore(), CmuDict.Stress.STRIP);
 * G2pSplit split = G2pSplit.standard(dict, Path.of("../shared/datasets/cmudict-g014b2b-test-words.txt"));
 * List<ParallelPair> train = split.pairs(G2pSplit.Part.TRAIN);                  // letters -> phonemes
 * Map<String, List<List<String>>> refs = split.references(G2pSplit.Part.TEST);  // for G2pMetrics.score
 * }</pre>
 *
 * <p>The test words of {@link #standard} are the 12,000 of the split that Phonetisaurus and Sequitur call
 * {@code g014b2b}, also used by Yao &amp; Zweig (2015): published CMUdict G2P numbers score them against all
 * their CMUdict 0.7b pronunciations without stress ({@link CmuDict.Stress#STRIP}) and train on the rest of the
 * dictionary. On the pinned npm CMUdict, 11,994 of them are in the dictionary; the other 6 ({@code ANTIPERSONELL},
 * {@code CORMAC}, {@code DISENCHANT}, {@code ILLUMINE}, {@code INDOCTRINATE}, {@code REANALYSED}) are listed in
 * {@link #missingTestWords()} and logged at WARN, and the rates are over the 11,994.
 *
 * <p>The method, deterministic for a seed: test = the lexicon's entries whose word is a test word; the other
 * words are sorted ({@link String#compareTo}), shuffled with {@code Collections.shuffle(words, new
 * java.util.Random(seed))}, and the first {@code round(n * devFraction)} go to dev, the rest to train. Each part
 * lists its entries in lexicon order. With the pinned CMUdict and the defaults (5%, seed 42): 11,994 test words
 * (12,826 pronunciations without stress, 12,853 with), 5,650 dev words and 107,355 train words (113,005 together,
 * with 120,637 pronunciations without stress).
 *
 * @param train            the training entries, in lexicon order
 * @param dev              the development entries, in lexicon order; empty when {@code devFraction} is 0
 * @param test             the test entries, in lexicon order, each with all its pronunciations
 * @param missingTestWords test words the lexicon does not have, in the test list's order
 * @param devFraction      the share of the non-test words drawn for dev, in [0, 1)
 * @param seed             the seed the dev part was drawn with
 */
public record G2pSplit(List<LexiconEntry> train, List<LexiconEntry> dev, List<LexiconEntry> test,
                       List<String> missingTestWords, double devFraction, long seed) {
    private static final Logger log = LoggerFactory.getLogger(G2pSplit.class);
    /** The seed of {@link #standard}. */
    public static final long DEFAULT_SEED = 42;
    /** The share of the non-test words that {@link #standard} puts in dev. */
    public static final double DEFAULT_DEV_FRACTION = 0.05;
    /** The standard test list's file name, in {@code ../shared/datasets/} beside a checkout. */
    public static final String TEST_WORDS_FILE = "cmudict-g014b2b-test-words.txt";
    /** sha256 of the standard test list as published; {@link #standard} warns when its file differs. */
    public static final String TEST_WORDS_SHA256 = "2c1db23d6bf81dc6387824201963cec3a6e116bf99a167a6f27fb2874f8d7220";
    private static final int WORDS_NAMED = 20;

    /** One of the three parts. */
    public enum Part {
        TRAIN, DEV, TEST
    }

    public G2pSplit {
        train = List.copyOf(Checks.notNull(train, "train"));
        dev = List.copyOf(Checks.notNull(dev, "dev"));
        test = List.copyOf(Checks.notNull(test, "test"));
        missingTestWords = List.copyOf(Checks.notNull(missingTestWords, "missingTestWords"));
        checkDevFraction(devFraction);
        Map<String, Part> partOf = new HashMap<>((train.size() + dev.size() + test.size()) * 2);
        List<List<LexiconEntry>> parts = List.of(train, dev, test);
        for (Part part : Part.values()) {
            for (LexiconEntry e : parts.get(part.ordinal())) {
                Part earlier = partOf.putIfAbsent(e.word(), part);
                if (earlier != null) {
                    throw new IllegalArgumentException("word '" + e.word() + "' is in " + earlier + " and in " + part
                            + " (or twice in one); the parts must be disjoint by word");
                }
            }
        }
        for (String w : missingTestWords) {
            if (partOf.containsKey(w)) {
                throw new IllegalArgumentException("missingTestWords names '" + w + "', which is in the "
                        + partOf.get(w) + " part; a missing word is in no part");
            }
        }
    }

    /**
     * The standard split of {@code dict}: the test words of {@code testWordsFile} (the 12,000 of
     * {@value #TEST_WORDS_FILE}), dev {@value #DEFAULT_DEV_FRACTION} of the rest, seed {@value #DEFAULT_SEED}.
     * Warns when the file's sha256 is not {@link #TEST_WORDS_SHA256}.
     *
     * @param dict          the dictionary; read it with {@link CmuDict.Stress#STRIP} to score as the published
     *                      numbers do
     * @param testWordsFile the test list, one word per line; beside a checkout it is
     *                      {@code ../shared/datasets/cmudict-g014b2b-test-words.txt}
     */
    public static G2pSplit standard(CmuDict dict, Path testWordsFile) throws IOException {
        Checks.notNull(dict, "dict");
        List<String> words = readTestWords(testWordsFile);
        String sha = DatasetStore.sha256(testWordsFile);
        if (!sha.equals(TEST_WORDS_SHA256)) {
            log.warn("{} has sha256 {}, not the standard list's {}; the split is not the standard one", testWordsFile,
                    sha, TEST_WORDS_SHA256);
        }
        return of(dict.entries(), words, DEFAULT_DEV_FRACTION, DEFAULT_SEED);
    }

    /**
     * The standard test list in a {@code shared/datasets} folder in {@code start} or a folder above it (where a
     * checkout of rnnkit finds {@code ../shared/datasets}).
     *
     * @throws IllegalArgumentException when no such folder holds {@link #TEST_WORDS_FILE}, saying where it looked
     */
    public static Path findTestWords(Path start) {
        Checks.notNull(start, "start");
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets").resolve(TEST_WORDS_FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("the standard CMUdict test list " + TEST_WORDS_FILE
                + " was not found in a shared/datasets folder in or above " + start.toAbsolutePath()
                + "; pass the file (one word per line, sha256 " + TEST_WORDS_SHA256 + ")");
    }

    /**
     * Splits {@code lexicon} as the class comment describes.
     *
     * @param lexicon     the entries to split, one per word (as {@link CmuDict#entries()} gives them)
     * @param testWords   the test words, spelled as the lexicon spells them; no duplicates; words the lexicon
     *                    lacks are reported in {@link #missingTestWords()}, not refused
     * @param devFraction the share of the non-test words drawn for dev, in [0, 1); 0 gives an empty dev part
     * @param seed        any value; the same seed, lexicon and test words give the same split
     * @throws IllegalArgumentException when a word is in the lexicon twice or in the test list twice, or
     *                                  {@code devFraction} is outside [0, 1)
     */
    public static G2pSplit of(List<LexiconEntry> lexicon, List<String> testWords, double devFraction, long seed) {
        Checks.notNull(lexicon, "lexicon");
        Checks.notNull(testWords, "testWords");
        checkDevFraction(devFraction);
        Set<String> testSet = new LinkedHashSet<>(testWords.size() * 2);
        for (String w : testWords) {
            if (!testSet.add(Checks.notNull(w, "testWords element"))) {
                throw new IllegalArgumentException("testWords holds '" + w + "' more than once; each word once");
            }
        }
        Map<String, LexiconEntry> byWord = new HashMap<>(lexicon.size() * 2);
        List<LexiconEntry> test = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (LexiconEntry e : lexicon) {
            if (byWord.putIfAbsent(Checks.notNull(e, "lexicon element").word(), e) != null) {
                throw new IllegalArgumentException("lexicon holds word '" + e.word() + "' twice (again from "
                        + e.origin() + "); group a word's pronunciations into one entry");
            }
            if (testSet.contains(e.word())) {
                test.add(e);
            } else {
                rest.add(e.word());
            }
        }
        List<String> missing = testSet.stream().filter(w -> !byWord.containsKey(w)).toList();

        Collections.sort(rest);
        Collections.shuffle(rest, new Random(seed));
        int held = (int) Math.round(rest.size() * devFraction);
        Set<String> devWords = new HashSet<>(rest.subList(0, held));
        List<LexiconEntry> train = new ArrayList<>(rest.size() - held);
        List<LexiconEntry> dev = new ArrayList<>(held);
        for (LexiconEntry e : lexicon) {
            if (!testSet.contains(e.word())) {
                (devWords.contains(e.word()) ? dev : train).add(e);
            }
        }
        G2pSplit split = new G2pSplit(train, dev, test, missing, devFraction, seed);
        if (!missing.isEmpty()) {
            log.warn("{} of {} test words are not in the lexicon and are left out of the test part: {}",
                    missing.size(), testSet.size(), missing.size() <= WORDS_NAMED ? missing
                            : missing.subList(0, WORDS_NAMED) + " and " + (missing.size() - WORDS_NAMED) + " more");
        }
        log.info("G2P split by word (dev {} of the rest, seed {}): train {} words ({} pronunciations), dev {} ({}), "
                        + "test {} ({}) of {} test words", devFraction, seed, train.size(), pronunciations(train),
                dev.size(), pronunciations(dev), test.size(), pronunciations(test), testSet.size());
        return split;
    }

    /**
     * The test words of {@code file}: one word per line, surrounding whitespace ignored, in file order. The file
     * is UTF-8, read strictly.
     *
     * @throws IllegalArgumentException when the file is missing or empty, or a line is blank, holds whitespace
     *                                  inside the word, or repeats a word; the message names file and line
     */
    public static List<String> readTestWords(Path file) throws IOException {
        Checks.notNull(file, "file");
        List<String> lines = Utf8Lines.read(file, "test word list");
        Map<String, Integer> seen = new HashMap<>(lines.size() * 2);
        List<String> words = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String word = lines.get(i).strip();
            String where = Utf8Lines.place(file, line);
            if (word.isEmpty()) {
                throw new IllegalArgumentException(where + ": blank line; a test word list holds one word per line");
            }
            if (word.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(where + ": " + Utf8Lines.excerpt(word) + " holds whitespace; "
                        + "a test word list holds one word per line");
            }
            Integer earlier = seen.putIfAbsent(word, line);
            if (earlier != null) {
                throw new IllegalArgumentException(where + ": '" + word + "' again (first at line " + earlier
                        + "); each test word once");
            }
            words.add(word);
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("test word list " + file + " is empty; one word per line");
        }
        return List.copyOf(words);
    }

    /** The entries of one part. */
    public List<LexiconEntry> entries(Part part) {
        return switch (Checks.notNull(part, "part")) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** One {@link ParallelPair} per pronunciation of every entry of {@code part} (letters to phonemes). */
    public List<ParallelPair> pairs(Part part) {
        List<ParallelPair> out = new ArrayList<>();
        for (LexiconEntry e : entries(part)) {
            out.addAll(e.pairs());
        }
        return out;
    }

    /** Word to all its pronunciations, for the words of {@code part}: the references of {@link G2pMetrics#score}. */
    public Map<String, List<List<String>>> references(Part part) {
        return LexiconEntry.byWord(entries(part));
    }

    private static void checkDevFraction(double devFraction) {
        if (!(devFraction >= 0.0 && devFraction < 1.0)) {
            throw new IllegalArgumentException("devFraction must be in [0, 1), got " + devFraction);
        }
    }

    private static long pronunciations(List<LexiconEntry> entries) {
        return entries.stream().mapToLong(e -> e.pronunciations().size()).sum();
    }
}
