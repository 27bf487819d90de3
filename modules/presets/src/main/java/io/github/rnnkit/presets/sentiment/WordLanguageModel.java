package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.core.train.Checkpointer;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.core.train.Validation;
import io.github.rnnkit.data.seq.TokenStreamBatches;
import io.github.rnnkit.data.text.TextEncoder;
import io.github.rnnkit.data.text.Vocabulary;
import io.github.rnnkit.data.text.WordTokenizer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import io.github.rnnkit.core.layers.SequenceSoftmax;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-level language model: embeddings -> a left-to-right recurrent stack -> (optionally a linear projection,
 * {@link WordLmConfig#projectionSize}) -> softmax over the vocabulary,
 * predicting each next word; trained with truncated BPTT on windows of one long token stream (all texts, each
 * followed by EOS). Its use in rnnkit is pretraining: {@link TextClassifier#fromLanguageModel} starts a
 * classifier from its embedding, recurrent layers and vocabulary (Dai &amp; Le 2015; Howard &amp; Ruder 2018), so
 * a user can pretrain once on unlabelled text and fine-tune many classifiers.
 *
 * <p>Shapes: input ids [B, 1, T]; output probabilities [B, V, T]; labels are the next ids [B, 1, T] scored with
 * a sparse cross-entropy (no one-hot labels over V).
 *
 * <pre>{@code
 * WordLanguageModel lm = WordLanguageModel.create(WordLmConfig.defaults(), texts, training);
 * lm.fit(texts, heldOut, training, List.of(new ProgressBar(System.err)), null);
 * double ppl = lm.perplexity(heldOut);
 * lm.save(Path.of("imdb-lm.zip"));
 * TextClassifier clf = TextClassifier.fromLanguageModel(lm, lm.classifierConfig(), train, null, training);
 * }</pre>
 */
public final class WordLanguageModel {
    /** The preset's name in bundles. */
    public static final String PRESET = "wordlm";
    private static final String VOCABULARY = "vocabulary.json";
    private static final int EVAL_STREAMS = 32;
    private static final int EVAL_CHUNK = 100;
    private static final Logger log = LoggerFactory.getLogger(WordLanguageModel.class);

    private final WordLmConfig config;
    private final Vocabulary vocabulary;
    private final MultiLayerNetwork network;
    private final Provenance provenance;
    private final TrainingState trainingState;
    private final TextEncoder encoder;

    private WordLanguageModel(WordLmConfig config, Vocabulary vocabulary, MultiLayerNetwork network,
                              Provenance provenance, TrainingState trainingState) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.network = network;
        this.provenance = provenance;
        this.trainingState = trainingState;
        this.encoder = new TextEncoder(new WordTokenizer(config.lowerCase()), vocabulary);
    }

    /**
     * An untrained language model: the vocabulary is fitted on {@code texts}, the network built with
     * {@code training}'s seed, update rule and truncated-BPTT length.
     */
    public static WordLanguageModel create(WordLmConfig config, List<String> texts, TrainingConfig training) {
        Checks.notNull(config, "config");
        Checks.notNull(texts, "texts");
        Checks.notNull(training, "training");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("texts holds no text to fit a vocabulary on");
        }
        WordTokenizer tokenizer = new WordTokenizer(config.lowerCase());
        Map<String, Long> counts = new HashMap<>();
        for (String t : texts) {
            for (String w : tokenizer.tokenize(t)) {
                counts.merge(w, 1L, Long::sum);
            }
        }
        Vocabulary vocabulary = Vocabulary.builder().minFrequency(config.minWordCount()).maxSize(config.maxVocabulary())
                .specials(Vocabulary.Special.PAD, Vocabulary.Special.UNK, Vocabulary.Special.EOS).fitCounts(counts);
        MultiLayerNetwork network = buildNetwork(config, vocabulary.size(), training);
        if (config.projectionSize() >= config.spec().outputSize()) {
            log.warn("projectionSize {} is not below the recurrent output's {} units: the softmax gets no cheaper, the "
                    + "model only gets a layer more", config.projectionSize(), config.spec().outputSize());
        }
        log.info("Word LM: {} words in the vocabulary (of {} distinct), {} {} layer(s) of {}{}, {} parameters, "
                        + "reading {}", vocabulary.size(), counts.size(), config.spec().depth(), config.spec().cell(),
                config.spec().hiddenSize(), config.projectionSize() > 0
                        ? ", projected to " + config.projectionSize() + " before the softmax" : "",
                network.numParams(), config.reversed() ? "backward" : "forward");
        return new WordLanguageModel(config, vocabulary, network,
                Provenance.now(PRESET, training.seed(), "texts", null), null);
    }

    static MultiLayerNetwork buildNetwork(WordLmConfig config, int vocabularySize, TrainingConfig training) {
        NeuralNetConfiguration.ListBuilder list = training.applyTo(new NeuralNetConfiguration.Builder())
                .weightInit(WeightInit.XAVIER).list();
        list.layer(new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(config.embeddingSize())
                .outputDataFormat(RNNFormat.NCW).build());
        RecurrentLayers.stack(config.embeddingSize(), config.spec()).forEach(list::layer);
        int softmaxIn = config.spec().outputSize();
        if (config.projectionSize() > 0) {
            // [B, H, T] -> [B*T, H] -> linear -> [B, P, T]: the softmax then reads P units instead of H
            int at = config.spec().depth() + 1;
            list.layer(new DenseLayer.Builder().nIn(softmaxIn).nOut(config.projectionSize())
                    .activation(Activation.IDENTITY).build());
            list.inputPreProcessor(at, new RnnToFeedForwardPreProcessor(RNNFormat.NCW));
            list.inputPreProcessor(at + 1, new FeedForwardToRnnPreProcessor(RNNFormat.NCW));
            softmaxIn = config.projectionSize();
        }
        list.layer(SequenceSoftmax.of(softmaxIn, vocabularySize));     // DL4J's RnnOutputLayer, faster
        training.applyTo(list);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** All texts' ids (each reversed for a backward model), each text followed by EOS. */
    private int[] stream(List<String> texts) {
        int eos = vocabulary.id(Vocabulary.Special.EOS);
        List<int[]> parts = new java.util.ArrayList<>(texts.size());
        long n = 0;
        for (String t : texts) {
            int[] ids = encoder.encode(t);
            if (config.reversed()) {
                reverse(ids);
            }
            parts.add(ids);
            n += ids.length + 1;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("texts hold " + n + " tokens; at most " + (Integer.MAX_VALUE - 8)
                    + " fit one stream");
        }
        int[] out = new int[(int) n];
        int at = 0;
        for (int[] ids : parts) {
            System.arraycopy(ids, 0, out, at, ids.length);
            at += ids.length;
            out[at++] = eos;
        }
        return out;
    }

    /**
     * Trains on {@code train}, scoring perplexity on (the start of) {@code validation} after every epoch.
     *
     * @param validation held-out texts, or empty for no validation
     */
    public TrainingResult fit(List<String> train, List<String> validation, TrainingConfig training,
                              List<TrainerListener> listeners, TrainingState resumeFrom) {
        Checks.notNull(train, "train");
        Checks.notNull(validation, "validation");
        Checks.notNull(training, "training");
        long unknownBefore = encoder.unknownTokens();
        long tokensBefore = encoder.tokens();
        int[] stream = stream(train);
        if (encoder.tokens() - tokensBefore == 0) {
            throw new IllegalArgumentException("train holds no word token (" + train.size() + " texts)");
        }
        TokenStreamBatches batches = new TokenStreamBatches(stream, config.windowLength(), training.batchSize(),
                config.batchesPerEpoch(), training.seed());
        int[] heldOut = validation.isEmpty() ? null : prefix(stream(validation), config.maxValidationTokens());
        Validation v = heldOut == null ? null : new Validation() {
            @Override
            public String metric() {
                return "val_ppl";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                return perplexity(heldOut);
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        log.info("Training the word LM on {} tokens ({} outside the vocabulary): {} batches of {} x {} per epoch, "
                        + "truncated BPTT {}", stream.length, encoder.unknownTokens() - unknownBefore,
                batches.batchesPerEpoch(), training.batchSize(), config.windowLength(), training.tbpttLength());
        BatchSource source = batches;
        return trainer.fit(TrainableNetwork.of(network), source, v, checkpointer, resumeFrom);
    }

    /** Reverses {@code ids} in place. */
    static void reverse(int[] ids) {
        for (int i = 0, j = ids.length - 1; i < j; i++, j--) {
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
    }

    private static int[] prefix(int[] ids, int max) {
        return ids.length <= max ? ids : java.util.Arrays.copyOf(ids, max);
    }

    /** Perplexity exp(-1/N sum log p(w_t | w_&lt;t)) of the texts (each followed by EOS). */
    public double perplexity(List<String> texts) {
        Checks.notNull(texts, "texts");
        return perplexity(stream(texts));
    }

    /**
     * Perplexity of a token stream, cut into {@value #EVAL_STREAMS} parallel streams that carry their state
     * from chunk to chunk; each stream's first token is context only.
     */
    synchronized double perplexity(int[] ids) {
        int streams = Math.max(1, Math.min(EVAL_STREAMS, ids.length / (EVAL_CHUNK + 1)));
        int per = ids.length / streams;
        if (per < 2) {
            throw new IllegalArgumentException("need at least 2 tokens to score, got " + ids.length);
        }
        double nats = 0;
        long scored = 0;
        network.rnnClearPreviousState();
        try {
            for (int from = 0; from < per - 1; from += EVAL_CHUNK) {
                int len = Math.min(EVAL_CHUNK, per - 1 - from);
                float[] x = new float[streams * len];
                for (int s = 0; s < streams; s++) {
                    for (int t = 0; t < len; t++) {
                        x[s * len + t] = ids[s * per + from + t];
                    }
                }
                INDArray p = network.rnnTimeStep(Nd4j.create(x, new long[]{streams, 1, len}, 'c'));
                for (int s = 0; s < streams; s++) {
                    for (int t = 0; t < len; t++) {
                        double q = p.getDouble(s, ids[s * per + from + t + 1], t);
                        nats -= Math.log(Math.max(q, 1e-30));
                        scored++;
                    }
                }
            }
        } finally {
            network.rnnClearPreviousState();
        }
        return Math.exp(nats / scored);
    }

    /**
     * A classifier config whose encoder matches this model, reading in the same direction (concat pooling, 0.3
     * output dropout).
     */
    public TextClassifierConfig classifierConfig() {
        return TextClassifierConfig.defaults().withSpec(config.spec()).withEmbeddingSize(config.embeddingSize())
                .withLowerCase(config.lowerCase()).withVocabulary(config.minWordCount(), config.maxVocabulary())
                .withReversed(config.reversed());
    }

    /** This model as a bundle (network with updater state, config, vocabulary, provenance). */
    public ModelBundle toBundle() {
        return ModelBundle.of(provenance.restamped(), network, config).withArtifact(VOCABULARY, vocabulary.toJson());
    }

    /** Saves the model to {@code file} (atomically). */
    public void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved word LM to {}", file);
    }

    /**
     * Loads a model saved by {@link #save} or a training checkpoint.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt, of another preset, or inconsistent
     */
    public static WordLanguageModel load(Path file) throws IOException {
        ModelBundle bundle = ModelBundle.load(file, PRESET);
        Vocabulary vocabulary = Vocabulary.fromJson(bundle.artifact(VOCABULARY), VOCABULARY + " in " + file);
        WordLmConfig config = bundle.config(WordLmConfig.class);
        MultiLayerNetwork network = bundle.multiLayerNetwork();
        long words = network.getLayer(0).getParam("W").size(0);
        if (words != vocabulary.size()) {
            throw new IllegalArgumentException("model bundle " + file + " is inconsistent: the network reads " + words
                    + " words but the vocabulary has " + vocabulary.size());
        }
        return new WordLanguageModel(config, vocabulary, network, bundle.provenance(),
                bundle.trainingState().orElse(null));
    }

    public WordLmConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Provenance provenance() {
        return provenance;
    }

    public TrainingState trainingState() {
        return trainingState;
    }
}
