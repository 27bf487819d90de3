package io.github.rnnkit.presets.charlm;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.layers.LayerThreads;
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
import io.github.rnnkit.data.text.CharStreamIterator;
import io.github.rnnkit.data.text.CodePointReader;
import io.github.rnnkit.data.text.TextRegion;
import io.github.rnnkit.data.text.Vocabulary;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A character-level language model: a left-to-right recurrent stack (stacked LSTM by default) reading one
 * character per step and predicting the next, trained with truncated BPTT on any UTF-8 text.
 *
 * <p>Shapes: input one-hot {@code [batch, V, T]}, output softmax {@code [batch, V, T]} over the V characters
 * of the vocabulary (fitted on the training part; unseen characters map to UNK).
 *
 * <pre>{@code
 * TextCorpus corpus = TextCorpus.scan(Path.of("input.txt"));
 * CharLmData data = CharLmData.split(corpus, CharLmConfig.defaults());
 * CharLanguageModel lm = CharLanguageModel.create(CharLmConfig.defaults(), data, TrainingConfig.defaults());
 * lm.fit(data, training, List.of(new ProgressBar(System.err)), null);
 * double bpc = lm.bitsPerCharacter(data.test());
 * String text = lm.generate("The ", 300, Sampling.defaults());
 * lm.save(Path.of("charlm.zip"));
 * }</pre>
 *
 * <p>Follows Karpathy's char-rnn / min-char-rnn; evaluation in bits per character on a held-out tail,
 * streamed with the recurrent state carried across chunks.
 *
 * <p>Safe to share between threads: generation and scoring move the network's recurrent state, so every method
 * that touches the network is synchronized and clears that state before and after use (one thread at a time).
 * For parallel generation load one instance per thread ({@link #load} each).
 */
public final class CharLanguageModel {
    /** The preset's name in bundles and on the command line. */
    public static final String PRESET = "charlm";
    private static final Logger log = LoggerFactory.getLogger(CharLanguageModel.class);
    private static final String VOCABULARY = "vocabulary.json";
    private static final int EVAL_STREAMS = 32;
    private static final int EVAL_CHUNK = 200;

    private final CharLmConfig config;
    private final Vocabulary vocabulary;
    private final MultiLayerNetwork network;
    private final Provenance provenance;
    private final TrainingState trainingState;

    private CharLanguageModel(CharLmConfig config, Vocabulary vocabulary, MultiLayerNetwork network,
                              Provenance provenance, TrainingState trainingState) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.network = network;
        this.provenance = provenance;
        this.trainingState = trainingState;
    }

    /**
     * An untrained model for {@code data}: the vocabulary is fitted on its training part, the network
     * built from {@code config} with {@code training}'s seed, updater and truncated-BPTT length.
     */
    public static CharLanguageModel create(CharLmConfig config, CharLmData data, TrainingConfig training)
            throws IOException {
        Checks.notNull(config, "config");
        Checks.notNull(data, "data");
        Checks.notNull(training, "training");
        Vocabulary vocabulary = Vocabulary.builder().specials(Vocabulary.Special.UNK).fitCounts(data.trainingCharCounts());
        Provenance provenance = Provenance.now(PRESET, training.seed(), data.corpus().file().getFileName().toString(),
                data.corpus().sha256());
        MultiLayerNetwork network = buildNetwork(config, vocabulary.size(), training);
        log.info("Char LM: {} characters in the vocabulary, {} layer(s) of {} {} units, {} parameters",
                vocabulary.size(), config.spec().depth(), config.spec().hiddenSize(), config.spec().cell(),
                network.numParams());
        return new CharLanguageModel(config, vocabulary, network, provenance, null);
    }

    static MultiLayerNetwork buildNetwork(CharLmConfig config, int vocabularySize, TrainingConfig training) {
        NeuralNetConfiguration.ListBuilder list = training.applyTo(new NeuralNetConfiguration.Builder())
                .weightInit(WeightInit.XAVIER).list();
        List<Layer> layers = new ArrayList<>(RecurrentLayers.stackOnData(vocabularySize, config.spec()));
        layers.add(RecurrentLayers.softmaxOutput(config.spec().outputSize(), vocabularySize, config.spec().impl()));
        for (Layer l : layers) {
            list.layer(l);
        }
        training.applyTo(list);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /**
     * Trains on {@code data}'s training part, validating bits per character on (the start of) its
     * validation part after every epoch.
     *
     * @param training   epochs, batch size, clipping, time budget, checkpoints ...; its updater and tBPTT
     *                   length were fixed when the model was created
     * @param listeners  progress bar, metrics log ...
     * @param resumeFrom the state of a checkpoint this model was loaded from, or null to start afresh
     */
    public synchronized TrainingResult fit(CharLmData data, TrainingConfig training, List<TrainerListener> listeners,
                              TrainingState resumeFrom) {
        Checks.notNull(data, "data");
        Checks.notNull(training, "training");
        CharStreamIterator iterator = new CharStreamIterator(data.train(), vocabulary, config.sequenceLength(),
                training.batchSize(), config.batchesPerEpoch(), training.seed());
        BatchSource batches = BatchSource.ofDataSets(iterator::forEpoch, iterator.batchesPerEpoch());
        TextRegion validationPart = data.validation().prefix(config.maxValidationChars());
        Validation validation = new Validation() {
            @Override
            public String metric() {
                return "val_bpc";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                try {
                    return bitsPerCharacter(validationPart);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        log.info("Training on {} characters: {} batches of {} x {} per epoch, truncated BPTT {}",
                data.train().chars(), iterator.batchesPerEpoch(), training.batchSize(), config.sequenceLength(),
                training.tbpttLength());
        return trainer.fit(TrainableNetwork.of(network), batches, validation, checkpointer, resumeFrom);
    }

    /**
     * Cross-entropy of the region in bits per character: -1/N sum log2 p(c_t | c_&lt;t). The region is cut
     * into {@value #EVAL_STREAMS} contiguous streams read in parallel, each carrying its recurrent state from
     * chunk to chunk (only each stream's first character is predicted without context, and it is not
     * scored). Characters outside the vocabulary are scored as UNK and counted in the log.
     */
    public synchronized double bitsPerCharacter(TextRegion region) throws IOException {
        Checks.notNull(region, "region");
        int streams = (int) Math.max(1, Math.min(EVAL_STREAMS, region.chars() / (EVAL_CHUNK + 1)));
        long[] bounds = new long[streams + 1];
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
            bounds[0] = region.startByte();
            bounds[streams] = region.endByte();
            for (int s = 1; s < streams; s++) {
                long guess = region.startByte() + region.bytes() * s / streams;
                bounds[s] = CodePointReader.alignToCodePoint(channel, guess, region.endByte());
            }
        }
        CodePointReader[] readers = new CodePointReader[streams];
        int v = vocabulary.size();
        double nats = 0;
        long scored = 0;
        long unknown = 0;
        try {
            int[] previous = new int[streams];
            for (int s = 0; s < streams; s++) {
                readers[s] = new CodePointReader(region.file(), bounds[s], bounds[s + 1], 1 << 14, null);
                int cp = readers[s].next();
                previous[s] = cp < 0 ? -1 : vocabulary.id(Character.toString(cp));
            }
            network.rnnClearPreviousState();
            int[][] targets = new int[streams][EVAL_CHUNK];
            while (true) {
                float[] input = new float[streams * v * EVAL_CHUNK];
                int longest = 0;
                int[] lengths = new int[streams];
                for (int s = 0; s < streams; s++) {
                    int t = 0;
                    while (t < EVAL_CHUNK && previous[s] >= 0) {
                        int cp = readers[s].next();
                        if (cp < 0) {
                            break;
                        }
                        int id = vocabulary.id(Character.toString(cp));
                        if (!vocabulary.contains(Character.toString(cp))) {
                            unknown++;
                        }
                        input[s * v * EVAL_CHUNK + previous[s] * EVAL_CHUNK + t] = 1f;
                        targets[s][t] = id;
                        previous[s] = id;
                        t++;
                    }
                    lengths[s] = t;
                    longest = Math.max(longest, t);
                }
                if (longest == 0) {
                    break;
                }
                INDArray in = Nd4j.create(input, new long[]{streams, v, EVAL_CHUNK}, 'c');
                if (longest < EVAL_CHUNK) {
                    in = in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.interval(0, longest)).dup('c');
                }
                INDArray out = network.rnnTimeStep(in);
                for (int s = 0; s < streams; s++) {
                    for (int t = 0; t < lengths[s]; t++) {
                        double p = out.getDouble(s, targets[s][t], t);
                        nats -= Math.log(Math.max(p, 1e-30));
                        scored++;
                    }
                }
            }
        } finally {
            network.rnnClearPreviousState();
            for (CodePointReader r : readers) {
                if (r != null) {
                    r.close();
                }
            }
        }
        if (unknown > 0) {
            log.warn("{} of {} scored characters were not in the vocabulary and were scored as UNK", unknown, scored);
        }
        if (scored == 0) {
            throw new IllegalArgumentException("text region of " + region.file() + " has no character to score");
        }
        return nats / scored / Math.log(2);
    }

    /**
     * Generates {@code length} characters after {@code prime}.
     *
     * @param prime    text to condition on (may be empty: generation then starts as after a line break);
     *                 characters outside the vocabulary are read as UNK
     * @param length   characters to generate, at least 1
     * @param sampling temperature, top-k and seed
     * @return the generated characters (without the prime)
     */
    public synchronized String generate(String prime, int length, Sampling sampling) {
        Checks.notNull(prime, "prime");
        Checks.positive(length, "length");
        Checks.notNull(sampling, "sampling");
        int v = vocabulary.size();
        int[] context = (prime.isEmpty() ? "\n" : prime).codePoints()
                .map(cp -> vocabulary.id(Character.toString(cp))).toArray();
        long unknown = prime.codePoints().filter(cp -> !vocabulary.contains(Character.toString(cp))).count();
        if (unknown > 0) {
            log.warn("{} character(s) of the prime are not in the vocabulary and were read as UNK", unknown);
        }
        SplittableRandom random = new SplittableRandom(sampling.seed());
        StringBuilder out = new StringBuilder();
        network.rnnClearPreviousState();
        try (LayerThreads held = LayerThreads.holdFor(network)) {    // no thread-count switches between the steps
            INDArray primeInput = Nd4j.zeros(1, v, context.length);
            for (int t = 0; t < context.length; t++) {
                primeInput.putScalar(0, context[t], t, 1.0);
            }
            INDArray probs = network.rnnTimeStep(primeInput);
            double[] p = lastStep(probs, v);
            INDArray step = Nd4j.zeros(1, v, 1);
            int generated = 0;
            while (generated < length) {
                int next = sample(p, sampling, random, vocabulary);
                out.append(vocabulary.token(next));
                generated++;
                step.assign(0);
                step.putScalar(0, next, 0, 1.0);
                p = lastStep(network.rnnTimeStep(step), v);
            }
        } finally {
            network.rnnClearPreviousState();
        }
        return out.toString();
    }

    private static double[] lastStep(INDArray probs, int v) {
        long t = probs.size(2) - 1;
        double[] p = new double[v];
        for (int i = 0; i < v; i++) {
            p[i] = probs.getDouble(0, i, t);
        }
        return p;
    }

    /** Draws an id from {@code p} after temperature and top-k; never draws UNK (it has no text). */
    static int sample(double[] p, Sampling sampling, SplittableRandom random, Vocabulary vocabulary) {
        double[] w = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            w[i] = vocabulary.isSpecial(i) ? 0 : Math.pow(Math.max(p[i], 0), 1.0 / sampling.temperature());
        }
        if (sampling.topK() > 0 && sampling.topK() < w.length) {
            double[] sorted = w.clone();
            Arrays.sort(sorted);
            double cut = sorted[sorted.length - sampling.topK()];
            int kept = 0;
            for (int i = 0; i < w.length; i++) {
                if (w[i] < cut || (w[i] == cut && kept >= sampling.topK())) {
                    w[i] = 0;
                } else {
                    kept++;
                }
            }
        }
        double total = 0;
        for (double x : w) {
            total += x;
        }
        if (!(total > 0) || !Double.isFinite(total)) {
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                if (!vocabulary.isSpecial(i) && (vocabulary.isSpecial(best) || p[i] > p[best])) {
                    best = i;
                }
            }
            return best;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < w.length; i++) {
            r -= w[i];
            if (r < 0 && w[i] > 0) {
                return i;
            }
        }
        for (int i = w.length - 1; i >= 0; i--) {
            if (w[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    /** This model as a bundle (network with updater state, config, vocabulary, provenance). */
    public synchronized ModelBundle toBundle() {
        return ModelBundle.of(provenance.restamped(), network, config).withArtifact(VOCABULARY, vocabulary.toJson());
    }

    /** Saves the model to {@code file} (atomically). */
    public synchronized void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved char LM to {}", file);
    }

    /**
     * Loads a model saved by {@link #save} or a training checkpoint.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt or not a char LM bundle
     */
    public static CharLanguageModel load(Path file) throws IOException {
        ModelBundle bundle = ModelBundle.load(file, PRESET);
        Vocabulary vocabulary = Vocabulary.fromJson(bundle.artifact(VOCABULARY), VOCABULARY + " in " + file);
        CharLmConfig config = bundle.config(CharLmConfig.class);
        MultiLayerNetwork network = bundle.multiLayerNetwork();
        long nIn = network.layerInputSize(0);
        if (nIn != vocabulary.size()) {
            throw new IllegalArgumentException("model bundle " + file + " is inconsistent: the network reads " + nIn
                    + " characters but the vocabulary has " + vocabulary.size());
        }
        return new CharLanguageModel(config, vocabulary, network, bundle.provenance(),
                bundle.trainingState().orElse(null));
    }

    public CharLmConfig config() {
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

    /** The training state stored with a checkpoint this model was loaded from, or null. */
    public TrainingState trainingState() {
        return trainingState;
    }
}
