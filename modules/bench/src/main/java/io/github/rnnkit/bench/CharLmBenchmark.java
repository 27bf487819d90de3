package io.github.rnnkit.bench;

import io.github.rnnkit.core.bundle.Versions;
import io.github.rnnkit.core.io.AtomicFiles;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.MetricsLog;
import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.data.text.CodePointReader;
import io.github.rnnkit.data.text.TextCorpus;
import io.github.rnnkit.data.text.TextRegion;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmConfig;
import io.github.rnnkit.presets.charlm.CharLmData;
import io.github.rnnkit.presets.charlm.Sampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The character LM's accuracy benchmark: train for a fixed time, then score the held-out tail in bits per
 * character next to the unigram baseline and general-purpose compressors on the same split, measured in
 * the same run; plus samples and the share of their words that are real words of the training text.
 */
public final class CharLmBenchmark {
    private static final Logger log = LoggerFactory.getLogger(CharLmBenchmark.class);
    /** Words of at least 3 letters: single letters and pairs are real words too often to tell anything. */
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");

    /**
     * What to run.
     *
     * @param text      the UTF-8 text
     * @param config    the model and split
     * @param training  training settings (its maxDuration is the time budget)
     * @param outDir    where the bundle, metrics and JSON results go
     * @param samples   samples to generate and score for real words
     */
    public record Options(Path text, CharLmConfig config, TrainingConfig training, Path outDir, int samples) {
    }

    /**
     * The figures.
     *
     * @param model               bits per character of the model on the test tail
     * @param unigramWhole        entropy of the whole text's character distribution
     * @param unigramCross        cross-entropy on the tail of a unigram model fitted on the text before it
     *                            (add-one smoothed)
     * @param compressors         compressor name to tail bits per character (NaN when not installed)
     * @param realWordRate        share of sampled words (3+ letters) that occur in the training text
 * @param unigramWordRate     the same share for text sampled from the unigram distribution (the control)
     * @param trainingSeconds     training time
     * @param iterations          batches trained
     * @param tokensTrained       characters trained on
     */
    public record Result(String text, long chars, long tailChars, String spec, double model, double unigramWhole,
                         double unigramCross, Map<String, Double> compressors, double realWordRate, double unigramWordRate,
                         List<String> samples, double trainingSeconds, long iterations, long tokensTrained,
                         double evaluationSeconds, String machine, String backend, String dl4j, String java,
                         String ompThreads, String date) {
    }

    private CharLmBenchmark() {
    }

