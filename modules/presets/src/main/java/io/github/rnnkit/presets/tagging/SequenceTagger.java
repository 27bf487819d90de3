package io.github.rnnkit.presets.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.layers.ParallelPrediction;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.layers.SequenceSoftmax;
import io.github.rnnkit.core.layers.WordCharEmbedding;
import io.github.rnnkit.core.layers.WordCharParamInitializer;
import io.github.rnnkit.core.train.Checkpointer;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.core.train.Validation;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.seq.SequenceBatches;
import io.github.rnnkit.data.text.Vocabulary;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import io.github.rnnkit.core.RecurrentImpl;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A recurrent sequence tagger (many-to-many): one tag per token, the whole sentence read in both directions.
 * Part-of-speech tags, chunks, named entities in BIO: any token-level labelling.
 *
 * <p>Each token becomes a word vector (a word embedding, plus features of its spelling from a character CNN:
 * {@link WordCharEmbedding}), a (bidirectional) LSTM / GRU stack reads the sentence, and a softmax per step gives
 * the tag distribution. Shapes: input [B, 1 + L, T] (word id and L character ids per token) with a mask
 * [B, T]; word vectors [B, E + F, T]; recurrent outputs [B, H', T]; tag probabilities [B, K, T]. Sentences are
 * bucketed by length, padding is masked out of the loss and of every score.
 *
 * <pre>{@code
 * List<TaggedSentence> train = ..., dev = ..., test = ...;
 * TrainingConfig training = TrainingConfig.defaults().withEpochs(5).withBatchSize(32);
 * SequenceTagger tagger = SequenceTagger.create(TaggerConfig.defaults(), train, training);
 * tagger.fit(train, dev, training, List.of(new ProgressBar(System.err)), null);
 * System.out.println(tagger.evaluate(test).toTable());
 * List<TagPrediction> tags = tagger.tag(List.of("The", "cat", "sat", "."));
 * tagger.save(Path.of("tagger.zip"));
 * }</pre>
 *
 * <p>The architecture follows dos Santos &amp; Zadrozny (2014, character CNN word features for POS tagging) and
 * Ma &amp; Hovy (2016, CNN character features under a bidirectional LSTM), without their CRF: a softmax per token.
 *
 * <p>Every public method that touches the network (training, prediction, saving) is synchronized: one thread at a
 * time. A call with more than one batch spreads its batches over the cores ({@link ParallelPrediction}, replicas
 * that share this network's parameters).
 */
public final class SequenceTagger {
    /** The preset's name in bundles and on the command line. */
    public static final String PRESET = "tagger";
    static final String WORDS = "words.json";
    static final String CHARS = "chars.json";
    static final String TAGS = "tags.json";
    static final String INPUT = "tokens";
    static final String EMBEDDING = "embed";
    static final String OUTPUT = "out";
    private static final int PREDICT_BATCH = 128;
    private static final Logger log = LoggerFactory.getLogger(SequenceTagger.class);

    private final TaggerConfig config;
    private final Vocabulary words;
    private final Vocabulary chars;
    private final List<String> tags;
    private final Map<String, Integer> tagIds;
    private final ComputationGraph network;
    /** The network, then replicas sharing its parameters for {@link ParallelPrediction}'s other threads. */
    private final ParallelPrediction.Replicas replicas;
    private final Provenance provenance;
    private final TrainingState trainingState;
    private final TokenIds tokenIds;

    private SequenceTagger(TaggerConfig config, Vocabulary words, Vocabulary chars, List<String> tags,
                           ComputationGraph network, Provenance provenance, TrainingState trainingState) {
        this.config = config;
        this.words = words;
        this.chars = chars;
        this.tags = List.copyOf(tags);
        this.tagIds = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            tagIds.put(tags.get(i), i);
        }
        this.network = network;
        this.replicas = new ParallelPrediction.Replicas(network);
        this.provenance = provenance;
        this.trainingState = trainingState;
        this.tokenIds = new TokenIds(words, chars, config.maxWordChars(), config.lowerCaseWords());
    }

    /**
     * An untrained tagger: word and character vocabularies and the tag set (name order) are taken from
     * {@code train}, the network built from {@code config} with {@code training}'s seed and update rule.
     *
     * @throws IllegalArgumentException when {@code train} has no sentence, an empty sentence, or fewer than two tags
     */
    public static SequenceTagger create(TaggerConfig config, List<TaggedSentence> train, TrainingConfig training) {
        Checks.notNull(config, "config");
        Checks.notNull(train, "train");
        Checks.notNull(training, "training");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sentences");
        }
        Map<String, Long> wordCounts = new HashMap<>();
        Map<String, Long> charCounts = new HashMap<>();
        TreeSet<String> tagSet = new TreeSet<>();
        for (TaggedSentence s : train) {
            requireTokens(s);
            for (int i = 0; i < s.length(); i++) {
                String w = s.words().get(i);
                wordCounts.merge(TokenIds.key(w, config.lowerCaseWords()), 1L, Long::sum);
                w.codePoints().forEach(cp -> charCounts.merge(Character.toString(cp), 1L, Long::sum));
                tagSet.add(s.tags().get(i));
            }
        }
        if (tagSet.size() < 2) {
            throw new IllegalArgumentException("the training sentences use " + tagSet.size() + " tag(s) " + tagSet
                    + "; a tagger needs at least 2");
        }
        Vocabulary words = Vocabulary.builder().minFrequency(config.minWordCount()).maxSize(Integer.MAX_VALUE)
                .specials(Vocabulary.Special.PAD, Vocabulary.Special.UNK).fitCounts(wordCounts);
        Vocabulary chars = config.usesCharacters() ? Vocabulary.builder().minFrequency(1).maxSize(Integer.MAX_VALUE)
                .specials(Vocabulary.Special.PAD, Vocabulary.Special.UNK, Vocabulary.Special.BOS,
                        Vocabulary.Special.EOS).fitCounts(charCounts) : null;
        List<String> tags = List.copyOf(tagSet);
        ComputationGraph network = buildNetwork(config, words, chars, tags.size(), training);
        log.info("Sequence tagger: {} tags, {} words in the vocabulary (of {} distinct in training), {}, {} {} "
                        + "layer(s) of {} units ({}), {} parameters", tags.size(), words.size(), wordCounts.size(),
                chars == null ? "no character encoder" : chars.size() + " characters",
                config.spec().depth(), config.spec().cell(), config.spec().hiddenSize(), config.spec().bidirectional(),
                network.numParams());
        return new SequenceTagger(config, words, chars, tags, network,
                Provenance.now(PRESET, training.seed(), "sentences", fingerprint(train)), null);
    }

    private static void requireTokens(TaggedSentence s) {
        if (s.length() == 0) {
            throw new IllegalArgumentException(s.source() + ":" + s.line() + ": empty sentence; every sentence "
                    + "needs at least one token");
        }
    }

    static ComputationGraph buildNetwork(TaggerConfig config, Vocabulary words, Vocabulary chars, int tags,
                                         TrainingConfig training) {
        ComputationGraphConfiguration.GraphBuilder g = training.applyTo(new NeuralNetConfiguration.Builder())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs(INPUT);
        WordCharEmbedding embedding = config.usesCharacters()
                ? WordCharEmbedding.of(words.size(), config.wordSize(), chars.size(), config.charSize(),
                config.charFilters(), config.charWindow(), config.maxWordChars())
                : WordCharEmbedding.wordsOnly(words.size(), config.wordSize());
        if (config.wordDropout() > 0) {
            embedding = embedding.withWordDropout(config.wordDropout(), words.id(Vocabulary.Special.UNK));
        }
        g.addLayer(EMBEDDING, embedding, INPUT);
        // the layers reading the word vectors: rnnkit's bidirectional stack adds a forward and a backward layer,
        // DL4J's one Bidirectional wrapper (whose two halves get the dropout)
        int bottomLayers = config.spec().readsBothDirections() && config.spec().impl() == RecurrentImpl.RNNKIT ? 2 : 1;
        int[] added = {0};
        String top = RecurrentLayers.addTo(g, EMBEDDING, config.wordVectorSize(), config.spec(), "rnn", layer -> {
            if (added[0]++ < bottomLayers && config.embedDropout() > 0) {
                embedDropout(layer, config.embedDropout());
            }
            return layer;
        });
        g.addLayer(OUTPUT, SequenceSoftmax.of(config.spec().outputSize(), tags), top).setOutputs(OUTPUT);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    private static void embedDropout(org.deeplearning4j.nn.conf.layers.Layer layer, double p) {
        if (layer instanceof Bidirectional b) {
            embedDropout(b.getFwd(), p);
            embedDropout(b.getBwd(), p);
        } else if (layer instanceof BaseLayer base) {
            base.setIDropout(new Dropout(1.0 - p));         // DL4J takes the keep probability
        } else {
            throw new IllegalStateException("cannot put dropout on " + layer.getClass().getSimpleName());
        }
    }

    /** sha256 over the words and tags, in order: the training data's fingerprint in the provenance. */
    public static String fingerprint(List<TaggedSentence> sentences) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (TaggedSentence s : sentences) {
                for (int i = 0; i < s.length(); i++) {
                    sha.update(s.words().get(i).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    sha.update(s.tags().get(i).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 1);
                }
                sha.update((byte) 2);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trains on {@code train}, scoring token accuracy on {@code dev} after every epoch (for the log, early
     * stopping and the curve). Sentences longer than {@code maxLength} are split into pieces (counted, logged).
     *
     * @param dev        held-out sentences, or an empty list for no validation
     * @param training   epochs, batch size, clipping, time budget, checkpoints ...; the update rule was fixed
     *                   when the tagger was created
     * @param listeners  progress bar, metrics log ...
     * @param resumeFrom the state of a checkpoint this tagger was loaded from, or null to start afresh
     * @throws IllegalArgumentException for an empty sentence or a tag outside the tag set (naming the sentence)
     */
    public synchronized TrainingResult fit(List<TaggedSentence> train, List<TaggedSentence> dev,
                                           TrainingConfig training, List<TrainerListener> listeners,
                                           TrainingState resumeFrom) {
        Checks.notNull(train, "train");
        Checks.notNull(dev, "dev");
        Checks.notNull(training, "training");
        Checks.notNull(listeners, "listeners");
        List<SequenceBatches.Example> examples = new ArrayList<>(train.size());
        long tokens = 0;
        long unknown = 0;
        long split = 0;
        tokenIds.resetShortened();
        for (TaggedSentence s : train) {
            requireTokens(s);
            List<TaggedSentence> pieces = pieces(s);
            split += pieces.size() > 1 ? 1 : 0;
            for (TaggedSentence p : pieces) {
                examples.add(new SequenceBatches.Example(tokenIds.encode(p.words()), labels(p)));
            }
            tokens += s.length();
            for (String w : s.words()) {
                unknown += tokenIds.known(w) ? 0 : 1;
            }
        }
        long shortened = tokenIds.shortened();
        if (split > 0) {
            log.warn("{} training sentence(s) are longer than maxLength {} tokens and were split into pieces", split,
                    config.maxLength());
        }
        SequenceBatches batches = SequenceBatches.builder(examples, SequenceBatches.Labels.PER_STEP_INDEX, tags.size())
                .idsPerStep(tokenIds.width()).batchSize(training.batchSize()).maxLength(config.maxLength())
                .padId(0).seed(training.seed()).build();
        Validation validation = dev.isEmpty() ? null : new Validation() {
            @Override
            public String metric() {
                return "val_accuracy";
            }

            @Override
            public boolean higherIsBetter() {
                return true;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                return SequenceTagger.this.evaluate(dev).accuracy();
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        log.info("Training on {} sentences ({} tokens, {} not in the vocabulary, {} spellings shortened to {} "
                        + "characters): {} batches of {} per epoch", train.size(), tokens, unknown, shortened,
                config.maxWordChars(), batches.batchesPerEpoch(), training.batchSize());
        return trainer.fit(TrainableNetwork.of(network), batches, validation, checkpointer, resumeFrom);
    }

    private int[] labels(TaggedSentence s) {
        int[] out = new int[s.length()];
        for (int i = 0; i < out.length; i++) {
            Integer id = tagIds.get(s.tags().get(i));
            if (id == null) {
                throw new IllegalArgumentException(s.source() + ":" + s.line() + ": tag '" + s.tags().get(i)
                        + "' (token " + (i + 1) + ", '" + s.words().get(i) + "') is not in the tagger's tag set of "
                        + tags.size() + " tags");
            }
            out[i] = id;
        }
        return out;
    }

    /** The sentence, split into pieces of at most maxLength tokens. */
    private List<TaggedSentence> pieces(TaggedSentence s) {
        int max = config.maxLength();
        if (s.length() <= max) {
            return List.of(s);
        }
        List<TaggedSentence> out = new ArrayList<>();
        for (int from = 0; from < s.length(); from += max) {
            int to = Math.min(s.length(), from + max);
            out.add(new TaggedSentence(s.source(), s.line(), s.words().subList(from, to), s.tags().subList(from, to)));
        }
        return out;
    }

    /**
     * Tags one sentence (tokens as written).
     *
     * @throws IllegalArgumentException when the sentence has no token or a token is null or empty
     */
    public List<TagPrediction> tag(List<String> tokens) {
        return tagAll(List.of(tokens)).get(0);
    }

    /**
     * Tags many sentences, batched by length. A sentence longer than {@code maxLength} tokens is tagged in
     * pieces of at most that many (each piece read as a sentence of its own; counted in the log).
     *
     * @throws IllegalArgumentException when a sentence has no token or a token is null or empty (naming it)
     */
    public synchronized List<List<TagPrediction>> tagAll(List<List<String>> sentences) {
        Checks.notNull(sentences, "sentences");
        List<SequenceBatches.Example> pieces = new ArrayList<>();
        List<int[]> origin = new ArrayList<>();       // {sentence, first token}
        long split = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<String> tokens = sentences.get(s);
            Checks.notNull(tokens, "sentences[" + s + "]");
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("sentence " + s + " has no tokens; every sentence needs at least one");
            }
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i) == null || tokens.get(i).isEmpty()) {
                    throw new IllegalArgumentException("sentence " + s + ", token " + i + " is "
                            + (tokens.get(i) == null ? "null" : "empty"));
                }
            }
            split += tokens.size() > config.maxLength() ? 1 : 0;
            for (int from = 0; from < tokens.size(); from += config.maxLength()) {
                List<String> piece = tokens.subList(from, Math.min(tokens.size(), from + config.maxLength()));
                pieces.add(new SequenceBatches.Example(tokenIds.encode(piece), new int[piece.size()]));
                origin.add(new int[]{s, from});
            }
        }
        if (split > 0) {
            log.warn("{} sentence(s) are longer than maxLength {} tokens and were tagged in pieces", split,
                    config.maxLength());
        }
        List<List<TagPrediction>> out = new ArrayList<>(sentences.size());
        for (List<String> s : sentences) {
            out.add(new ArrayList<>(java.util.Collections.nCopies(s.size(), (TagPrediction) null)));
        }
        if (pieces.isEmpty()) {
            return out;
        }
        SequenceBatches batches = SequenceBatches.builder(pieces, SequenceBatches.Labels.PER_STEP_INDEX,
                Math.max(2, tags.size())).idsPerStep(tokenIds.width()).batchSize(PREDICT_BATCH)
                .maxLength(config.maxLength()).padId(0).build();
        Integer[] order = new Integer[pieces.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(pieces.get(a).labels().length,
                pieces.get(b).labels().length));
        int count = (order.length + PREDICT_BATCH - 1) / PREDICT_BATCH;
        ParallelPrediction.run(replicas.forBatches(count), count, (replica, b) -> {
            int from = b * PREDICT_BATCH;
            int[] members = new int[Math.min(PREDICT_BATCH, order.length - from)];
            for (int i = 0; i < members.length; i++) {
                members[i] = order[from + i];
            }
            MultiDataSet batch = batches.batch(members);
            INDArray p = replica.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[0];
            float[] probs = p.castTo(DataType.FLOAT).dup('c').data().asFloat();     // [B, K, T]
            int k = tags.size();
            int steps = (int) p.size(2);
            for (int r = 0; r < members.length; r++) {
                int[] where = origin.get(members[r]);
                List<String> tokens = sentences.get(where[0]);
                List<TagPrediction> row = out.get(where[0]);
                int len = pieces.get(members[r]).labels().length;
                for (int t = 0; t < len; t++) {
                    int best = 0;
                    float bp = -1;
                    for (int c = 0; c < k; c++) {
                        float v = probs[(r * k + c) * steps + t];
                        if (v > bp) {
                            bp = v;
                            best = c;
                        }
                    }
                    row.set(where[1] + t, new TagPrediction(tokens.get(where[1] + t), tags.get(best), bp));
                }
            }
        });
        return out;
    }

    /**
     * Scores the tagger on gold sentences: accuracy overall, on words in and out of the training vocabulary,
     * per tag. A gold tag outside the tag set is counted and reported (and is an error), not a crash.
     */
    public TaggingReport evaluate(List<TaggedSentence> gold) {
        Checks.notNull(gold, "gold");
        List<List<String>> input = new ArrayList<>(gold.size());
        for (TaggedSentence s : gold) {
            if (s.length() == 0) {
                throw new IllegalArgumentException(s.source() + ":" + s.line() + ": empty sentence");
            }
            input.add(s.words());
        }
        List<List<String>> predicted = new ArrayList<>(gold.size());
        for (List<TagPrediction> row : tagAll(input)) {
            predicted.add(row.stream().map(TagPrediction::tag).toList());
        }
        TaggingReport report = TaggingReport.of(tags, gold, predicted, tokenIds::known);
        if (report.unseenGoldTokens() > 0) {           // in the report too; logged at each validation
            log.debug("{} gold token(s) carry tags the tagger never saw in training, counted as errors: {}",
                    report.unseenGoldTokens(), report.unseenGold());
        }
        return report;
    }

    /** Whether a token's word is in the training vocabulary (else the word table reads it as UNK). */
    public boolean knows(String token) {
        return tokenIds.known(token);
    }

    /**
     * Starts the word table from pretrained vectors (a word language model's embedding, GloVe rows ...): each
     * vocabulary word found in {@code vectors} (under its word-table key, lower-cased if so configured) gets
     * that vector. Call before training.
     *
     * @return how many vocabulary words were found
     * @throws IllegalArgumentException when a vector's width is not the word embedding size
     */
    public synchronized int useWordVectors(Map<String, float[]> vectors) {
        Checks.notNull(vectors, "vectors");
        INDArray table = network.getLayer(EMBEDDING).getParam(WordCharParamInitializer.WORD_KEY);
        int found = 0;
        for (int id = 0; id < words.size(); id++) {
            float[] v = vectors.get(words.token(id));
            if (v == null) {
                continue;
            }
            if (v.length != config.wordSize()) {
                throw new IllegalArgumentException("pretrained vector of '" + words.token(id) + "' has " + v.length
                        + " values; the word embedding size is " + config.wordSize());
            }
            table.getRow(id).assign(org.nd4j.linalg.factory.Nd4j.createFromArray(v).castTo(table.dataType()));
            found++;
        }
        log.info("Pretrained word vectors: {} of {} vocabulary words found", found, words.size());
        return found;
    }

    /** This tagger as a bundle (network with updater state, config, vocabularies, tags, provenance). */
    public synchronized ModelBundle toBundle() {
        ModelBundle b = ModelBundle.of(provenance.restamped(), network, config)
                .withArtifact(WORDS, words.toJson())
                .withArtifact(TAGS, Json.write(tags).getBytes(StandardCharsets.UTF_8));
        return chars == null ? b : b.withArtifact(CHARS, chars.toJson());
    }

    /** Saves the tagger to {@code file} (atomically). */
    public synchronized void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved sequence tagger to {}", file);
    }

    /**
     * Loads a tagger saved by {@link #save} or a training checkpoint.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt, of another preset, or inconsistent
     */
    public static SequenceTagger load(Path file) throws IOException {
        ModelBundle bundle = ModelBundle.load(file, PRESET);
        TaggerConfig config = bundle.config(TaggerConfig.class);
        Vocabulary words = Vocabulary.fromJson(bundle.artifact(WORDS), WORDS + " in " + file);
        Vocabulary chars = config.usesCharacters() ? Vocabulary.fromJson(bundle.artifact(CHARS), CHARS + " in " + file)
                : null;
        String[] tags = Json.read(new String(bundle.artifact(TAGS), StandardCharsets.UTF_8), String[].class,
                TAGS + " in " + file);
        ComputationGraph network = bundle.computationGraph();
        WordCharEmbedding embedding = (WordCharEmbedding) network.getLayer(EMBEDDING).conf().getLayer();
        long outputs = network.getLayer(OUTPUT).getParam("W").size(1);
        if (embedding.getWords() != words.size() || outputs != tags.length
                || (chars != null && embedding.getChars() != chars.size())) {
            throw new IllegalArgumentException("model bundle " + file + " is inconsistent: the network reads "
                    + embedding.getWords() + " words and " + embedding.getChars() + " characters and writes " + outputs
                    + " tags, but the vocabularies have " + words.size() + " words and "
                    + (chars == null ? 0 : chars.size()) + " characters and the tag list " + tags.length);
        }
        return new SequenceTagger(config, words, chars, List.of(tags), network, bundle.provenance(),
                bundle.trainingState().orElse(null));
    }

    public TaggerConfig config() {
        return config;
    }

    /** The word vocabulary (lower-cased keys if so configured). */
    public Vocabulary words() {
        return words;
    }

    /** The character vocabulary, or null for a word-only tagger. */
    public Vocabulary chars() {
        return chars;
    }

    /** The tag set in output order. */
    public List<String> tags() {
        return tags;
    }

    public ComputationGraph network() {
        return network;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The training state stored with a checkpoint this tagger was loaded from, or null. */
    public TrainingState trainingState() {
        return trainingState;
    }
}
