package io.github.rnnkit.bench.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.presets.tagging.MostFrequentTagger;
import io.github.rnnkit.presets.tagging.SequenceTagger;
import io.github.rnnkit.presets.tagging.TagPrediction;
import io.github.rnnkit.presets.tagging.TaggerConfig;
import io.github.rnnkit.presets.tagging.TaggingReport;
import io.github.rnnkit.presets.tagging.TaggingSplits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Sequence tagging side by side on one split, in one run: the most-frequent-tag baseline, Apache OpenNLP's
 * tagger (maximum entropy and / or averaged perceptron) and rnnkit's recurrent tagger, optionally with its
 * word-only ablation (no character encoder), each trained on the same training part and scored on the same test
 * part, with training time and tagging throughput (tokens per second over the whole test part). "Unknown" means
 * the same for every row: a word whose lower-cased form never occurs in training. Writes a markdown table to
 * {@code out/<data>-<time>.md}.
 */
public final class TaggingBenchmark {
    private static final Logger log = LoggerFactory.getLogger(TaggingBenchmark.class);

    /**
     * @param data           the split to train and score on
     * @param config         the recurrent tagger's config
     * @param training       its training settings
     * @param trained        a tagger trained earlier on the same training part to score instead of training one,
     *                       or null
     * @param peers          OpenNLP algorithms to train, possibly none
     * @param peerIterations OpenNLP training iterations
     * @param ablation       also train the word-only variant of {@code config}
     * @param out            folder for the report
     */
    public record Options(TaggingSplits data, TaggerConfig config, TrainingConfig training, SequenceTagger trained,
                          Set<OpenNlpTagger.Algorithm> peers, int peerIterations, boolean ablation, Path out) {
        public Options {
            Checks.notNull(data, "data");
            Checks.notNull(config, "config");
            Checks.notNull(training, "training");
            Checks.notNull(peers, "peers");
            Checks.positive(peerIterations, "peerIterations");
            Checks.notNull(out, "out");
        }
    }

    /** One model's line of the table; {@code trainSeconds} is NaN for a tagger trained before the run. */
    public record Row(String model, TaggingReport report, double trainSeconds, double tokensPerSecond) {
    }

    private TaggingBenchmark() {
    }

    public static List<Row> run(Options o, PrintWriter print) throws IOException {
        TaggingSplits d = o.data();
        List<TaggedSentence> test = d.test().isEmpty() ? d.dev() : d.test();
        if (test.isEmpty()) {
            throw new IllegalArgumentException(d.name() + " has neither a test nor a dev part to score on");
        }
        Set<String> seen = new HashSet<>();
        TreeSet<String> tagSet = new TreeSet<>();
        for (TaggedSentence s : d.train()) {
            s.words().forEach(w -> seen.add(w.toLowerCase(Locale.ROOT)));
            tagSet.addAll(s.tags());
        }
        List<String> tags = List.copyOf(tagSet);
        Predicate<String> known = w -> seen.contains(w.toLowerCase(Locale.ROOT));
        List<List<String>> words = test.stream().map(TaggedSentence::words).toList();
        long tokens = TaggingSplits.tokens(test);
        List<Row> rows = new ArrayList<>();

        long t0 = System.nanoTime();
        MostFrequentTagger mft = MostFrequentTagger.train(d.train());
        double mftTrain = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        List<List<String>> mftTags = words.stream().map(mft::tag).toList();
        double mftTag = (System.nanoTime() - t1) / 1e9;
        rows.add(emit(print, new Row("most frequent tag (unknown words: '" + mft.unknownTag() + "')",
                TaggingReport.of(tags, test, mftTags, known), mftTrain, tokens / mftTag)));

        for (OpenNlpTagger.Algorithm a : o.peers()) {
            OpenNlpTagger peer = OpenNlpTagger.train(d.train(), a, o.peerIterations(), OpenNlpTagger.DEFAULT_CUTOFF);
            peer.tagAll(words.subList(0, Math.min(200, words.size())));        // warm-up
            long t2 = System.nanoTime();
            List<String[]> predicted = peer.tagAll(words);
            double seconds = (System.nanoTime() - t2) / 1e9;
            List<List<String>> lists = predicted.stream().map(List::of).toList();
            rows.add(emit(print, new Row(peer.describe(), TaggingReport.of(tags, test, lists, known),
                    peer.trainSeconds(), tokens / seconds)));
        }

        TrainingResult result = null;
        SequenceTagger tagger = o.trained();
        double trainSeconds = Double.NaN;
        if (tagger == null) {
            tagger = SequenceTagger.create(o.config(), d.train(), o.training());
            long t3 = System.nanoTime();
            result = tagger.fit(d.train(), d.dev(), o.training(), List.of(new ProgressBar(System.err)), null);
            trainSeconds = (System.nanoTime() - t3) / 1e9;
        }
        rows.add(emit(print, score(describe(tagger.config(), o.trained() != null), tagger, test, words, tags, known,
                trainSeconds, tokens)));

        if (o.ablation()) {
            TaggerConfig wordsOnly = (o.trained() != null ? o.trained().config() : o.config()).withoutCharacters();
            SequenceTagger plain = SequenceTagger.create(wordsOnly, d.train(), o.training());
            long t4 = System.nanoTime();
            plain.fit(d.train(), d.dev(), o.training(), List.of(new ProgressBar(System.err)), null);
            double seconds = (System.nanoTime() - t4) / 1e9;
            rows.add(emit(print, score(describe(wordsOnly, false), plain, test, words, tags, known, seconds, tokens)));
        }

        String table = table(d, test, rows, result);
        print.print(table);
        print.flush();
        Files.createDirectories(o.out());
        Path file = o.out().resolve(d.name() + "-" + Instant.now().toString().replace(':', '-') + ".md");
        Files.writeString(file, table, StandardCharsets.UTF_8);
        print.println("report written to " + file.toAbsolutePath());
        return rows;
    }

