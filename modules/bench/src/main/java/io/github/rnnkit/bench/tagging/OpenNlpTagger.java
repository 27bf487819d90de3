package io.github.rnnkit.bench.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.brown.TaggedSentence;
import opennlp.tools.ml.maxent.GISTrainer;
import opennlp.tools.ml.perceptron.PerceptronTrainer;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSSample;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerFactory;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.util.ObjectStream;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;
import opennlp.tools.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Apache OpenNLP's part-of-speech tagger ({@link POSTaggerME}) as the classical peer of rnnkit's recurrent
 * sequence tagger: a locally normalised linear classifier per token (maximum entropy or averaged perceptron)
 * over OpenNLP's default hand-made features (the word, its prefixes and suffixes up to 4 characters, the
 * words and sentence-start marks in a window of two either side, the token class, and the two previous
 * predicted tags), decoded left to right with a beam of {@value POSTaggerME#DEFAULT_BEAM_SIZE}. The approach
 * is Ratnaparkhi's, "A Maximum Entropy Model for Part-Of-Speech Tagging" (EMNLP 1996).
 *
 * <p>Input: sentences as word lists; output: one tag per word, drawn from the tags seen in training, exactly
 * as spelled there (Brown's {@code at}, {@code nn-tl}, ... or universal tags alike).
 *
 * <pre>{@code
 * OpenNlpTagger peer = OpenNlpTagger.train(train, OpenNlpTagger.Algorithm.PERCEPTRON,
 *         OpenNlpTagger.DEFAULT_ITERATIONS, OpenNlpTagger.DEFAULT_CUTOFF);
 * String[] tags = peer.tag(List.of("The", "jury", "said", "."));   // [at, nn, vbd, .]
 * double accuracy = peer.accuracy(test);
 * }</pre>
 *
 * <p>Set up so that OpenNLP's own conveniences cannot distort the comparison:
 * <ul>
 *   <li>The tagger runs with {@link POSTagFormat#CUSTOM}. {@code new POSTaggerME(model)} means
 *       {@link POSTagFormat#UD}: it guesses the model's tag set from its outcomes (Brown's punctuation tags
 *       {@code .} and {@code ,} make it guess Penn) and then maps every predicted tag from Penn to UD, turning
 *       each tag it has no entry for into {@code "?"}: on Brown's tags every word but punctuation comes out
 *       {@code "?"}.</li>
 *   <li>No tag dictionary (OpenNLP's command-line trainer builds none unless asked to): every tag is
 *       allowed for every word, as for the recurrent tagger; OpenNLP's default feature set.</li>
 * </ul>
 *
 * <p>OpenNLP logs its training progress through SLF4J at INFO under the {@code opennlp} logger names (event
 * counts, indexing, per-iteration training accuracy), never to {@code System.out}. Building the tagger logs
 * one spurious WARN, "Detected an unknown POS format.", from {@code opennlp.tools.postag.POSTagFormatMapper}.
 *
 * <p>Tagging is synchronized: OpenNLP's tagger keeps the last sequence and a feature cache in fields.
 */
public final class OpenNlpTagger {
    private static final Logger log = LoggerFactory.getLogger(OpenNlpTagger.class);

    /** OpenNLP's default number of training iterations, {@value}. */
    public static final int DEFAULT_ITERATIONS = TrainingParameters.ITERATIONS_DEFAULT_VALUE;
    /** OpenNLP's default feature cutoff, {@value}: features seen fewer times in training are dropped. */
    public static final int DEFAULT_CUTOFF = TrainingParameters.CUTOFF_DEFAULT_VALUE;
    /** Threads for {@link Algorithm#MAXENT} (the machines here have 2 cores); the perceptron trains on one. */
    public static final int MAXENT_THREADS = 2;

    /** OpenNLP's training algorithm, each as its {@code Algorithm} training parameter names it. */
    public enum Algorithm {
        /** Maximum entropy, fitted by generalised iterative scaling (OpenNLP's default). */
        MAXENT(GISTrainer.MAXENT_VALUE),
        /**
         * Averaged perceptron; stops before {@code iterations} once training accuracy has changed by less
         * than 1e-5 over three iterations.
         */
        PERCEPTRON(PerceptronTrainer.PERCEPTRON_VALUE);

        private final String parameter;

        Algorithm(String parameter) {
            this.parameter = parameter;
        }

        /** The value of OpenNLP's {@code Algorithm} training parameter. */
        public String parameter() {
            return parameter;
        }
    }

    private final POSTaggerME tagger;
    private final Algorithm algorithm;
    private final int iterations;
    private final int cutoff;
    private final SortedSet<String> tagSet;
    private final int trainSentences;
    private final long trainTokens;
    private final double trainSeconds;

    private OpenNlpTagger(POSTaggerME tagger, Algorithm algorithm, int iterations, int cutoff,
                          SortedSet<String> tagSet, int trainSentences, long trainTokens, double trainSeconds) {
        this.tagger = tagger;
        this.algorithm = algorithm;
        this.iterations = iterations;
        this.cutoff = cutoff;
        this.tagSet = tagSet;
        this.trainSentences = trainSentences;
        this.trainTokens = trainTokens;
        this.trainSeconds = trainSeconds;
    }

    /**
     * Trains a tagger with OpenNLP's default iterations and cutoff.
     *
     * @see #train(List, Algorithm, int, int)
     */
    public static OpenNlpTagger train(List<TaggedSentence> train, Algorithm algorithm) throws IOException {
        return train(train, algorithm, DEFAULT_ITERATIONS, DEFAULT_CUTOFF);
    }

    /**
     * Trains a tagger on in-memory sentences.
     *
     * @param train      the training sentences, in the order the trainer sees them; they must hold at least
     *                   two distinct tags
     * @param algorithm  the training algorithm; {@link Algorithm#MAXENT} trains on {@value #MAXENT_THREADS}
     *                   threads
     * @param iterations the most passes over the training data, at least 1 ({@value #DEFAULT_ITERATIONS} by
     *                   OpenNLP's default)
     * @param cutoff     features seen fewer than this many times in training are dropped; 0 and 1 keep all
     *                   ({@value #DEFAULT_CUTOFF} by OpenNLP's default)
     * @throws IOException when OpenNLP's event indexer cannot write its temporary file
     */
    public static OpenNlpTagger train(List<TaggedSentence> train, Algorithm algorithm, int iterations, int cutoff)
            throws IOException {
        Checks.notNull(train, "train");
        Checks.notNull(algorithm, "algorithm");
        Checks.positive(iterations, "iterations");
        Checks.nonNegative(cutoff, "cutoff");
        List<POSSample> samples = new ArrayList<>(train.size());
        SortedSet<String> tagSet = new TreeSet<>();
        long tokens = 0;
        for (TaggedSentence s : train) {
            Checks.notNull(s, "train's sentences");
            // arrays, not the sentence's lists: POSSample calls contains(null), which List.copyOf's lists refuse
            samples.add(new POSSample(s.words().toArray(new String[0]), s.tags().toArray(new String[0])));
            tagSet.addAll(s.tags());
            tokens += s.length();
        }
        if (tagSet.size() < 2) {
            throw new IllegalArgumentException("train must hold at least two distinct tags, got " + tagSet + " in "
                    + train.size() + " sentences");
        }

        TrainingParameters params = new TrainingParameters();
        params.put(TrainingParameters.ALGORITHM_PARAM, algorithm.parameter());
        params.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        params.put(TrainingParameters.CUTOFF_PARAM, cutoff);
        if (algorithm == Algorithm.MAXENT) {
            params.put(TrainingParameters.THREADS_PARAM, MAXENT_THREADS);
        }
        // OpenNLP's default features (pos-default-features.xml), no extra resources, no tag dictionary
        POSTaggerFactory factory = new POSTaggerFactory(null, Map.of(), null);

        long t0 = System.nanoTime();
        POSModel model;
        try (ObjectStream<POSSample> stream = ObjectStreamUtils.createObjectStream(samples)) {
            model = POSTaggerME.train("en", stream, params, factory);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.info("OpenNLP {} {} tagger: {} sentences, {} tokens, {} tags, trained in {} s",
                Version.currentVersion(), algorithm, samples.size(), tokens, tagSet.size(),
                String.format(Locale.ROOT, "%.1f", seconds));
        POSTaggerME tagger = new POSTaggerME(model, POSTagFormat.CUSTOM);
        return new OpenNlpTagger(tagger, algorithm, iterations, cutoff, Collections.unmodifiableSortedSet(tagSet),
                samples.size(), tokens, seconds);
    }

    /**
     * Tags one sentence.
     *
     * @param words the sentence's words, none null; an empty list gets an empty array
     * @return one tag per word, each a tag seen in training
     */
    public synchronized String[] tag(List<String> words) {
        Checks.notNull(words, "words");
        if (words.isEmpty()) {
            return new String[0];
        }
        String[] w = new String[words.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = words.get(i);
            if (w[i] == null) {
                throw new IllegalArgumentException("words must not contain null, got null at index " + i);
            }
        }
        return tagger.tag(w);
    }

    /** {@link #tag} for each sentence, in order. */
    public List<String[]> tagAll(List<List<String>> sentences) {
        Checks.notNull(sentences, "sentences");
        List<String[]> out = new ArrayList<>(sentences.size());
        for (List<String> words : sentences) {
            out.add(tag(words));
        }
        return out;
    }

    /**
     * Token accuracy on tagged sentences: the fraction of tokens whose predicted tag equals the gold one.
     *
     * @param gold sentences with their true tags, at least one token in all
     */
    public double accuracy(List<TaggedSentence> gold) {
        Checks.notNull(gold, "gold");
        long correct = 0;
        long total = 0;
        for (TaggedSentence s : gold) {
            String[] predicted = tag(s.words());
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i].equals(s.tags().get(i))) {
                    correct++;
                }
            }
            total += predicted.length;
        }
        if (total == 0) {
            throw new IllegalArgumentException("gold must hold at least one token, got " + gold.size()
                    + " empty sentences");
        }
        return (double) correct / total;
    }

    /** Wall-clock seconds that OpenNLP's training took (feature extraction, indexing and fitting). */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** The tags seen in training, sorted: the only tags {@link #tag} can return. */
    public SortedSet<String> tags() {
        return tagSet;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public int iterations() {
        return iterations;
    }

    public int cutoff() {
        return cutoff;
    }

    public int trainSentences() {
        return trainSentences;
    }

    public long trainTokens() {
        return trainTokens;
    }

    /** For report tables: "OpenNLP 2.5.11 POSTaggerME, PERCEPTRON, 100 iterations, cutoff 5, beam 3". */
    public String describe() {
        return String.format(Locale.ROOT, "OpenNLP %s POSTaggerME, %s, %d iterations, cutoff %d, beam %d",
                Version.currentVersion(), algorithm, iterations, cutoff, POSTaggerME.DEFAULT_BEAM_SIZE);
    }
}
