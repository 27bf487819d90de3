package io.github.rnnkit.presets;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.captioning.CaptionedImage;
import io.github.rnnkit.data.captioning.SceneGenerator;
import io.github.rnnkit.data.captioning.TileLibrary;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.imdb.AclImdb;
import io.github.rnnkit.data.seq2seq.ParallelPair;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.text.CodePointReader;
import io.github.rnnkit.data.text.TextCorpus;
import io.github.rnnkit.presets.captioning.Caption;
import io.github.rnnkit.presets.captioning.CaptionerConfig;
import io.github.rnnkit.presets.captioning.ImageCaptioner;
import io.github.rnnkit.presets.captioning.ImageEncoder;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmConfig;
import io.github.rnnkit.presets.charlm.CharLmData;
import io.github.rnnkit.presets.charlm.Sampling;
import io.github.rnnkit.presets.seq2seq.Attention;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import io.github.rnnkit.presets.seq2seq.Seq2SeqConfig;
import io.github.rnnkit.presets.seq2seq.Seq2SeqModel;
import io.github.rnnkit.presets.sentiment.ImdbSample;
import io.github.rnnkit.presets.sentiment.TextClassifier;
import io.github.rnnkit.presets.sentiment.TextClassifierConfig;
import io.github.rnnkit.presets.tagging.SequenceTagger;
import io.github.rnnkit.presets.tagging.TaggerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.nd4j.linalg.activations.Activation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every predictor (classify, tag, translate, caption, generate) shared by {@value #THREADS} threads, each making
 * {@value #PREDICTIONS} predictions over a rotating set of real inputs, gives exactly the single-threaded results
 * (bit for bit: rnnkit's kernels round the same before and after the JIT compiles them); and {@value #THREADS}
 * instances loaded from one bundle, one per thread (the documented way to predict in parallel), do too over
 * {@value #PREDICTIONS_PER_COPY} predictions each, which they would not if two models shared mutable state (a static
 * buffer, a workspace).
 * The models are freshly initialised, not trained: the question is whether threads disturb each other, and an
 * untrained network's outputs (log-probabilities to the last bit) depend on the input as much as a trained one's.
 */
class ConcurrencyTest {
    static final int THREADS = 8;
    static final int PREDICTIONS = 1000;
    /** Per thread with one loaded copy each: enough to meet any shared static state, at an eighth of the cost. */
    static final int PREDICTIONS_PER_COPY = 125;

    @TempDir
    Path dir;

    /** Runs {@code predict} over {@code inputs} alone, then from THREADS threads at once; fails on any difference. */
    static <I, R> void assertThreadSafe(String what, List<I> inputs, List<Function<I, R>> perThread, int predictions)
            throws Exception {
        Function<I, R> reference = perThread.get(0);
        List<R> expected = new ArrayList<>();
        for (I input : inputs) {
            expected.add(reference.apply(input));
        }
        assertTrue(expected.stream().distinct().count() > 1, what + ": every input gave the same result");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Function<I, R> predict = perThread.get(t % perThread.size());
                done.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int k = 0; k < predictions && problems.size() < 10; k++) {
                        int i = (thread * 7 + k) % inputs.size();
                        try {
                            R got = predict.apply(inputs.get(i));
                            if (!expected.get(i).equals(got)) {
                                problems.add("thread " + thread + ", prediction " + k + ", input " + i + ": expected "
                                        + expected.get(i) + " but got " + got);
                            }
                        } catch (RuntimeException e) {
                            problems.add("thread " + thread + ", prediction " + k + ", input " + i + ": " + e);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(10, TimeUnit.MINUTES);
            }
            assertEquals(List.of(), List.copyOf(problems), what);
            assertEquals(THREADS * predictions, total, what);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The shared instance in every thread, then one loaded copy per thread. */
    static <M, I, R> void check(String what, M model, List<I> inputs, Loader<M> load,
                                PredictorOf<M, I, R> predictor) throws Exception {
        assertThreadSafe(what + " (one shared instance)", inputs, List.of(predictor.of(model)), PREDICTIONS);
        List<Function<I, R>> copies = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            copies.add(predictor.of(load.load()));
        }
        assertThreadSafe(what + " (one loaded copy per thread)", inputs, copies, PREDICTIONS_PER_COPY);
    }

    interface Loader<M> {
        M load() throws IOException;
    }

    interface PredictorOf<M, I, R> {
        Function<I, R> of(M model);
    }

    static TrainingConfig training() {
        return TrainingConfig.defaults().withSeed(5);
    }

    @Test
    void textClassifierProbabilities() throws Exception {
        List<LabelledText> reviews = ImdbSample.balanced(AclImdb.Split.TRAIN, 100, 3);
        TextClassifier model = TextClassifier.create(TextClassifierConfig.defaults()
                .withSpec(new RecurrentSpec(RecurrentCell.LSTM, 16, 1, BidirectionalMode.CONCAT, 0.0,
                        RecurrentImpl.RNNKIT)).withEmbeddingSize(16).withMaxLength(40).withVocabulary(2, 3000),
                reviews, null, training());
        Path file = dir.resolve("classifier.zip");
        model.save(file);
        List<String> texts = reviews.subList(0, 24).stream().map(LabelledText::text).toList();
        check("TextClassifier.probabilities", model, texts, () -> TextClassifier.load(file),
                m -> text -> Arrays.toString(m.probabilities(text)));
    }

    @Test
    void sequenceTaggerTags() throws Exception {
        BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
        List<TaggedSentence> sentences = brown.sentences("ca01");
        SequenceTagger model = SequenceTagger.create(TaggerConfig.defaults()
                .withSpec(new RecurrentSpec(RecurrentCell.GRU, 16, 1, BidirectionalMode.CONCAT, 0.0,
                        RecurrentImpl.RNNKIT)).withWordSize(16).withCharacters(8, 8, 3), sentences, training());
        Path file = dir.resolve("tagger.zip");
        model.save(file);
        List<List<String>> inputs = sentences.subList(0, 24).stream().map(TaggedSentence::words).toList();
        check("SequenceTagger.tag", model, inputs, () -> SequenceTagger.load(file), m -> m::tag);
    }

    @Test
    void seq2seqTranslatesWithBeamSearch() throws Exception {
        Random random = new Random(1);
        List<ParallelPair> pairs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            List<String> source = new ArrayList<>();
            for (int j = 0; j < 2 + random.nextInt(4); j++) {
                source.add(String.valueOf((char) ('a' + random.nextInt(8))));
            }
            pairs.add(new ParallelPair(source, List.copyOf(source), "synthetic:" + (i + 1)));
        }
        Seq2SeqModel model = Seq2SeqModel.create(Seq2SeqConfig.defaults()
                .withEncoder(new RecurrentSpec(RecurrentCell.LSTM, 16, 1, BidirectionalMode.CONCAT, 0.0,
                        RecurrentImpl.RNNKIT))
                .withDecoder(new RecurrentSpec(RecurrentCell.GRU, 16, 1, BidirectionalMode.NONE, 0.0,
                        RecurrentImpl.RNNKIT))
                .withEmbeddings(8, 8).withAttention(Attention.MULTIPLICATIVE).withDropout(0.0)
                .withMaxLengths(8, 6), pairs, training());
        Path file = dir.resolve("seq2seq.zip");
        model.save(file);
        List<String> inputs = pairs.subList(0, 24).stream().map(p -> String.join("", p.source())).toList();
        DecodeOptions beam = DecodeOptions.beam(3, 2);
        check("Seq2SeqModel.translate", model, inputs, () -> Seq2SeqModel.load(file),
                m -> input -> m.translate(List.of(input), beam).get(0));
    }

    @Test
    void imageCaptionerCaptions() throws Exception {
        TileLibrary tiles = TileLibrary.fetch(DatasetStore.defaultStore());
        SceneGenerator scenes = new SceneGenerator(tiles, 7L);
        List<CaptionedImage> images = scenes.generate(SceneGenerator.Part.TRAIN, 80, 1L);
        MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new ConvolutionLayer.Builder(14, 14).stride(14, 14).nIn(1).nOut(8)
                        .activation(Activation.RELU).build())
                .setInputType(InputType.convolutional(SceneGenerator.SIZE, SceneGenerator.SIZE, 1)).build());
        cnn.init();
        ImageEncoder encoder = ImageEncoder.of(cnn, 1, SceneGenerator.SIZE, SceneGenerator.SIZE);
        ImageCaptioner model = ImageCaptioner.create(CaptionerConfig.defaults()
                .withDecoder(new RecurrentSpec(RecurrentCell.LSTM, 16, 1, BidirectionalMode.NONE, 0.0,
                        RecurrentImpl.RNNKIT))
                .withEmbedding(8).withImageSize(16).withAttention(Attention.MULTIPLICATIVE).withDropout(0.0)
                        .withMaxLength(6),
                encoder, images, training());
        Path file = dir.resolve("captioner.zip");
        model.save(file);
        List<CaptionedImage> inputs = images.subList(0, 24);
        DecodeOptions greedy = DecodeOptions.greedy();
        check("ImageCaptioner.caption", model, inputs, () -> ImageCaptioner.load(file),
                m -> image -> m.caption(List.of(image), greedy).get(0));
    }

    @Test
    void charLanguageModelGenerates() throws Exception {
        DatasetStore store = DatasetStore.defaultStore();
        Path raw = BrownCorpus.fetch(store).rawText(store);
        StringBuilder text = new StringBuilder();
        try (CodePointReader r = CodePointReader.open(raw)) {
            for (int i = 0; i < 20_000; i++) {
                text.appendCodePoint(r.next());
            }
        }
        Path subset = dir.resolve("brown-20k.txt");
        Files.writeString(subset, text, StandardCharsets.UTF_8);
        CharLmConfig config = CharLmConfig.defaults().withSpec(RecurrentSpec.of(RecurrentCell.LSTM, 32))
                .withSequenceLength(20).withMaxValidationChars(1_000);
        CharLmData data = CharLmData.split(TextCorpus.scan(subset), config);
        CharLanguageModel model = CharLanguageModel.create(config, data, training());
        Path file = dir.resolve("charlm.zip");
        model.save(file);
        List<String> primes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            primes.add(text.substring(i * 101, i * 101 + 1 + i % 5));
        }
        check("CharLanguageModel.generate", model, primes, () -> CharLanguageModel.load(file),
                m -> prime -> m.generate(prime, 6, new Sampling(1.0, 0, prime.hashCode())));
    }
}