    private static Row emit(PrintWriter print, Row row) {
        print.printf(Locale.ROOT, "%s: %s%n", row.model(), row.report().summary());
        print.flush();
        log.info("{}: {}", row.model(), row.report().summary());
        return row;
    }

    private static Row score(String name, SequenceTagger tagger, List<TaggedSentence> test, List<List<String>> words,
                             List<String> tags, Predicate<String> known, double trainSeconds, long tokens) {
        tagger.tagAll(words.subList(0, Math.min(200, words.size())));            // warm-up
        long t0 = System.nanoTime();
        List<List<TagPrediction>> predicted = tagger.tagAll(words);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<List<String>> lists = predicted.stream().map(p -> p.stream().map(TagPrediction::tag).toList()).toList();
        return new Row(name, TaggingReport.of(tags, test, lists, known), trainSeconds, tokens / seconds);
    }

    static String describe(TaggerConfig c, boolean loaded) {
        return String.format(Locale.ROOT, "rnnkit %s%s %dx%d, words %d%s%s", c.spec().readsBothDirections() ? "Bi" : "",
                c.spec().cell(), c.spec().depth(), c.spec().hiddenSize(), c.wordSize(),
                c.usesCharacters() ? String.format(Locale.ROOT, " + char CNN %d (width %d)", c.charFilters(),
                        c.charWindow()) : ", no character encoder",
                loaded ? " (trained before this run)" : "");
    }

    static String table(TaggingSplits d, List<TaggedSentence> test, List<Row> rows, TrainingResult result) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%n%s: %s; trained on %d sentences (%d tokens), scored on %d %s sentences "
                        + "(%d tokens, %d of them unknown: lower-cased form never seen in training)%n%n", d.name(),
                d.split(), d.train().size(), TaggingSplits.tokens(d.train()), test.size(),
                d.test().isEmpty() ? "dev" : "test", rows.get(0).report().tokens(), rows.get(0).report().unknownTokens()));
        s.append("| model | accuracy | known words | unknown words | train time | tag tokens/s |\n");
        s.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            TaggingReport t = r.report();
            s.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %s | %.0f |%n", r.model(), t.accuracy(),
                    t.knownAccuracy(), t.unknownAccuracy(), Double.isNaN(r.trainSeconds()) ? "-"
                            : String.format(Locale.ROOT, "%.0f s", r.trainSeconds()), r.tokensPerSecond()));
        }
        if (result != null) {
            s.append(String.format(Locale.ROOT, "%nRecurrent training: %s after %d iterations.%n", result.reason(),
                    result.state().iteration()));
        }
        return s.toString();
    }
}
