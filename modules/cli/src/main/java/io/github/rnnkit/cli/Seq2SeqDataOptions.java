package io.github.rnnkit.cli;

import io.github.rnnkit.data.seq2seq.CmuDict;
import io.github.rnnkit.data.seq2seq.G2pSplit;
import io.github.rnnkit.data.seq2seq.ParallelPair;
import io.github.rnnkit.data.seq2seq.ParallelText;
import io.github.rnnkit.data.seq2seq.Segmentation;
import io.github.rnnkit.data.store.DatasetStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where seq2seq pairs come from: CMUdict on the standard G2P split (default), or your TSV files
 * ({@code source<TAB>target}).
 */
final class Seq2SeqDataOptions {
    @Option(names = "--pairs", paramLabel = "FILE",
            description = "your parallel data, one 'source<TAB>target' per line (default: CMUdict, standard G2P split)")
    Path pairs;

    @Option(names = "--dev-pairs", paramLabel = "FILE",
            description = "with --pairs: dev pairs (default: a seeded 5%% of --pairs)")
    Path devPairs;

    @Option(names = "--test-pairs", paramLabel = "FILE", description = "with --pairs: test pairs")
    Path testPairs;

    @Option(names = "--test-words", paramLabel = "FILE",
            description = "CMUdict: the 12,000 standard test words (default: ../shared/datasets/"
                    + G2pSplit.TEST_WORDS_FILE + " found above the working directory)")
    Path testWords;

    @Option(names = "--strip-stress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "CMUdict: drop stress digits from vowels (the standard benchmark; default: ${DEFAULT-VALUE})")
    boolean stripStress = true;

    @Option(names = "--source-units",
            description = "--pairs: source symbols, ${COMPLETION-CANDIDATES} (default: CHARACTERS)")
    Segmentation sourceUnits;

    @Option(names = "--target-units",
            description = "--pairs: target symbols, ${COMPLETION-CANDIDATES} (default: TOKENS)")
    Segmentation targetUnits;

    Segmentation sourceUnits() {
        return sourceUnits == null ? Segmentation.CHARACTERS : sourceUnits;
    }

    Segmentation targetUnits() {
        return targetUnits == null ? Segmentation.TOKENS : targetUnits;
    }

    /**
     * For a saved model: the units it was trained with; a different explicit choice is refused, and with CMUdict
     * the stress setting must match the model's phoneme set.
     */
    void matchModel(io.github.rnnkit.presets.seq2seq.Seq2SeqModel model) {
        Segmentation s = model.config().sourceSegmentation();
        Segmentation t = model.config().targetSegmentation();
        if ((sourceUnits != null && sourceUnits != s) || (targetUnits != null && targetUnits != t)) {
            throw new RnnkitCli.UsageException("the model reads " + s + " and writes " + t + "; --source-units/"
                    + "--target-units must match (or be left out)");
        }
        sourceUnits = s;
        targetUnits = t;
        if (pairs == null) {
            boolean stressed = model.vocabularies().target().tokens().stream().anyMatch(x -> x.matches(".*[0-9]"));
            if (stressed == stripStress) {
                throw new RnnkitCli.UsageException("the model writes phonemes " + (stressed ? "with" : "without")
                        + " stress digits; pass " + (stressed ? "--no-strip-stress" : "--strip-stress")
                        + " to score it against the matching references");
            }
        }
    }

    /** The loaded parts. {@code references} map a source string to its correct targets. */
    record Parts(String name, List<ParallelPair> train, Map<String, List<List<String>>> dev,
                 Map<String, List<List<String>>> test) {
    }

    Parts load(DatasetStore store) throws IOException {
        if (pairs == null) {
            if (devPairs != null || testPairs != null) {
                throw new RnnkitCli.UsageException("--dev-pairs and --test-pairs go with --pairs FILE");
            }
            if ((sourceUnits != null && sourceUnits != Segmentation.CHARACTERS)
                    || (targetUnits != null && targetUnits != Segmentation.TOKENS)) {
                throw new RnnkitCli.UsageException("CMUdict pairs are letters to phonemes (CHARACTERS to TOKENS); "
                        + "--source-units/--target-units go with --pairs FILE");
            }
            CmuDict dict = CmuDict.fetch(store, stripStress ? CmuDict.Stress.STRIP : CmuDict.Stress.KEEP);
            G2pSplit split = G2pSplit.standard(dict, testWordsFile());
            return new Parts("CMUdict " + (stripStress ? "(no stress)" : "(with stress)"),
                    split.pairs(G2pSplit.Part.TRAIN), split.references(G2pSplit.Part.DEV),
                    split.references(G2pSplit.Part.TEST));
        }
        List<ParallelPair> all = ParallelText.read(pairs, sourceUnits(), targetUnits()).pairs();
        List<ParallelPair> train = all;
        Map<String, List<List<String>>> dev;
        if (devPairs != null) {
            dev = references(ParallelText.read(devPairs, sourceUnits(), targetUnits()).pairs());
        } else {
            // a seeded 5% of the distinct sources, all their pairs together
            Map<String, List<ParallelPair>> bySource = new LinkedHashMap<>();
            for (ParallelPair p : all) {
                bySource.computeIfAbsent(join(p.source()), k -> new ArrayList<>()).add(p);
            }
            List<String> sources = new ArrayList<>(bySource.keySet());
            Collections.shuffle(sources, new Random(G2pSplit.DEFAULT_SEED));
            int devCount = sources.size() >= 20 ? (int) Math.round(sources.size() * G2pSplit.DEFAULT_DEV_FRACTION) : 0;
            java.util.Set<String> devSet = new java.util.HashSet<>(sources.subList(0, devCount));
            train = new ArrayList<>();
            List<ParallelPair> devList = new ArrayList<>();
            for (ParallelPair p : all) {
                (devSet.contains(join(p.source())) ? devList : train).add(p);
            }
            dev = references(devList);
            if (devCount < 50) {
                org.slf4j.LoggerFactory.getLogger(Seq2SeqDataOptions.class).warn("{} has {} distinct sources: the "
                        + "dev part is {} of them, too few for early stopping and learning-rate decay to mean much; "
                        + "pass --dev-pairs FILE", pairs, sources.size(), devCount);
            }
        }
        Map<String, List<List<String>>> test = testPairs == null ? Map.of()
                : references(ParallelText.read(testPairs, sourceUnits(), targetUnits()).pairs());
        return new Parts(pairs.getFileName().toString(), train, dev, test);
    }

    /** Source string to its targets, in file order. */
    Map<String, List<List<String>>> references(List<ParallelPair> pairs) {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        for (ParallelPair p : pairs) {
            List<List<String>> refs = out.computeIfAbsent(join(p.source()), k -> new ArrayList<>());
            if (!refs.contains(p.target())) {
                refs.add(p.target());
            }
        }
        return out;
    }

    /** A source as the model reads it back: characters joined as written, tokens with single spaces. */
    String join(List<String> symbols) {
        return String.join(sourceUnits() == Segmentation.CHARACTERS ? "" : " ", symbols);
    }

    Path testWordsFile() {
        if (testWords != null) {
            if (!Files.isRegularFile(testWords)) {
                throw new IllegalArgumentException("--test-words " + testWords + ": no such file");
            }
            return testWords;
        }
        try {
            return G2pSplit.findTestWords(Path.of(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("pass the file", "pass --test-words FILE"), e);
        }
    }
}
