package io.github.rnnkit.presets.seq2seq;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.layers.RecurrentLayers;
import io.github.rnnkit.core.bundle.ModelBundle;
import io.github.rnnkit.core.bundle.Provenance;
import io.github.rnnkit.core.decode.Decoder;
import io.github.rnnkit.core.decode.Hypothesis;
import io.github.rnnkit.core.decode.StepArrays;
import io.github.rnnkit.core.decode.StepModel;
import io.github.rnnkit.core.train.BatchSource;
import io.github.rnnkit.core.train.Checkpointer;
import io.github.rnnkit.core.train.TrainableNetwork;
import io.github.rnnkit.core.train.Trainer;
import io.github.rnnkit.core.train.TrainerListener;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.core.train.TrainingState;
import io.github.rnnkit.core.train.Validation;
import io.github.rnnkit.data.seq2seq.G2pMetrics;
import io.github.rnnkit.data.seq2seq.ParallelBatches;
import io.github.rnnkit.data.seq2seq.ParallelPair;
import io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies;
import io.github.rnnkit.data.seq2seq.UnknownSymbols;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An encoder-decoder with attention (many-to-many with different lengths): an encoder reads the whole source,
 * a decoder writes the output one symbol at a time. Trained with teacher forcing on any parallel data; decoded
 * step by step with carried state (greedy, sampling, beam search), so an output of length T costs T decoder
 * steps.
 *
 * <p>The network (one DL4J {@link ComputationGraph}; ids in NCW layout):
 * <pre>
 * source [B,1,Ts] -> embedding -> encoder stack (bidirectional LSTM/GRU)         -> E  [B,e,Ts]
 * E -> masked mean over source steps -> summary [B,e], repeated at every target step
 * decoder input [B,1,Tt] (BOS y1..yn) -> embedding, concatenated with the summary -> decoder stack -> H [B,h,Tt]
 * attention(H, keys = W E, values = E) -> [H ; context]  (none: H alone)
 *   -> tanh layer (h units) -> softmax over the target symbols [B,V,Tt]
 * </pre>
 * <b>How the decoder is conditioned.</b> DL4J's recurrent layers take no initial state as an input, so the
 * decoder cannot start from the encoder's final state as in Sutskever et al. Instead the encoder summary (the
 * masked mean of its outputs) is fed as part of the decoder's input at every step, as in Cho et al. 2014; with
 * attention on, the decoder also reads a context vector per step (Luong et al. 2015, "general" scores, or
 * Bahdanau's additive scores). The summary keeps the ablation without attention a working model, and costs the
 * attention model nothing it needs.
 *
 * <pre>{@code
 * G2pSplit split = G2pSplit.standard(CmuDict.fetch(store, CmuDict.Stress.STRIP), testWords);
 * List<ParallelPair> train = split.pairs(G2pSplit.Part.TRAIN);
 * TrainingConfig training = TrainingConfig.defaults().withEpochs(20).withBatchSize(64);
 * Seq2SeqModel model = Seq2SeqModel.create(Seq2SeqConfig.defaults(), train, training);
 * model.fit(train, split.references(G2pSplit.Part.DEV), training, List.of(new ProgressBar(System.err)), null);
 * List<List<Translation>> out = model.translate(List.of("PHONEME"), DecodeOptions.beam(5, 3));
 * G2pMetrics test = model.evaluate(split.references(G2pSplit.Part.TEST), DecodeOptions.beam(5, 5));
 * model.save(Path.of("g2p.zip"));
 * }</pre>
 *
 * <p>Every public method that touches the network is synchronized: one thread at a time; for parallel serving load
 * one instance per thread.
 */
public final class Seq2SeqModel {
    /** The preset's name in bundles and on the command line. */
    public static final String PRESET = "seq2seq";
    static final String SOURCE = "source";
    static final String DECODER = "decoder";
    static final String SOURCE_EMBEDDING = "src_embed";
    static final String TARGET_EMBEDDING = "tgt_embed";
    static final String SUMMARY = "summary";
    static final String ENCODER_PREFIX = "enc";
    static final String DECODER_PREFIX = "dec";
    private static final Logger log = LoggerFactory.getLogger(Seq2SeqModel.class);

    private final Seq2SeqConfig config;
    private final Seq2SeqVocabularies vocabularies;
    private final ComputationGraph network;
    private final Provenance provenance;
    private final TrainingState trainingState;
    private final String encoderTop;
    private final List<String> decoderLayers;
    private UnknownSymbols lastUnknown = new UnknownSymbols();
    private long lastTruncated;

    private Seq2SeqModel(Seq2SeqConfig config, Seq2SeqVocabularies vocabularies, ComputationGraph network,
                         Provenance provenance, TrainingState trainingState) {
        this.config = config;
        this.vocabularies = vocabularies;
        this.network = network;
        this.provenance = provenance;
        this.trainingState = trainingState;
        this.encoderTop = ENCODER_PREFIX + (config.encoder().depth() - 1);
        List<String> dec = new ArrayList<>();
        for (int i = 0; i < config.decoder().depth(); i++) {
            dec.add(DECODER_PREFIX + i);
        }
        this.decoderLayers = List.copyOf(dec);
    }

    /**
     * An untrained model: vocabularies fitted on {@code train} (symbols seen fewer than {@code minCount} times read
     * as UNK), the network built from {@code config} with {@code training}'s seed and update rule.
     *
     * @throws IllegalArgumentException when {@code train} is empty
     */
    public static Seq2SeqModel create(Seq2SeqConfig config, List<ParallelPair> train, TrainingConfig training) {
        Checks.notNull(config, "config");
        Checks.notNull(train, "train");
        Checks.notNull(training, "training");
        Seq2SeqVocabularies vocabularies = Seq2SeqVocabularies.fit(train, config.minCount(), config.sourceEnd());
        ComputationGraph network = buildNetwork(config, vocabularies, training);
        log.info("Seq2seq model: {} source and {} target symbols; encoder {} x {} {} ({}), decoder {} x {} {}, "
                        + "attention {}; {} parameters", vocabularies.source().size(), vocabularies.target().size(),
                config.encoder().depth(), config.encoder().hiddenSize(), config.encoder().cell(),
                config.encoder().bidirectional(), config.decoder().depth(), config.decoder().hiddenSize(),
                config.decoder().cell(), config.attention(), network.numParams());
        return new Seq2SeqModel(config, vocabularies, network,
                Provenance.now(PRESET, training.seed(), "pairs", fingerprint(train)), null);
    }

    static ComputationGraph buildNetwork(Seq2SeqConfig config, Seq2SeqVocabularies vocabularies,
                                         TrainingConfig training) {
        int e = config.encoderOutputSize();
        int h = config.decoder().hiddenSize();
        ComputationGraphConfiguration.GraphBuilder g = training.applyTo(new NeuralNetConfiguration.Builder())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs(SOURCE, DECODER);
        g.addLayer(SOURCE_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(vocabularies.source().size())
                .nOut(config.sourceEmbedding()).hasBias(false).outputDataFormat(RNNFormat.NCW).build(), SOURCE);
        int encoderBottom = config.encoder().readsBothDirections() && config.encoder().impl() == RecurrentImpl.RNNKIT
                ? 2 : 1;
        int[] added = {0};
        String encoderTop = RecurrentLayers.addTo(g, SOURCE_EMBEDDING, config.sourceEmbedding(), config.encoder(),
                ENCODER_PREFIX, layer -> added[0]++ < encoderBottom ? RecurrentLayers.withInputDropout(layer, config.dropout()) : layer);
        g.addLayer(SUMMARY, new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(true).build(),
                encoderTop);
        g.addVertex(SUMMARY + "_seq", new DuplicateToTimeSeriesVertex(DECODER), SUMMARY);
        g.addLayer(TARGET_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(vocabularies.target().size())
                .nOut(config.targetEmbedding()).hasBias(false).outputDataFormat(RNNFormat.NCW).build(), DECODER);
        g.addVertex("dec_in", new MergeVertex(), TARGET_EMBEDDING, SUMMARY + "_seq");
        int[] decAdded = {0};
        String decoderTop = RecurrentLayers.addTo(g, "dec_in", config.targetEmbedding() + e, config.decoder(),
                DECODER_PREFIX,
                layer -> decAdded[0]++ < 1 ? RecurrentLayers.withInputDropout(layer, config.dropout()) : layer);
        AttentionHead.addTo(g, config.attention(), decoderTop, h, encoderTop, e, config.dropout(),
                vocabularies.target().size());
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** sha256 over the pairs' symbols, in order: the training data's fingerprint in the provenance. */
    public static String fingerprint(List<ParallelPair> pairs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ParallelPair p : pairs) {
                for (String s : p.source()) {
                    sha.update(s.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
                sha.update((byte) 1);
                for (String s : p.target()) {
                    sha.update(s.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
                sha.update((byte) 2);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trains with teacher forcing on {@code train}; after every epoch, when {@code dev} has entries, decodes its
     * sources greedily and scores the word error rate (val_wer, for the log, early stopping and the curve).
     *
     * @param dev        source string (split by the config's source segmentation) to its correct outputs, or an
     *                   empty map for no validation
     * @param training   epochs, batch size, clipping, time budget, checkpoints ...; the update rule was fixed when
     *                   the model was created
     * @param listeners  progress bar, metrics log ...
     * @param resumeFrom the state of a checkpoint this model was loaded from, or null to start afresh
     */
    public synchronized TrainingResult fit(List<ParallelPair> train, Map<String, List<List<String>>> dev,
                                           TrainingConfig training, List<TrainerListener> listeners,
                                           TrainingState resumeFrom) {
        Checks.notNull(train, "train");
        Checks.notNull(dev, "dev");
        Checks.notNull(training, "training");
        Checks.notNull(listeners, "listeners");
        ParallelBatches batches = ParallelBatches.builder(train, vocabularies).batchSize(training.batchSize())
                .maxSourceLength(config.maxSourceLength()).maxTargetLength(config.maxTargetLength())
                .overlong(config.overlong()).bucketing(ParallelBatches.Bucketing.LONGER_SIDE)
                .seed(training.seed()).build();
        Validation validation = dev.isEmpty() ? null : new Validation() {
            @Override
            public String metric() {
                return "val_wer";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }

            @Override
            public double evaluate(TrainableNetwork net) {
                // over-long dev sources are cut (counted in the log), never a crash after an epoch of training
                G2pMetrics m = Seq2SeqModel.this.evaluate(dev, DecodeOptions.greedy()
                        .withOverlong(io.github.rnnkit.data.seq2seq.Overlong.TRUNCATE));
                log.info("dev: WER {} PER {} on {} sources", String.format("%.4f", m.wer()),
                        String.format("%.4f", m.per()), m.words());
                return m.wer();
            }
        };
        Trainer trainer = new Trainer(training);
        listeners.forEach(trainer::addListener);
        Checkpointer checkpointer = training.checkpointDir() == null ? null
                : (file, state) -> toBundle().withTrainingState(state).save(file);
        log.info("Training on {} pairs: {} batches of {} per epoch", batches.size(), batches.batchesPerEpoch(),
                training.batchSize());
        return trainer.fit(TrainableNetwork.of(network), withoutOneStepMasks(batches), validation, checkpointer,
                resumeFrom);
    }

    /**
     * The batches with every one-step mask dropped: such a mask is all ones (every sequence has a step), and DL4J's
     * TimeDistributed cannot reshape a [1, 1] mask (a batch of one pair with one symbol).
     */
    private static BatchSource withoutOneStepMasks(ParallelBatches batches) {
        return new BatchSource() {
            @Override
            public java.util.Iterator<MultiDataSet> epoch(int epoch) {
                java.util.Iterator<MultiDataSet> it = batches.epoch(epoch);
                return new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public MultiDataSet next() {
                        MultiDataSet m = it.next();
                        m.setFeaturesMaskArrays(oneStepMasksDropped(m.getFeaturesMaskArrays()));
                        m.setLabelsMaskArray(oneStepMasksDropped(m.getLabelsMaskArrays()));
                        return m;
                    }
                };
            }

            @Override
            public long batchesPerEpoch() {
                return batches.batchesPerEpoch();
            }
        };
    }

    private static INDArray[] oneStepMasksDropped(INDArray[] masks) {
        if (masks == null) {
            return null;
        }
        INDArray[] out = masks.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] != null && out[i].size(1) == 1) {
                out[i] = null;
            }
        }
        return out;
    }

    /**
     * Decodes each input (a source string, split by the config's source segmentation).
     *
     * @return per input its outputs, best first: one for greedy, up to {@code nbest} for beam search, {@code nbest}
     *         samples for sampling
     * @throws IllegalArgumentException for a null or empty input, or (with {@code Overlong.REFUSE}) one longer than
     *                                  {@code maxSourceLength} symbols, naming it
     */
    public synchronized List<List<Translation>> translate(List<String> inputs, DecodeOptions options) {
        Checks.notNull(inputs, "inputs");
        Checks.notNull(options, "options");
        List<int[]> sources = encodeInputs(inputs, options.overlong() == null ? config.overlong() : options.overlong());
        List<List<Translation>> out = new ArrayList<>(inputs.size());
        Decoder decoder = new Decoder(vocabularies.bosId(), vocabularies.eosId(), config.maxTargetLength() + 1);
        Steps steps = new Steps();
        for (int from = 0; from < sources.size(); from += options.batchSize()) {
            List<int[]> batch = sources.subList(from, Math.min(sources.size(), from + options.batchSize()));
            State initial = encode(batch);
            switch (options.strategy()) {
                case GREEDY -> decoder.greedy(steps, initial, batch.size())
                        .forEach(hyp -> out.add(List.of(translation(hyp))));
                case BEAM -> decoder.beam(steps, initial, batch.size(), options.beamWidth(), options.nbest(),
                        options.lengthAlpha()).forEach(list -> out.add(list.stream().map(this::translation).toList()));
                case SAMPLE -> {
                    List<List<Translation>> samples = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        samples.add(new ArrayList<>());
                    }
                    for (int n = 0; n < options.nbest(); n++) {
                        List<Hypothesis> drawn = decoder.sample(steps, initial, batch.size(), options.temperature(),
                                options.topK(), options.seed() + 1_000_003L * n + from);
                        for (int i = 0; i < drawn.size(); i++) {
                            samples.get(i).add(translation(drawn.get(i)));
                        }
                    }
                    out.addAll(samples);
                }
            }
        }
        return out;
    }

    /**
     * For benchmarks: greedy decoding of exactly {@code steps} symbols per input (EOS does not stop it; the chosen
     * symbol is fed back whatever it is). {@code rerunGraph} false: rnnkit's decoder, the encoder run once and one
     * decoder step per symbol with carried state, O(T). True: the decoder DL4J's seq2seq example uses, the whole
     * graph re-run on the growing output prefix for every new symbol, O(T^2). Both choose the same symbols.
     *
     * @return per input the chosen symbol ids
     */
    public synchronized int[][] greedyFixedLength(List<String> inputs, int steps, boolean rerunGraph) {
        Checks.notNull(inputs, "inputs");
        Checks.positive(steps, "steps");
        List<int[]> sources = encodeInputs(inputs, config.overlong());
        int b = sources.size();
        int[][] chosen = new int[b][steps];
        if (!rerunGraph) {
            State state = encode(sources);
            Steps model = new Steps();
            int[] previous = new int[b];
            java.util.Arrays.fill(previous, vocabularies.bosId());
            for (int t = 0; t < steps; t++) {
                StepModel.Step<State> step = model.step(state, previous);
                state = step.state();
                for (int r = 0; r < b; r++) {
                    previous[r] = StepArrays.argmax(step.logProbabilities()[r]);
                    chosen[r][t] = previous[r];
                }
            }
            return chosen;
        }
        DataType type = network.getConfiguration().getDataType();
        INDArray[] padded = sourceBatch(sources);
        INDArray source = padded[0];
        INDArray sourceMask = padded[1];
        for (int t = 0; t < steps; t++) {
            float[] prefix = new float[b * (t + 1)];
            for (int r = 0; r < b; r++) {
                prefix[r * (t + 1)] = vocabularies.bosId();
                for (int j = 0; j < t; j++) {
                    prefix[r * (t + 1) + j + 1] = chosen[r][j];
                }
            }
            INDArray decoder = Nd4j.createFromArray(prefix).reshape('c', b, 1, t + 1).castTo(type);
            INDArray p = network.output(false, new INDArray[]{source, decoder}, new INDArray[]{sourceMask, null},
                    null)[0];                                                                    // [B, V, t+1]
            INDArray last = p.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            for (int r = 0; r < b; r++) {
                INDArray row = last.getRow(r).dup();
                row.putScalar(Seq2SeqVocabularies.PAD_ID, -1.0);
                chosen[r][t] = row.argMax().getInt(0);
            }
        }
        return chosen;
    }

    /** Per step, log p(target_t | target_&lt;t, input) computed step by step (EOS last): for tests. */
    synchronized double[] stepLogProbabilities(String input, List<String> target) {
        State state = encode(encodeInputs(List.of(input), config.overlong()));
        int[] ids = vocabularies.encodeTarget(target, new UnknownSymbols());
        Steps steps = new Steps();
        double[] out = new double[ids.length + 1];
        int previous = vocabularies.bosId();
        for (int t = 0; t <= ids.length; t++) {
            StepModel.Step<State> step = steps.step(state, new int[]{previous});
            state = step.state();
            int next = t < ids.length ? ids[t] : vocabularies.eosId();
            out[t] = step.logProbabilities()[0][next];
            previous = next;
        }
        return out;
    }

    /** Greedy output of one input, with the attention weights of every output step. */
    public AttentionMap attention(String input) {
        return attention(input, config.overlong());
    }

    /**
     * Greedy output of one input, with the attention weights of every output step; an input longer than
     * {@code maxSourceLength} is refused or cut as {@code overlong} says.
     *
     * @throws IllegalStateException when the model has no attention
     */
    public synchronized AttentionMap attention(String input, io.github.rnnkit.data.seq2seq.Overlong overlong) {
        if (config.attention() == Attention.NONE) {
            throw new IllegalStateException("this model has no attention (config attention = NONE)");
        }
        List<int[]> sources = encodeInputs(List.of(input), overlong);
        State state = encode(sources);
        Steps steps = new Steps();
        steps.recordWeights = true;
        int previous = vocabularies.bosId();
        List<String> output = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int t = 0; t <= config.maxTargetLength(); t++) {
            StepModel.Step<State> step = steps.step(state, new int[]{previous});
            state = step.state();
            rows.add(steps.lastWeights[0]);
            int best = StepArrays.argmax(step.logProbabilities()[0]);
            if (best == vocabularies.eosId()) {
                output.add("</s>");
                break;
            }
            output.add(vocabularies.target().token(best));
            previous = best;
        }
        List<String> sourceSymbols = new ArrayList<>();
        for (int id : sources.get(0)) {
            sourceSymbols.add(vocabularies.source().token(id));
        }
        return new AttentionMap(sourceSymbols, output, rows.toArray(double[][]::new));
    }

    /**
     * Scores decoded outputs against references: word error rate (an output is right when it equals any
     * reference), phoneme/symbol error rate against the closest reference, n-best oracle WER, confusions.
     *
     * @param references source string (split by the config's source segmentation) to its correct outputs
     */
    public G2pMetrics evaluate(Map<String, List<List<String>>> references, DecodeOptions options) {
        Checks.notNull(references, "references");
        List<String> words = new ArrayList<>(references.keySet());
        List<List<Translation>> decoded = translate(words, options);
        Map<String, List<List<String>>> nBest = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            nBest.put(words.get(i), decoded.get(i).stream().map(Translation::symbols).toList());
        }
        return G2pMetrics.score(references, nBest);
    }

    /** Symbols of the last {@link #translate} call's inputs that had no id (read as UNK), by symbol. */
    public synchronized UnknownSymbols lastUnknownSymbols() {
        return lastUnknown;
    }

    /** How many of the last {@link #translate} call's inputs were cut to {@code maxSourceLength} symbols. */
    public synchronized long lastTruncatedInputs() {
        return lastTruncated;
    }

    private List<int[]> encodeInputs(List<String> inputs, io.github.rnnkit.data.seq2seq.Overlong overlong) {
        UnknownSymbols unknown = new UnknownSymbols();
        List<int[]> out = new ArrayList<>(inputs.size());
        long truncated = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            if (text == null) {
                throw new IllegalArgumentException("input " + (i + 1) + " is null");
            }
            List<String> symbols = config.sourceSegmentation().split(text);
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("input " + (i + 1) + " is empty; every input needs at least one "
                        + "symbol");
            }
            List<String> kept = overlong.apply(symbols, config.maxSourceLength(), "maxSourceLength",
                    "input " + (i + 1) + " ('" + abbreviate(text) + "')");
            truncated += kept.size() < symbols.size() ? 1 : 0;
            out.add(vocabularies.encodeSource(kept, unknown));
        }
        if (truncated > 0) {
            log.warn("{} of {} input(s) were longer than maxSourceLength {} symbols and were cut to their first {}",
                    truncated, inputs.size(), config.maxSourceLength(), config.maxSourceLength());
        }
        if (!unknown.isEmpty()) {
            log.warn("Symbols not seen in training, read as UNK: {}", unknown);
        }
        lastUnknown = unknown;
        lastTruncated = truncated;
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private Translation translation(Hypothesis h) {
        int[] tokens = h.tokens();
        int n = h.finished() ? tokens.length - 1 : tokens.length;
        List<String> symbols = vocabularies.decodeTarget(java.util.Arrays.copyOf(tokens, n));
        return new Translation(symbols, h.logProbability(), h.score(), h.finished());
    }

    /** The decoder's carried state for R rows (hypotheses). */
    static final class State {
        final INDArray keys;       // [R, h, Ts] or null without attention
        final INDArray values;     // [R, e, Ts]
        final INDArray mask;       // [R, Ts]
        final INDArray summary;    // [R, e]
        final List<Map<String, INDArray>> recurrent;    // per decoder layer, null before the first step

        State(INDArray keys, INDArray values, INDArray mask, INDArray summary, List<Map<String, INDArray>> recurrent) {
            this.keys = keys;
            this.values = values;
            this.mask = mask;
            this.summary = summary;
            this.recurrent = recurrent;
        }
    }

    /**
     * Source ids padded into [B, 1, Ts] and their mask [B, Ts] (null for one-step sources, which are all ones and
     * which DL4J's TimeDistributed cannot reshape), in the network's data type.
     */
    private INDArray[] sourceBatch(List<int[]> sources) {
        int b = sources.size();
        int ts = sources.stream().mapToInt(x -> x.length).max().orElse(1);
        DataType type = network.getConfiguration().getDataType();
        float[] ids = new float[b * ts];
        float[] mask = new float[b * ts];
        for (int r = 0; r < b; r++) {
            int[] s = sources.get(r);
            for (int t = 0; t < s.length; t++) {
                ids[r * ts + t] = s[t];
                mask[r * ts + t] = 1f;
            }
        }
        INDArray source = Nd4j.createFromArray(ids).reshape('c', b, 1, ts).castTo(type);
        INDArray sourceMask = ts == 1 ? null : Nd4j.createFromArray(mask).reshape('c', b, ts).castTo(type);
        return new INDArray[]{source, sourceMask};
    }

    /** Runs the encoder once over the batch: the attention keys/values, the summary, an empty decoder state. */
    private State encode(List<int[]> sources) {
        int b = sources.size();
        DataType type = network.getConfiguration().getDataType();
        INDArray[] padded = sourceBatch(sources);
        INDArray source = padded[0];
        INDArray sourceMask = padded[1];
        INDArray decoder = Nd4j.valueArrayOf(new long[]{b, 1, 1}, vocabularies.bosId(), type);
        Map<String, INDArray> acts;
        try {
            network.setLayerMaskArrays(new INDArray[]{sourceMask, null}, null);
            acts = network.feedForward(new INDArray[]{source, decoder}, false, true);
        } finally {
            network.clearLayerMaskArrays();
        }
        INDArray values = acts.get(encoderTop).dup('c');
        INDArray keys = config.attention() == Attention.NONE ? null : acts.get(AttentionHead.KEYS).dup('c');
        INDArray summary = acts.get(SUMMARY).dup('c');
        return new State(keys, values, sourceMask != null ? sourceMask
                : Nd4j.ones(type, b, source.size(2)), summary, null);
    }

    /** One decoder step for a batch of rows, computed with the trained graph's own layers and parameters. */
    private final class Steps implements StepModel<State> {
        boolean recordWeights;
        double[][] lastWeights;

        @Override
        public int vocabularySize() {
            return vocabularies.target().size();
        }

        @Override
        public Step<State> step(State state, int[] previous) {
            int r = previous.length;
            DataType type = network.getConfiguration().getDataType();
            INDArray table = network.getLayer(TARGET_EMBEDDING).getParam("W");           // [V, Et]
            INDArray embedded = Nd4j.pullRows(table, 1, previous);                     // [R, Et]
            INDArray x = Nd4j.concat(1, embedded, state.summary).castTo(type);
            List<Map<String, INDArray>> next = new ArrayList<>(decoderLayers.size());
            List<Layer> stack = decoderLayers.stream().map(network::getLayer).toList();
            x = StepArrays.stepStack(stack, x, state.recurrent, next);
            AttentionHead.Step head = AttentionHead.step(network, config.attention(), x, state.keys, state.values,
                    state.mask);
            if (recordWeights && head.weights() != null) {
                lastWeights = head.weights().castTo(DataType.DOUBLE).toDoubleMatrix();
            }
            INDArray logits = head.logits();                                                 // [R, V]
            double[][] l = StepArrays.logSoftmaxRows(logits.castTo(DataType.DOUBLE).toDoubleMatrix(),
                    Seq2SeqVocabularies.PAD_ID);                                   // PAD is never emitted
            return new Step<>(l, new State(state.keys, state.values, state.mask, state.summary, next));
        }

        @Override
        public State select(State state, int[] rows) {
            if (rows.length == 0) {
                return new State(null, null, null, null, null);
            }
            List<Map<String, INDArray>> recurrent = StepArrays.pickStates(state.recurrent, rows);
            return new State(state.keys == null ? null : StepArrays.pick(state.keys, rows),
                    StepArrays.pick(state.values, rows), StepArrays.pick(state.mask, rows),
                    StepArrays.pick(state.summary, rows), recurrent);
        }
    }

    /** This model as a bundle (network with updater state, config, vocabularies, provenance). */
    public synchronized ModelBundle toBundle() {
        ModelBundle b = ModelBundle.of(provenance.restamped(), network, config);
        for (Map.Entry<String, byte[]> a : vocabularies.toArtifacts().entrySet()) {
            b = b.withArtifact(a.getKey(), a.getValue());
        }
        return b;
    }

    /** Saves the model to {@code file} (atomically). */
    public synchronized void save(Path file) throws IOException {
        toBundle().save(file);
        log.info("Saved seq2seq model to {}", file);
    }

    /**
     * Loads a model saved by {@link #save} or a training checkpoint.
     *
     * @throws IllegalArgumentException when the file is missing, corrupt, of another preset, or inconsistent
     */
    public static Seq2SeqModel load(Path file) throws IOException {
        ModelBundle bundle = ModelBundle.load(file, PRESET);
        Seq2SeqConfig config = bundle.config(Seq2SeqConfig.class);
        Seq2SeqVocabularies vocabularies = Seq2SeqVocabularies.fromArtifacts(bundle.artifacts(), file.toString());
        ComputationGraph network = bundle.computationGraph();
        long sourceRows = network.getLayer(SOURCE_EMBEDDING).getParam("W").size(0);
        long targetRows = network.getLayer(TARGET_EMBEDDING).getParam("W").size(0);
        long outputs = network.getLayer(AttentionHead.OUTPUT).getParam("W").size(1);
        if (sourceRows != vocabularies.source().size() || targetRows != vocabularies.target().size()
                || outputs != vocabularies.target().size()) {
            throw new IllegalArgumentException("model bundle " + file + " is inconsistent: the network reads "
                    + sourceRows + " source and " + targetRows + " target symbols and writes " + outputs
                    + ", but the vocabularies have " + vocabularies.source().size() + " and "
                    + vocabularies.target().size());
        }
        return new Seq2SeqModel(config, vocabularies, network, bundle.provenance(),
                bundle.trainingState().orElse(null));
    }

    public Seq2SeqConfig config() {
        return config;
    }

    public Seq2SeqVocabularies vocabularies() {
        return vocabularies;
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

    /**
     * Log-probability of each target given its source under teacher forcing (the training objective): the sum of
     * log p(y_t | y_&lt;t, x) over the target symbols and EOS. For tests and rescoring.
     */
    public synchronized double[] logProbability(List<ParallelPair> pairs) {
        ParallelBatches batches = ParallelBatches.builder(pairs, vocabularies).batchSize(Math.max(1, pairs.size()))
                .maxSourceLength(config.maxSourceLength()).maxTargetLength(config.maxTargetLength())
                .overlong(config.overlong()).bucketing(ParallelBatches.Bucketing.NONE).build();
        int[] members = new int[pairs.size()];
        for (int i = 0; i < members.length; i++) {
            members[i] = i;
        }
        MultiDataSet batch = batches.batch(members);
        INDArray p = network.output(false, batch.getFeatures(), oneStepMasksDropped(batch.getFeaturesMaskArrays()),
                null)[0];                                                                            // [B,V,Tt]
        INDArray labels = batch.getLabels(0);
        INDArray lmask = batch.getLabelsMaskArray(0);
        double[] out = new double[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            for (int t = 0; t < labels.size(2); t++) {
                if (lmask.getDouble(i, t) != 0) {
                    out[i] += Math.log(p.getDouble(i, labels.getInt(i, 0, t), t));
                }
            }
        }
        return out;
    }
}