    public static Result run(Options o, PrintWriter out) throws IOException {
        Files.createDirectories(o.outDir());
        TextCorpus corpus = TextCorpus.scan(o.text());
        CharLmData data = CharLmData.split(corpus, o.config());
        CharLanguageModel lm = CharLanguageModel.create(o.config(), data, o.training());
        List<TrainerListener> listeners = new ArrayList<>();
        listeners.add(new ProgressBar(System.err));
        long[] tokens = {0};
        listeners.add(new TrainerListener() {
            @Override
            public void onBatch(io.github.rnnkit.core.train.BatchReport r) {
                tokens[0] += r.tokens();
            }
        });
        TrainingResult trained;
        try (MetricsLog metrics = new MetricsLog(o.outDir().resolve("metrics"))) {
            listeners.add(metrics);
            trained = lm.fit(data, o.training(), listeners, null);
        }
        lm.save(o.outDir().resolve("charlm.zip"));

        long t0 = System.nanoTime();
        double bpc = lm.bitsPerCharacter(data.test());
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        log.info("Model: {} bits per character on the {}-character tail ({} s)", bpc, data.test().chars(), evalSeconds);

        Map<String, Double> compressors = new LinkedHashMap<>();
        Path work = Files.createTempDirectory("rnnkit-compress");
        try {
            for (Compressors.Result r : Compressors.measure(data.test(), work)) {
                compressors.put(r.tool().label(), r.bpc());
            }
        } finally {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }

        Set<String> words = wordsOf(new TextRegion(corpus.file(), 0, data.test().startByte(),
                corpus.chars() - data.test().chars()));
        List<String> samples = new ArrayList<>();
        StringBuilder generated = new StringBuilder();
        for (int i = 0; i < o.samples(); i++) {
            String s = lm.generate("The ", 400, new Sampling(0.7, 0, o.training().seed() + i));
            samples.add("The " + s);
            generated.append(s).append('\n');
        }
        double realWordRate = realWordRate(generated.toString(), words);
        double unigramWordRate = realWordRate(unigramSample(corpus, generated.length(), o.training().seed()), words);

        Result result = new Result(o.text().getFileName().toString(), corpus.chars(), data.test().chars(),
                o.config().spec().depth() + "x" + o.config().spec().hiddenSize() + " " + o.config().spec().cell(),
                bpc, corpus.unigramEntropyBits(), unigramCrossEntropy(data.test(), corpus), compressors,
                realWordRate, unigramWordRate, samples, trained.elapsed().toMillis() / 1000.0,
                trained.state().iteration(), tokens[0], evalSeconds, machine(), Versions.nd4jClassifier(),
                Versions.dl4j(), System.getProperty("java.version"),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), Instant.now().toString());
        Path json = o.outDir().resolve("charlm-bench.json");
        AtomicFiles.write(json, tmp -> Files.writeString(tmp, Json.write(result)));
        print(result, out);
        out.printf("results: %s%n", json.toAbsolutePath());
        return result;
    }

    /** Share of the words (3+ letters) of {@code text} that are in {@code words}; NaN when there are none. */
    static double realWordRate(String text, Set<String> words) {
        int real = 0;
        int total = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            total++;
            real += words.contains(m.group().toLowerCase(Locale.ROOT)) ? 1 : 0;
        }
        return total == 0 ? Double.NaN : (double) real / total;
    }

    /** {@code length} characters drawn independently from the text's character distribution. */
    static String unigramSample(TextCorpus corpus, int length, long seed) {
        int[] cps = corpus.charCounts().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[] cumulative = new double[cps.length];
        double sum = 0;
        for (int i = 0; i < cps.length; i++) {
            sum += corpus.charCounts().get(cps[i]);
            cumulative[i] = sum;
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            double x = r.nextDouble() * sum;
            int k = java.util.Arrays.binarySearch(cumulative, x);
            sb.appendCodePoint(cps[Math.min(cps.length - 1, k >= 0 ? k : -k - 1)]);
        }
        return sb.toString();
    }

    /** Cross-entropy of a unigram model (add-one smoothed) fitted on everything before {@code tail}. */
    static double unigramCrossEntropy(TextRegion tail, TextCorpus corpus) throws IOException {
        Map<Integer, Long> head = new HashMap<>(corpus.charCounts());
        Map<Integer, Long> tailCounts = new HashMap<>();
        try (CodePointReader r = new CodePointReader(tail.file(), tail.startByte(), tail.endByte(), 1 << 16, null)) {
            for (int cp = r.next(); cp >= 0; cp = r.next()) {
                tailCounts.merge(cp, 1L, Long::sum);
                head.merge(cp, -1L, Long::sum);
            }
        }
        long headTotal = head.values().stream().mapToLong(Long::longValue).sum();
        int alphabet = corpus.charCounts().size();
        double bits = 0;
        for (Map.Entry<Integer, Long> e : tailCounts.entrySet()) {
            double p = (head.getOrDefault(e.getKey(), 0L) + 1.0) / (headTotal + alphabet);
            bits -= e.getValue() * Math.log(p) / Math.log(2);
        }
        return bits / tail.chars();
    }

    static Set<String> wordsOf(TextRegion region) throws IOException {
        Set<String> words = new HashSet<>();
        StringBuilder w = new StringBuilder();
        try (CodePointReader r = new CodePointReader(region.file(), region.startByte(), region.endByte(), 1 << 16,
                null)) {
            for (int cp = r.next(); ; cp = r.next()) {
                if (cp >= 0 && Character.isLetter(cp)) {
                    w.appendCodePoint(Character.toLowerCase(cp));
                } else {
                    if (w.length() > 0) {
                        words.add(w.toString());
                        w.setLength(0);
                    }
                    if (cp < 0) {
                        break;
                    }
                }
            }
        }
        return words;
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    static void print(Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "%nCharacter LM on %s (%,d characters), test tail %,d characters%n", r.text(), r.chars(),
                r.tailChars());
        out.printf(Locale.ROOT, "machine: %s; ND4J %s, DL4J %s, Java %s, OMP_NUM_THREADS=%s; %s%n", r.machine(),
                r.backend(), r.dl4j(), r.java(), r.ompThreads(), r.date());
        out.printf(Locale.ROOT, "model: %s, trained %.0f s (%d batches, %,d characters)%n%n", r.spec(),
                r.trainingSeconds(), r.iterations(), r.tokensTrained());
        out.printf("| model | bits per character on the tail |%n|---|---|%n");
        out.printf(Locale.ROOT, "| rnnkit char LM (%s, %.0f min) | %.3f |%n", r.spec(), r.trainingSeconds() / 60, r.model());
        r.compressors().forEach((name, bpc) -> out.printf(Locale.ROOT, "| %s | %s |%n", name,
                Double.isNaN(bpc) ? "not installed" : String.format(Locale.ROOT, "%.3f", bpc)));
        out.printf(Locale.ROOT, "| unigram fitted on the head (cross-entropy on the tail) | %.3f |%n", r.unigramCross());
        out.printf(Locale.ROOT, "| unigram entropy of the whole text | %.3f |%n%n", r.unigramWhole());
        out.printf(Locale.ROOT, "real-word rate (words of 3+ letters found in the training text) of %d samples "
                + "(temperature 0.7): %.1f%%; of unigram-sampled text of the same length: %.1f%%%n", r.samples().size(),
                100 * r.realWordRate(), 100 * r.unigramWordRate());
        for (String s : r.samples()) {
            out.printf("---%n%s%n", s);
        }
    }

    /** A time budget from minutes. */
    public static Duration minutes(double m) {
        return Duration.ofMillis((long) (m * 60_000));
    }
}
