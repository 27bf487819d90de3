package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.layers.ParallelPrediction;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.layers.SequencePooling;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.Checkpointer;
import io.github.rnnkit.core.train.LearningRateSchedule;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.core.train.Validation;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.seq.SequenceBatches;
import io.github.rnnkit.data.text.TextEncoder;
import io.github.rnnkit.data.text.Vocabulary;
import io.github.rnnkit.data.text.WordTokenizer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A recurrent text classifier (many-to-one): words -> embeddings -> a (bidirectional) LSTM / GRU / RNN stack ->
 * pooling over the real steps -> softmax over k classes. Binary sentiment, spam / ham or a user's own labels.
 *
 * <p>Shapes: input token ids [B, 1, T] with a mask [B, T] (texts of a batch are padded on the right to the
 * longest); embeddings [B, E, T]; recurrent outputs [B, H', T] (H' = H, or 2H bidirectional); pooled [B, P]
 * ({@link Pooling}); output probabilities [B, k].
 *
 * <pre>{@code
 * List<LabelledText> train = ..., dev = ..., test = ...;
 * TrainingConfig training = TrainingConfig.defaults().withEpochs(3).withBatchSize(64);
 * TextClassifier clf = TextClassifier.create(TextClassifierConfig.defaults(), train, null, training);
 * clf.fit(train, dev, training, List.of(new ProgressBar(System.err)), null);
 * System.out.println(clf.evaluate(test, 0.5).toTable());
 * double[] p = clf.probabilities("A fine, moving film.");   // in clf.classes() order
 * clf.save(Path.of("sentiment.zip"));
 * }</pre>
 *
 * <p>A classifier can start from a word language model pretrained on the same kind of text
 * ({@link #fromLanguageModel}), the route of Dai &amp; Le (2015) and ULMFiT (Howard &amp; Ruder 2018): the
 * embedding and recurrent weights and the vocabulary come from the language model, only the softmax is new.
 *
 * <p>Prediction methods are synchronized (one call at a time); a call with more than one batch spreads its batches
 * over the cores ({@link ParallelPrediction}, replicas that share this network's parameters).
 */
public final class TextClassifier {
    /** The preset's name in bundles and on the command line. */
    public static final String PRESET = "textclass";
    static final String VOCABULARY = "vocabulary.json";
    static final String CLASSES = "classes.json";
    static final String THRESHOLD = "threshold.txt";
    static final String INPUT = "tokens";
    static final String EMBEDDING = "embed";
    static final String OUTPUT = "out";
    static final String POOL = "pool";
    private static final int PREDICT_BATCH = 64;
    private static final Logger log = LoggerFactory.getLogger(TextClassifier.class);

    private final TextClassifierConfig config;
    private final Vocabulary vocabulary;
    private final List<String> classes;
    private final ComputationGraph network;
    private final Provenance provenance;
    private final TrainingState trainingState;
    private final TextEncoder encoder;
    /** The network, then replicas sharing its parameters for {@link ParallelPrediction}'s other threads. */
    private final ParallelPrediction.Replicas replicas;
    private volatile double threshold = 0.5;

    private TextClassifier(TextClassifierConfig config, Vocabulary vocabulary, List<String> classes,
                           ComputationGraph network, Provenance provenance, TrainingState trainingState) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.classes = List.copyOf(classes);
        this.network = network;
        this.replicas = new ParallelPrediction.Replicas(network);
        this.provenance = provenance;
        this.trainingState = trainingState;
        this.encoder = new TextEncoder(new WordTokenizer(config.lowerCase()), vocabulary);
    }

    /**
     * An untrained classifier: the vocabulary is fitted on {@code train}'s texts, the network built from
     * {@code config} with {@code training}'s seed and update rule.
     *
     * @param train    the training texts (only their words and labels are read here)
     * @param classes  the declared classes in output order, or null to take the sorted distinct labels of
     *                 {@code train}; a training label outside a declared set is refused
     * @param training seed and update rule
     */
    public static TextClassifier create(TextClassifierConfig config, List<LabelledText> train, List<String> classes,
                                        TrainingConfig training) {
        Checks.notNull(config, "config");
        Checks.notNull(training, "training");
        List<String> labels = classesOf(train, classes);
        WordTokenizer tokenizer = new WordTokenizer(config.lowerCase());
        Map<String, Long> counts = new java.util.HashMap<>();
        for (LabelledText t : train) {
            for (String w : tokenizer.tokenize(t.text())) {
                counts.merge(w, 1L, Long::sum);
            }
        }
        Vocabulary vocabulary = Vocabulary.builder().minFrequency(config.minWordCount()).maxSize(config.maxVocabulary())
                .specials(Vocabulary.Special.PAD, Vocabulary.Special.UNK, Vocabulary.Special.EOS).fitCounts(counts);
        ComputationGraph network = buildNetwork(config, vocabulary.size(), labels.size(), training, train.size());
        log.info("Text classifier: {} classes {}, {} words in the vocabulary (of {} distinct in training), {} {} "
                        + "layer(s) of {} units, {} pooling, {} parameters", labels.size(), labels, vocabulary.size(),
                counts.size(), config.spec().depth(), config.spec().cell(), config.spec().hiddenSize(),
                config.pooling(), network.numParams());
        return new TextClassifier(config, vocabulary, labels,
                network, Provenance.now(PRESET, training.seed(), "texts", fingerprint(train)), null);
    }

    /**
     * A classifier whose embedding, recurrent layers and vocabulary start from a pretrained word language
     * model; only the softmax (and the pooling's input width) is new.
     *
     * @param config must match the language model's encoder: same spec (one direction) and embedding size;
     *               its vocabulary, case and reading direction are ignored (the language model's are used)
     */
    public static TextClassifier fromLanguageModel(WordLanguageModel lm, TextClassifierConfig config,
                                                   List<LabelledText> train, List<String> classes,
                                                   TrainingConfig training) {
        Checks.notNull(lm, "lm");
        Checks.notNull(config, "config");
        Checks.notNull(training, "training");
        WordLmConfig lmConfig = lm.config();
        if (!lmConfig.spec().equals(config.spec().withDropout(lmConfig.spec().dropout()))
                || lmConfig.embeddingSize() != config.embeddingSize()) {
            throw new IllegalArgumentException("config does not match the language model's encoder: the classifier "
                    + "has spec " + config.spec() + " and embeddingSize " + config.embeddingSize()
                    + ", the language model " + lmConfig.spec() + " and " + lmConfig.embeddingSize()
                    + " (use TextClassifierConfig.withSpec/withEmbeddingSize, or WordLanguageModel.classifierConfig)");
        }
        List<String> labels = classesOf(train, classes);
        TextClassifierConfig c = config.withLowerCase(lmConfig.lowerCase()).withReversed(lmConfig.reversed());
        ComputationGraph network = buildNetwork(c, lm.vocabulary().size(), labels.size(), training, train.size());
        MultiLayerNetwork source = lm.network();
        network.getLayer(EMBEDDING).setParams(source.getLayer(0).params().dup());
        for (int i = 0; i < c.spec().depth(); i++) {
            network.getLayer(recurrentName(i)).setParams(source.getLayer(i + 1).params().dup());
        }
        log.info("Text classifier from the language model ({} words, {} {} layer(s) of {}, reading {}): {} classes {}, "
                        + "{} pooling", lm.vocabulary().size(), c.spec().depth(), c.spec().cell(), c.spec().hiddenSize(),
                c.reversed() ? "backward" : "forward", labels.size(), labels, c.pooling());
        return new TextClassifier(c, lm.vocabulary(), labels, network,
                Provenance.now(PRESET, training.seed(), "texts", fingerprint(train)), null);
    }

    private static List<String> classesOf(List<LabelledText> train, List<String> declared) {
        Checks.notNull(train, "train");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("train holds no texts");
        }
        List<String> labels;
        if (declared == null) {
            TreeSet<String> seen = new TreeSet<>();
            train.forEach(t -> seen.add(t.label()));
            labels = List.copyOf(seen);
        } else {
            labels = List.copyOf(declared);
            if (new TreeSet<>(labels).size() != labels.size()) {
                throw new IllegalArgumentException("classes lists a label twice: " + labels);
            }
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes; the training texts have "
                    + labels + (declared == null ? "" : " (declared)"));
        }
        for (LabelledText t : train) {
            if (!labels.contains(t.label())) {
                throw new IllegalArgumentException(t.origin() + ": label '" + t.label() + "' is not one of the declared "
                        + "classes " + labels);
            }
        }
        return labels;
    }

    static String recurrentName(int layer) {
        return "rnn" + layer;
    }

    static ComputationGraph buildNetwork(TextClassifierConfig config, int vocabularySize, int classes,
                                         TrainingConfig training, int trainTexts) {
        // the whole fit's minibatches, for a schedule laid out over them (the last batch of an epoch may be partial)
        int iterations = (int) Math.min(Integer.MAX_VALUE,
                (long) training.epochs() * ((trainTexts + training.batchSize() - 1) / training.batchSize()));
        LearningRateSchedule schedule = config.learningRateSchedule();
        IUpdater encoderUpdater = config.encoderLearningRateScale() < 1 ? schedule.updater(training.optimizer(),
                training.learningRate() * config.encoderLearningRateScale(), iterations) : null;
        ComputationGraphConfiguration.GraphBuilder g = training.applyTo(new NeuralNetConfiguration.Builder())
                .updater(schedule.updater(training.optimizer(), training.learningRate(), iterations))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs(INPUT);
        EmbeddingSequenceLayer.Builder embedding = new EmbeddingSequenceLayer.Builder().nIn(vocabularySize)
                .nOut(config.embeddingSize()).outputDataFormat(RNNFormat.NCW);
        if (encoderUpdater != null) {
            embedding.updater(encoderUpdater);
        }
        g.addLayer(EMBEDDING, embedding.build(), INPUT);
        String previous = RecurrentLayers.addTo(g, EMBEDDING, config.embeddingSize(), config.spec(), "rnn", layer -> {
            if (encoderUpdater != null) {
                setUpdater(layer, encoderUpdater);
            }
            return layer;
        });
        int width = config.spec().outputSize();
        g.addLayer(POOL, SequencePooling.of(config.pooling().modes()), previous);
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(config.pooling().outputSize(width)).nOut(classes).activation(Activation.SOFTMAX);
        if (config.outputDropout() > 0) {
            out.dropOut(1.0 - config.outputDropout());          // DL4J takes the probability of keeping
        }
        g.addLayer(OUTPUT, out.build(), POOL).setOutputs(OUTPUT);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    private static void setUpdater(Layer layer, IUpdater updater) {
        if (layer instanceof Bidirectional b) {
            setUpdater(b.getFwd(), updater);
            setUpdater(b.getBwd(), updater);
        } else if (layer instanceof BaseLayer base) {
            base.setIUpdater(updater);
        }
    }

    /** sha256 over the labels and texts, in order: the training data's fingerprint in the provenance. */
    static String fingerprint(List<LabelledText> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (LabelledText t : texts) {
                sha.update(t.label().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(t.text().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trains on {@code train}, scoring accuracy on {@code dev} after every epoch (for the log, early stopping
     * and the curve).
     *
     * @param dev        held-out texts, or an empty list for no validation
     * @param training   epochs, batch size, clipping, time budget, checkpoints ...; the update rule was fixed
     *                   when the classifier was created
     * @param listeners  progress bar, metrics log ...
     * @param resumeFrom the state of a checkpoint this classifier was loaded from, or null to start afresh
     */
    public TrainingResult fit(List<LabelledText> train, List<LabelledText> dev, TrainingConfig training,
                              List<TrainerListener> listeners, TrainingState resumeFrom) {
        Checks.notNull(train, "train");
        Checks.notNull(dev, "dev");
        Checks.notNull(training, "training");
        Checks.notNull(listeners, "listeners");
        long tokensBefore = encoder.tokens();
        long unknownBefore = encoder.unknownTokens();
        List<SequenceBatches.Example> examples = examples(train);
        long tokens = encoder.tokens() - tokensBefore;
        long unknown = encoder.unknownTokens() - unknownBefore;
        SequenceBatches batches = SequenceBatches.builder(examples, SequenceBatches.Labels.PER_SEQUENCE, classes.size())
                .batchSize(training.batchSize()).maxLength(config.maxLength())
                .padId(vocabulary.id(Vocabulary.Special.PAD)).seed(training.seed()).build();
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
                return TextClassifier.this.evaluate(dev, 0.5).accuracy();
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        log.info("Training on {} texts ({} tokens, {} not in the vocabulary): {} batches of {} per epoch, texts cut "
                        + "at {} tokens{}", train.size(), tokens, unknown, batches.batchesPerEpoch(), training.batchSize(),
                config.maxLength(), config.reversed() ? " (read backward: a cut keeps a text's last tokens)" : "");
        return trainer.fit(TrainableNetwork.of(network), batches, validation, checkpointer, resumeFrom);
    }

    private List<SequenceBatches.Example> examples(List<LabelledText> texts) {
        List<SequenceBatches.Example> out = new ArrayList<>(texts.size());
        for (LabelledText t : texts) {
            int label = classes.indexOf(t.label());
            if (label < 0) {
                throw new IllegalArgumentException(t.origin() + ": label '" + t.label() + "' is not one of the "
                        + "classifier's classes " + classes);
            }
            out.add(SequenceBatches.Example.of(ids(t.text(), t.origin()), label));
        }
        return out;
    }

    private int[] ids(String text, String origin) {
        int[] ids = encoder.encode(text);
        if (ids.length == 0) {
            throw new IllegalArgumentException(origin + ": text has no word or punctuation token to classify: '"
                    + abbreviate(text) + "'");
        }
        if (config.reversed()) {
            WordLanguageModel.reverse(ids);
        }
        return ids;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * The class probabilities of each text, in {@link #classes()} order. Texts are batched by length (64 at a
     * time); those longer than {@code maxLength} tokens are read up to it (counted in the log).
     *
     * @throws IllegalArgumentException when a text has no token (naming its index)
     */
    public synchronized double[][] probabilities(List<String> texts) {
        Checks.notNull(texts, "texts");
        List<SequenceBatches.Example> examples = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Checks.notNull(texts.get(i), "texts[" + i + "]");
            examples.add(SequenceBatches.Example.of(ids(texts.get(i), "texts[" + i + "]"), 0));
        }
        double[][] out = new double[texts.size()][];
        if (examples.isEmpty()) {
            return out;
        }
        SequenceBatches batches = SequenceBatches.builder(examples, SequenceBatches.Labels.PER_SEQUENCE, classes.size())
                .batchSize(PREDICT_BATCH).maxLength(config.maxLength()).padId(vocabulary.id(Vocabulary.Special.PAD))
                .build();
        Integer[] order = new Integer[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(examples.get(a).ids().length, examples.get(b).ids().length));
        int count = (order.length + PREDICT_BATCH - 1) / PREDICT_BATCH;
        ParallelPrediction.run(replicas.forBatches(count), count, (replica, b) -> {
            int from = b * PREDICT_BATCH;
            int[] members = new int[Math.min(PREDICT_BATCH, order.length - from)];
            for (int i = 0; i < members.length; i++) {
                members[i] = order[from + i];
            }
            MultiDataSet batch = batches.batch(members);
            INDArray p = replica.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[0];
            double[][] rows = p.toDoubleMatrix();
            for (int i = 0; i < members.length; i++) {
                out[members[i]] = rows[i];
            }
        });
        return out;
    }

    /**
     * Frees the native work buffers the recurrent layers keep for the largest batch seen (about 1.2 GB per layer
     * and prediction thread at hidden 512 over 64 x 1,000 steps); the next prediction allocates them again. For a
     * classifier that will sit idle while others run.
     *
     * @return the bytes freed
     */
    public synchronized long releaseBuffers() {
        return replicas.releaseBuffers();
    }

    /** The class probabilities of one text, in {@link #classes()} order. */
    public double[] probabilities(String text) {
        return probabilities(List.of(text))[0];
    }

    /** The most probable class of {@code text} (for two classes: class 1 when its probability is >= 0.5). */
    public String predict(String text) {
        return classes.get(ClassificationReport.predict(probabilities(text), threshold));
    }

    /** The predicted class of each text, at the classifier's {@link #threshold()}. */
    public List<String> predict(List<String> texts) {
        return predict(texts, threshold);
    }

    /**
     * The decision threshold this classifier predicts with and saves in its bundle: for two classes, class 1
     * ({@code classes().get(1)}) when its probability is at least this. 0.5 (argmax) unless set, for example
     * to {@link #tuneThreshold(List)}'s choice on a dev part.
     */
    public double threshold() {
        return threshold;
    }

    /** Sets {@link #threshold()}, in (0, 1); two classes only. */
    public void setThreshold(double threshold) {
        checkThreshold(threshold);
        if (classes.size() != 2 && threshold != 0.5) {
            throw new IllegalStateException("a decision threshold is for two classes; this classifier has "
                    + classes.size() + ": " + classes);
        }
        this.threshold = threshold;
    }

    /**
     * The predicted class of each text.
     *
     * @param threshold for two classes, class 1 ({@code classes().get(1)}) is predicted when its probability
     *                  is at least this, in (0, 1); ignored for more classes
     */
    public List<String> predict(List<String> texts, double threshold) {
        checkThreshold(threshold);
        List<String> out = new ArrayList<>(texts.size());
        for (double[] p : probabilities(texts)) {
            out.add(classes.get(ClassificationReport.predict(p, threshold)));
        }
        return out;
    }

    private static void checkThreshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
    }

    /**
     * The decision threshold that maximises accuracy on {@code dev} (two classes only): pass it to
     * {@link #predict(List, double)} and {@link #evaluate(List, double)}. Choose it on a dev part, never on the
     * texts you report.
     */
    public double tuneThreshold(List<LabelledText> dev) {
        Checks.notNull(dev, "dev");
        if (classes.size() != 2) {
            throw new IllegalStateException("a decision threshold is for two classes; this classifier has "
                    + classes.size() + ": " + classes);
        }
        if (dev.isEmpty()) {
            throw new IllegalArgumentException("tuneThreshold needs labelled dev texts, got none");
        }
        int[] truth = new int[dev.size()];
        List<String> raw = new ArrayList<>(dev.size());
        for (int i = 0; i < truth.length; i++) {
            truth[i] = classIndex(dev.get(i));
            raw.add(dev.get(i).text());
        }
        return ClassificationReport.bestThreshold(truth, probabilities(raw));
    }

    /**
     * Scores the classifier on labelled texts.
     *
     * @param threshold decision threshold on class 1's probability for two classes (0.5: argmax)
     * @throws IllegalArgumentException when a label is not one of {@link #classes()} (naming the text's origin)
     */
    public ClassificationReport evaluate(List<LabelledText> texts, double threshold) {
        Checks.notNull(texts, "texts");
        checkThreshold(threshold);
        int[] truth = new int[texts.size()];
        List<String> raw = new ArrayList<>(texts.size());
        for (int i = 0; i < truth.length; i++) {
            truth[i] = classIndex(texts.get(i));
            raw.add(texts.get(i).text());
        }
        return ClassificationReport.of(classes, truth, probabilities(raw), threshold);
    }

    private int classIndex(LabelledText t) {
        int c = classes.indexOf(t.label());
        if (c < 0) {
            throw new IllegalArgumentException(t.origin() + ": label '" + t.label() + "' is not one of the "
                    + "classifier's classes " + classes);
        }
        return c;
    }

    /** This classifier as a bundle (network with updater state, config, vocabulary, classes, provenance). */
    public ModelBundle toBundle() {
        return ModelBundle.of(provenance.restamped(), network, config)
                .withArtifact(VOCABULARY, vocabulary.toJson())
                .withArtifact(CLASSES, Json.write(classes).getBytes(StandardCharsets.UTF_8))
                .withArtifact(THRESHOLD, Double.toString(threshold).getBytes(StandardCharsets.UTF_8));
    }

    /** Saves the classifier to {@code file} (atomically). */
    public void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved text classifier to {}", file);
    }

    /**
     * Loads a classifier saved by {@link #save} or a training checkpoint.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt, of another preset, or inconsistent
     */
    public static TextClassifier load(Path file) throws IOException {
        ModelBundle bundle = ModelBundle.load(file, PRESET);
        Vocabulary vocabulary = Vocabulary.fromJson(bundle.artifact(VOCABULARY), VOCABULARY + " in " + file);
        String[] classes = Json.read(new String(bundle.artifact(CLASSES), StandardCharsets.UTF_8), String[].class,
                CLASSES + " in " + file);
        TextClassifierConfig config = bundle.config(TextClassifierConfig.class);
        ComputationGraph network = bundle.computationGraph();
        long words = network.getLayer(EMBEDDING).getParam("W").size(0);
        long outputs = network.getLayer(OUTPUT).getParam("W").size(1);
        if (words != vocabulary.size() || outputs != classes.length) {
            throw new IllegalArgumentException("model bundle " + file + " is inconsistent: the network reads " + words
                    + " words and writes " + outputs + " classes, but the vocabulary has " + vocabulary.size()
                    + " words and the class list " + classes.length);
        }
        TextClassifier loaded = new TextClassifier(config, vocabulary, List.of(classes), network, bundle.provenance(),
                bundle.trainingState().orElse(null));
        byte[] threshold = bundle.artifacts().get(THRESHOLD);        // absent in bundles from before 2026-12-06: 0.5
        if (threshold != null) {
            String text = new String(threshold, StandardCharsets.UTF_8).trim();
            try {
                loaded.setThreshold(Double.parseDouble(text));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("model bundle " + file + ": " + THRESHOLD + " holds '" + text
                        + "'; expected a decision threshold in (0, 1) for two classes", e);
            }
        }
        return loaded;
    }

    public TextClassifierConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The classes in output order. */
    public List<String> classes() {
        return classes;
    }

    public ComputationGraph network() {
        return network;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The training state stored with a checkpoint this classifier was loaded from, or null. */
    public TrainingState trainingState() {
        return trainingState;
    }
}
