package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.decode.Decoder;
import io.github.rnnkit.core.decode.Hypothesis;
import io.github.rnnkit.core.decode.StepArrays;
import io.github.rnnkit.core.decode.StepModel;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.core.train.Checkpointer;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.core.train.Validation;
import io.github.rnnkit.data.captioning.CaptionedImage;
import io.github.rnnkit.data.text.Vocabulary;
import io.github.rnnkit.presets.seq2seq.Attention;
import io.github.rnnkit.presets.seq2seq.AttentionHead;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An image captioner (one-to-many): a frozen CNN encodes the image once, an LSTM or GRU decoder writes the caption
 * word by word. Trained with teacher forcing on cached image features; decoded step by step with carried state
 * (greedy, sampling, beam search from {@link Decoder}, shared with seq2seq), never re-running the CNN per word.
 *
 * <p>The decoder network (one DL4J {@link ComputationGraph}; ids in NCW layout):
 * <pre>
 * image features [B, F+2, P] (the encoder's map, P positions, plus 2 coordinate channels)
 *   -> flattened -> dense ReLU (imageSize)                          -> image vector v [B, imageSize]
 * decoder input [B, 1, T] (BOS w1..wn) -> embedding, concatenated with v at every step -> decoder stack -> H
 * attention(H, keys = W features, values = features) -> [H ; context]   (NONE: H alone)
 *   -> tanh layer (h units) -> softmax over the words [B, V, T]
 * </pre>
 * <b>How the image conditions the decoder.</b> DL4J's recurrent layers take no initial state as an input, so the
 * image is not the decoder's initial state (Vinyals et al. 2015 feed it as the first step instead). Here the image
 * vector is part of the decoder's input at every step ({@link DuplicateToTimeSeriesVertex}), as in Mao et al.'s
 * m-RNN, so the decoder cannot forget it; with attention on, each step also reads a context vector, a softmax
 * over the feature map's positions (Xu et al. 2015, "Show, Attend and Tell", with Luong's multiplicative or
 * Bahdanau's additive scores).
 *
 * <pre>{@code
 * TileLibrary tiles = TileLibrary.fetch(DatasetStore.defaultStore());
 * SceneGenerator scenes = new SceneGenerator(tiles, 7L);
 * ImageEncoder encoder = ImageEncoder.pretrainOnTiles(tiles.tileSet(TileLibrary.Split.TRAIN),
 *         tiles.tileSet(TileLibrary.Split.VALIDATION), SceneObject.COUNT, 56, 56, tileTraining, List.of());
 * List<CaptionedImage> train = scenes.generate(SceneGenerator.Part.TRAIN, 20_000, 1L);
 * ImageCaptioner model = ImageCaptioner.create(CaptionerConfig.defaults(), encoder, train, training);
 * model.fit(train, scenes.generate(SceneGenerator.Part.VALIDATION, 1_000, 2L), training, List.of(), null);
 * List<List<Caption>> out = model.caption(test, DecodeOptions.beam(5, 1));
 * }</pre>
 *
 * <p>Every public method that touches the networks is synchronized: one thread at a time; for parallel serving
 * load one instance per thread.
 */
public final class ImageCaptioner {
    /** The preset's name in bundles and on the command line. */
    public static final String PRESET = "captioner";
    static final String IMAGE = "image";
    static final String DECODER = "decoder";
    static final String IMAGE_VECTOR = "image_vec";
    static final String EMBEDDING = "embed";
    static final String DECODER_PREFIX = "dec";
    static final String VOCABULARY_ARTIFACT = "vocabulary.json";
    static final String ENCODER_ARTIFACT = "encoder.zip";
    static final String ENCODER_SHAPE_ARTIFACT = "encoder.json";
    private static final Logger log = LoggerFactory.getLogger(ImageCaptioner.class);

    private final CaptionerConfig config;
    private final Vocabulary vocabulary;
    private final ImageEncoder encoder;
    private final ComputationGraph network;
    private final Provenance provenance;
    private final TrainingState trainingState;
    private final List<String> decoderLayers;
    private final int pad;
    private final int unk;
    private final int bos;
    private final int eos;

    private ImageCaptioner(CaptionerConfig config, Vocabulary vocabulary, ImageEncoder encoder,
                           ComputationGraph network, Provenance provenance, TrainingState trainingState) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.encoder = encoder;
        this.network = network;
        this.provenance = provenance;
        this.trainingState = trainingState;
        List<String> dec = new ArrayList<>();
        for (int i = 0; i < config.decoder().depth(); i++) {
            dec.add(DECODER_PREFIX + i);
        }
        this.decoderLayers = List.copyOf(dec);
        this.pad = vocabulary.id(Vocabulary.Special.PAD);
        this.unk = vocabulary.id(Vocabulary.Special.UNK);
        this.bos = vocabulary.id(Vocabulary.Special.BOS);
        this.eos = vocabulary.id(Vocabulary.Special.EOS);
    }

    /**
     * An untrained captioner: the vocabulary fitted on {@code train}'s references (words seen fewer than
     * {@code minCount} times read as UNK), the decoder built from {@code config} with {@code training}'s seed
     * and update rule.
     *
     * @throws IllegalArgumentException when {@code train} is empty or an image has no reference
     */
    public static ImageCaptioner create(CaptionerConfig config, ImageEncoder encoder, List<CaptionedImage> train,
                                        TrainingConfig training) {
        Checks.notNull(config, "config");
        Checks.notNull(encoder, "encoder");
        Checks.notNull(train, "train");
        Checks.notNull(training, "training");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training images");
        }
        List<String> words = new ArrayList<>();
        for (CaptionedImage im : train) {
            if (im.references().isEmpty()) {
                throw new IllegalArgumentException("training image " + im.id() + " has no caption");
            }
            im.references().forEach(r -> words.addAll(Arrays.asList(r.split(" "))));
        }
        Vocabulary vocabulary = Vocabulary.builder().minFrequency(config.minCount())
                .specials(Vocabulary.Special.PAD, Vocabulary.Special.UNK, Vocabulary.Special.BOS,
                        Vocabulary.Special.EOS).fit(words);
        ComputationGraph network = buildNetwork(config, encoder.shape(), vocabulary.size(), training);
        log.info("Captioner: {} words; image features {} x {} positions; decoder {} x {} {}, attention {}; {} "
                        + "decoder parameters", vocabulary.size(), encoder.shape().decoderFeatures(),
                encoder.shape().positions(), config.decoder().depth(), config.decoder().hiddenSize(),
                config.decoder().cell(), config.attention(), network.numParams());
        return new ImageCaptioner(config, vocabulary, encoder, network,
                Provenance.now(PRESET, training.seed(), "images", fingerprint(train)), null);
    }

    static ComputationGraph buildNetwork(CaptionerConfig config, ImageEncoder.Shape shape, int words,
                                         TrainingConfig training) {
        int f = shape.decoderFeatures();
        int p = shape.positions();
        int h = config.decoder().hiddenSize();
        ComputationGraphConfiguration.GraphBuilder g = training.applyTo(new NeuralNetConfiguration.Builder())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs(IMAGE, DECODER);
        g.addVertex("image_flat", new ReshapeVertex('c', new int[]{-1, f * p}, null), IMAGE);
        g.addLayer(IMAGE_VECTOR, RecurrentLayers.withInputDropout(new DenseLayer.Builder().nIn((long) f * p).nOut(config.imageSize())
                .activation(Activation.RELU).build(), config.dropout()), "image_flat");
        g.addVertex(IMAGE_VECTOR + "_seq", new DuplicateToTimeSeriesVertex(DECODER), IMAGE_VECTOR);
        g.addLayer(EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(words).nOut(config.embedding())
                .hasBias(false).outputDataFormat(RNNFormat.NCW).build(), DECODER);
        g.addVertex("dec_in", new MergeVertex(), EMBEDDING, IMAGE_VECTOR + "_seq");
        int[] added = {0};
        String decoderTop = RecurrentLayers.addTo(g, "dec_in", config.embedding() + config.imageSize(),
                config.decoder(), DECODER_PREFIX,
                layer -> added[0]++ < 1 ? RecurrentLayers.withInputDropout(layer, config.dropout()) : layer);
        AttentionHead.addTo(g, config.attention(), decoderTop, h, IMAGE, f, config.dropout(), words);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** sha256 over the images' ids and references, in order: the training data's fingerprint. */
    public static String fingerprint(List<CaptionedImage> images) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (CaptionedImage im : images) {
                sha.update(im.id().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                for (String r : im.references()) {
                    sha.update(r.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 1);
                }
                for (float v : im.pixels()) {
                    int bits = Float.floatToIntBits(v);
                    sha.update(new byte[]{(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8),
                            (byte) bits});
                }
                sha.update((byte) 2);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trains the decoder with teacher forcing on {@code train} (the image features computed once, here); after
     * every epoch, when {@code validation} has images, captions them greedily and scores BLEU-4 (val_bleu4, for
     * the log, early stopping and the curve).
     *
     * @param training   epochs, batch size, clipping, time budget, checkpoints ...; the update rule was fixed when
     *                   the model was created
     * @param listeners  progress bar, metrics log ...
     * @param resumeFrom the state of a checkpoint this model was loaded from, or null to start afresh
     */
    public synchronized TrainingResult fit(List<CaptionedImage> train, List<CaptionedImage> validation,
                                           TrainingConfig training, List<TrainerListener> listeners,
                                           TrainingState resumeFrom) {
        Checks.notNull(train, "train");
        Checks.notNull(validation, "validation");
        Checks.notNull(training, "training");
        Checks.notNull(listeners, "listeners");
        long started = System.nanoTime();
        INDArray features = encoder.features(train);
        log.info("Image features of {} training images computed once in {} s ({} values each)", train.size(),
                String.format("%.1f", (System.nanoTime() - started) / 1e9), features.size(1) * features.size(2));
        INDArray validationFeatures = validation.isEmpty() ? null : encoder.features(validation);
        CaptionBatches batches = new CaptionBatches(train, features, training.batchSize(), training.seed());
        Validation metric = validation.isEmpty() ? null : new Validation() {
            @Override
            public String metric() {
                return "val_bleu4";
            }

            @Override
            public boolean higherIsBetter() {
                return true;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                List<String> out = new ArrayList<>();
                for (List<Caption> c : decode(validationFeatures, DecodeOptions.greedy())) {
                    out.add(c.get(0).text());
                }
                CaptionMetrics m = CaptionMetrics.score(out, validation);
                log.info("validation: {}", m);
                return m.bleu4();
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        log.info("Training on {} images: {} batches of {} per epoch", train.size(), batches.batchesPerEpoch(),
                training.batchSize());
        return trainer.fit(TrainableNetwork.of(network), batches, metric, checkpointer, resumeFrom);
    }

    /** Teacher-forcing batches over cached features: one reference per image and epoch, drawn from the seed. */
    private final class CaptionBatches implements BatchSource {
        private final List<CaptionedImage> images;
        private final INDArray flatFeatures;       // [N, (F+2) * P]
        private final long[] featureShape;
        private final int batchSize;
        private final long seed;
        private final List<List<int[]>> references = new ArrayList<>();
        private final int[] canonicalIndex;

        CaptionBatches(List<CaptionedImage> images, INDArray features, int batchSize, long seed) {
            this.images = images;
            this.featureShape = features.shape();
            this.flatFeatures = features.reshape('c', featureShape[0], featureShape[1] * featureShape[2]);
            this.batchSize = batchSize;
            this.seed = seed;
            this.canonicalIndex = new int[images.size()];
            long cut = 0;
            long unknown = 0;
            for (int i = 0; i < images.size(); i++) {
                CaptionedImage im = images.get(i);
                List<int[]> ids = new ArrayList<>();
                canonicalIndex[i] = -1;
                for (String r : im.references()) {
                    int[] w = encodeWords(r);
                    for (int id : w) {
                        unknown += id == unk ? 1 : 0;
                    }
                    if (w.length > config.maxLength()) {
                        w = Arrays.copyOf(w, config.maxLength());
                        cut++;
                    }
                    if (r.equals(im.canonical())) {
                        canonicalIndex[i] = ids.size();
                    }
                    ids.add(w);
                }
                references.add(ids);
            }
            if (cut > 0) {
                log.warn("{} training captions were longer than maxLength {} words and were cut", cut,
                        config.maxLength());
            }
            if (unknown > 0) {
                log.info("{} training words are rarer than minCount {} and read as UNK", unknown, config.minCount());
            }
        }

        @Override
        public Iterator<MultiDataSet> epoch(int epoch) {
            int n = images.size();
            Random rng = new Random(seed * 1_000_003L + epoch);
            int[] chosen = new int[n];
            for (int i = 0; i < n; i++) {
                List<int[]> refs = references.get(i);
                int c = canonicalIndex[i];
                if (c >= 0 && refs.size() > 1) {
                    chosen[i] = rng.nextDouble() < config.canonicalShare() ? c
                            : pickOther(rng, refs.size(), c);
                } else {
                    chosen[i] = rng.nextInt(refs.size());
                }
            }
            int[] order = ImageEncoder.shuffledOrder(n, rng);
            return ImageEncoder.inBatches(order, batchSize, rows -> batch(rows, chosen));
        }

        private int pickOther(Random rng, int size, int canonical) {
            int k = rng.nextInt(size - 1);
            return k >= canonical ? k + 1 : k;
        }

        private MultiDataSet batch(int[] rows, int[] chosen) {
            int b = rows.length;
            int t = 0;
            for (int r : rows) {
                t = Math.max(t, references.get(r).get(chosen[r]).length + 1);
            }
            float[] in = new float[b * t];
            float[] labels = new float[b * t];
            float[] mask = new float[b * t];
            for (int i = 0; i < b; i++) {
                int[] w = references.get(rows[i]).get(chosen[rows[i]]);
                for (int s = 0; s <= w.length; s++) {
                    in[i * t + s] = s == 0 ? bos : w[s - 1];         // the true previous word
                    labels[i * t + s] = s == w.length ? eos : w[s];    // the word to predict
                    mask[i * t + s] = 1f;
                }
            }
            INDArray image = StepArrays.pick(flatFeatures, rows).reshape('c', b, featureShape[1], featureShape[2]);
            INDArray maskArray = Nd4j.create(mask, new long[]{b, t}, 'c');
            return new org.nd4j.linalg.dataset.MultiDataSet(
                    new INDArray[]{image, Nd4j.create(in, new long[]{b, 1, t}, 'c')},
                    new INDArray[]{Nd4j.create(labels, new long[]{b, 1, t}, 'c')},
                    new INDArray[]{null, maskArray}, new INDArray[]{maskArray});
        }

        @Override
        public long batchesPerEpoch() {
            return (images.size() + batchSize - 1) / batchSize;
        }
    }

    private int[] encodeWords(String caption) {
        String[] w = caption.trim().split("\\s+");
        int[] out = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = vocabulary.contains(w[i]) ? vocabulary.id(w[i]) : unk;
        }
        return out;
    }

    /**
     * Captions each image.
     *
     * @return per image its captions, best first: one for greedy, up to {@code nbest} for beam search,
     *         {@code nbest} samples for sampling
     * @throws IllegalArgumentException when an image's channels or size differ from the model's
     */
    public synchronized List<List<Caption>> caption(List<CaptionedImage> images, DecodeOptions options) {
        Checks.notNull(images, "images");
        Checks.notNull(options, "options");
        if (images.isEmpty()) {
            return List.of();
        }
        return decode(encoder.features(images), options);
    }

    private List<List<Caption>> decode(INDArray features, DecodeOptions options) {
        int n = (int) features.size(0);
        List<List<Caption>> out = new ArrayList<>(n);
        Decoder decoder = new Decoder(bos, eos, config.maxLength() + 1);
        Steps steps = new Steps();
        INDArray flat = features.reshape('c', n, features.size(1) * features.size(2));
        for (int from = 0; from < n; from += options.batchSize()) {
            int b = Math.min(options.batchSize(), n - from);
            int[] rows = new int[b];
            for (int i = 0; i < b; i++) {
                rows[i] = from + i;
            }
            State initial = start(StepArrays.pick(flat, rows).reshape('c', b, features.size(1), features.size(2)));
            switch (options.strategy()) {
                case GREEDY -> decoder.greedy(steps, initial, b).forEach(h -> out.add(List.of(caption(h))));
                case BEAM -> decoder.beam(steps, initial, b, options.beamWidth(), options.nbest(),
                        options.lengthAlpha()).forEach(list -> out.add(list.stream().map(this::caption).toList()));
                case SAMPLE -> {
                    List<List<Caption>> samples = new ArrayList<>();
                    for (int i = 0; i < b; i++) {
                        samples.add(new ArrayList<>());
                    }
                    for (int k = 0; k < options.nbest(); k++) {
                        List<Hypothesis> drawn = decoder.sample(steps, initial, b, options.temperature(),
                                options.topK(), options.seed() + 1_000_003L * k + from);
                        for (int i = 0; i < drawn.size(); i++) {
                            samples.get(i).add(caption(drawn.get(i)));
                        }
                    }
                    out.addAll(samples);
                }
            }
        }
        return out;
    }

    private Caption caption(Hypothesis h) {
        int[] tokens = h.tokens();
        int n = h.finished() ? tokens.length - 1 : tokens.length;
        List<String> words = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            words.add(vocabulary.token(tokens[i]));
        }
        return new Caption(words, h.logProbability(), h.score(), h.finished());
    }

    /**
     * Captions {@code test} and scores the captions against its references (BLEU-1..4, exact match, grounded
     * slot accuracy).
     */
    public synchronized CaptionMetrics evaluate(List<CaptionedImage> test, DecodeOptions options) {
        Checks.notNull(test, "test");
        List<String> out = new ArrayList<>(test.size());
        for (List<Caption> c : caption(test, options)) {
            out.add(c.get(0).text());
        }
        return CaptionMetrics.score(out, test);
    }

    /**
     * Greedy caption of one image with the attention weights of every step: row t holds step t's weights over the
     * feature map's positions (row-major over its grid), the last row EOS's.
     *
     * @throws IllegalStateException when the model has no attention
     */
    public synchronized AttentionGrid attention(CaptionedImage image) {
        if (config.attention() == Attention.NONE) {
            throw new IllegalStateException("this model has no attention (config attention = NONE)");
        }
        State state = start(encoder.features(List.of(image)));
        Steps steps = new Steps();
        steps.recordWeights = true;
        int previous = bos;
        List<String> words = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int t = 0; t <= config.maxLength(); t++) {
            StepModel.Step<State> step = steps.step(state, new int[]{previous});
            state = step.state();
            rows.add(steps.lastWeights[0]);
            int best = StepArrays.argmax(step.logProbabilities()[0]);
            if (best == eos) {
                words.add(Vocabulary.Special.EOS.token());
                break;
            }
            words.add(vocabulary.token(best));
            previous = best;
        }
        return new AttentionGrid(words, rows.toArray(new double[0][]), encoder.shape().gridHeight(),
                encoder.shape().gridWidth());
    }

    /** A greedy caption's words (EOS last when emitted) and each step's attention over the feature grid. */
    public record AttentionGrid(List<String> words, double[][] weights, int gridHeight, int gridWidth) {
    }

    /** Per step, log p(word_t | words_&lt;t, image) computed step by step (EOS last): for tests. */
    synchronized double[] stepLogProbabilities(CaptionedImage image, String caption) {
        State state = start(encoder.features(List.of(image)));
        int[] ids = encodeWords(caption);
        Steps steps = new Steps();
        double[] out = new double[ids.length + 1];
        int previous = bos;
        for (int t = 0; t <= ids.length; t++) {
            StepModel.Step<State> step = steps.step(state, new int[]{previous});
            state = step.state();
            int next = t < ids.length ? ids[t] : eos;
            out[t] = step.logProbabilities()[0][next];
            previous = next;
        }
        return out;
    }

    /** Log p(caption_t | caption_&lt;t, image) per step under teacher forcing with the whole graph: for tests. */
    synchronized double[] graphLogProbabilities(CaptionedImage image, String caption) {
        int[] ids = encodeWords(caption);
        int t = ids.length + 1;
        float[] in = new float[t];
        in[0] = bos;
        for (int s = 1; s < t; s++) {
            in[s] = ids[s - 1];
        }
        INDArray p = network.output(false, new INDArray[]{encoder.features(List.of(image)),
                Nd4j.create(in, new long[]{1, 1, t}, 'c')}, null, null)[0];           // [1, V, T]
        double[] out = new double[t];
        for (int s = 0; s < t; s++) {
            out[s] = Math.log(p.getDouble(0, s < ids.length ? ids[s] : eos, s));
        }
        return out;
    }

    /** The decoder's carried state for R rows (hypotheses). */
    static final class State {
        final INDArray values;       // [R, F+2, P] the image features
        final INDArray keys;         // [R, h, P] or null without attention
        final INDArray imageVector;  // [R, imageSize]
        final List<Map<String, INDArray>> recurrent;    // per decoder layer, null before the first step

        State(INDArray values, INDArray keys, INDArray imageVector, List<Map<String, INDArray>> recurrent) {
            this.values = values;
            this.keys = keys;
            this.imageVector = imageVector;
            this.recurrent = recurrent;
        }
    }

    /** The image side of the decoder, once per image: the image vector and the attention keys. */
    private State start(INDArray features) {
        int b = (int) features.size(0);
        DataType type = network.getConfiguration().getDataType();
        INDArray decoder = Nd4j.valueArrayOf(new long[]{b, 1, 1}, bos, type);
        Map<String, INDArray> acts = network.feedForward(new INDArray[]{features.castTo(type), decoder}, false,
                true);
        INDArray keys = config.attention() == Attention.NONE ? null : acts.get(AttentionHead.KEYS).dup('c');
        return new State(features.castTo(type).dup('c'), keys, acts.get(IMAGE_VECTOR).dup('c'), null);
    }

    /** One decoder step for a batch of rows, computed with the trained graph's own layers and parameters. */
    private final class Steps implements StepModel<State> {
        boolean recordWeights;
        double[][] lastWeights;

        @Override
        public int vocabularySize() {
            return vocabulary.size();
        }

        @Override
        public Step<State> step(State state, int[] previous) {
            DataType type = network.getConfiguration().getDataType();
            INDArray table = network.getLayer(EMBEDDING).getParam("W");                  // [V, E]
            INDArray x = Nd4j.concat(1, Nd4j.pullRows(table, 1, previous), state.imageVector).castTo(type);
            List<Map<String, INDArray>> next = new ArrayList<>(decoderLayers.size());
            List<Layer> stack = decoderLayers.stream().map(network::getLayer).toList();
            INDArray hidden = StepArrays.stepStack(stack, x, state.recurrent, next);
            AttentionHead.Step head = AttentionHead.step(network, config.attention(), hidden, state.keys,
                    state.values, null);
            if (recordWeights && head.weights() != null) {
                lastWeights = head.weights().castTo(DataType.DOUBLE).toDoubleMatrix();
            }
            INDArray logits = head.logits();                                                 // [R, V]
            double[][] l = StepArrays.logSoftmaxRows(logits.castTo(DataType.DOUBLE).toDoubleMatrix(), pad);
            return new Step<>(l, new State(state.values, state.keys, state.imageVector, next));
        }

        @Override
        public State select(State state, int[] rows) {
            if (rows.length == 0) {
                return new State(null, null, null, null);
            }
            return new State(StepArrays.pick(state.values, rows),
                    state.keys == null ? null : StepArrays.pick(state.keys, rows),
                    StepArrays.pick(state.imageVector, rows), StepArrays.pickStates(state.recurrent, rows));
        }
    }

    /** This model as a bundle: decoder network with updater state, config, vocabulary, frozen encoder, provenance. */
    public synchronized ModelBundle toBundle() {
        return ModelBundle.of(provenance.restamped(), network, config)
                .withArtifact(VOCABULARY_ARTIFACT, vocabulary.toJson())
                .withArtifact(ENCODER_ARTIFACT, encoder.toBytes())
                .withArtifact(ENCODER_SHAPE_ARTIFACT, Json.write(encoder.shape()).getBytes(StandardCharsets.UTF_8));
    }

    /** Saves the model to {@code file} (atomically). */
    public synchronized void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved captioner to {}", file);
    }

    /**
     * Loads a model saved by {@link #save} or a training checkpoint.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt, of another preset, or inconsistent
     */
    public static ImageCaptioner load(Path file) throws IOException {
        return from(ModelBundle.load(file, PRESET), file.toString());
    }

    /** The captioner in an already loaded bundle ({@code source} names it in messages). */
    public static ImageCaptioner from(ModelBundle bundle, String source) {
        if (!PRESET.equals(bundle.preset())) {
            throw new IllegalArgumentException(source + " holds a " + bundle.preset() + " model, not a " + PRESET);
        }
        CaptionerConfig config = bundle.config(CaptionerConfig.class);
        Vocabulary vocabulary = Vocabulary.fromJson(artifact(bundle, VOCABULARY_ARTIFACT, source), source);
        ImageEncoder.Shape shape = Json.read(new String(artifact(bundle, ENCODER_SHAPE_ARTIFACT, source),
                StandardCharsets.UTF_8), ImageEncoder.Shape.class, source + " " + ENCODER_SHAPE_ARTIFACT);
        ImageEncoder encoder = ImageEncoder.fromBytes(artifact(bundle, ENCODER_ARTIFACT, source), shape, source);
        ComputationGraph network = bundle.computationGraph();
        long rows = network.getLayer(EMBEDDING).getParam("W").size(0);
        long outputs = network.getLayer(AttentionHead.OUTPUT).getParam("W").size(1);
        long imageInputs = network.getLayer(IMAGE_VECTOR).getParam("W").size(0);
        if (rows != vocabulary.size() || outputs != vocabulary.size()
                || imageInputs != (long) shape.decoderFeatures() * shape.positions()) {
            throw new IllegalArgumentException("model bundle " + source + " is inconsistent: the decoder reads "
                    + rows + " words, writes " + outputs + " and reads " + imageInputs + " image values, but the "
                    + "vocabulary has " + vocabulary.size() + " words and the encoder writes "
                    + (long) shape.decoderFeatures() * shape.positions());
        }
        return new ImageCaptioner(config, vocabulary, encoder, network, bundle.provenance(),
                bundle.trainingState().orElse(null));
    }

    private static byte[] artifact(ModelBundle bundle, String name, String source) {
        byte[] b = bundle.artifacts().get(name);
        if (b == null) {
            throw new IllegalArgumentException(source + " is not a complete captioner bundle: it has no " + name);
        }
        return b;
    }

    public CaptionerConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public ImageEncoder encoder() {
        return encoder;
    }

    public ComputationGraph network() {
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
