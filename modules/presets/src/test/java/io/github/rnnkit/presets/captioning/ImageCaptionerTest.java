package io.github.rnnkit.presets.captioning;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.captioning.CaptionedImage;
import io.github.rnnkit.data.captioning.SceneGenerator;
import io.github.rnnkit.data.captioning.SceneObject;
import io.github.rnnkit.data.captioning.TileLibrary;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.presets.seq2seq.Attention;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small captioner on a small set of real-tile scenes: it learns, decodes consistently and round-trips. */
class ImageCaptionerTest {
    private static SceneGenerator scenes;
    private static ImageEncoder encoder;
    private static List<CaptionedImage> train;
    private static List<CaptionedImage> test;
    private static ImageCaptioner model;

    static CaptionerConfig small(Attention attention) {
        return CaptionerConfig.defaults()
                .withDecoder(new RecurrentSpec(RecurrentCell.LSTM, 96, 1, BidirectionalMode.NONE, 0.0,
                        RecurrentImpl.RNNKIT))
                .withEmbedding(32).withImageSize(96).withAttention(attention).withDropout(0.0);
    }

    @BeforeAll
    static void train() throws Exception {
        TileLibrary tiles = TileLibrary.fetch(DatasetStore.defaultStore());
        scenes = new SceneGenerator(tiles, 7L);
        encoder = ImageEncoder.pretrainOnTiles(tiles.tileSet(TileLibrary.Split.TRAIN).first(6000),
                tiles.tileSet(TileLibrary.Split.VALIDATION).first(1000), SceneObject.COUNT, SceneGenerator.SIZE,
                SceneGenerator.SIZE, TrainingConfig.defaults().withEpochs(1).withBatchSize(64).withSeed(3),
                List.of());
        train = scenes.generate(SceneGenerator.Part.TRAIN, 1500, 1L);
        test = scenes.generate(SceneGenerator.Part.TEST_IID, 150, 2L);
        TrainingConfig training = TrainingConfig.defaults().withEpochs(8).withBatchSize(32).withLearningRate(3e-3)
                .withSeed(7);
        model = ImageCaptioner.create(small(Attention.MULTIPLICATIVE), encoder, train, training);
        model.fit(train, List.of(), training, List.of(), null);
    }

    @Test
    void tileClassifierLearnsTheTwentyClasses() {
        // chance is 5%; the interleaved prefix holds every class
        assertTrue(encoder.shape().tileAccuracy() > 0.6, "tile accuracy " + encoder.shape().tileAccuracy());
        assertEquals(new ImageEncoder.Shape(1, 56, 56, 128, 2, 2, encoder.shape().tileAccuracy()), encoder.shape());
    }

    @Test
    void beatsTheMostFrequentCaptionBaseline() {
        CaptionMetrics m = model.evaluate(test, DecodeOptions.greedy());
        String frequent = CaptionBaseline.mostFrequent(train);
        CaptionMetrics base = CaptionMetrics.score(java.util.Collections.nCopies(test.size(), frequent), test);
        // measured at this size: BLEU-4 0.21 vs 0.00, slots 35% vs 19%, 78% of captions in the grammar
        assertTrue(m.bleu4() > base.bleu4() + 0.1, "BLEU-4 " + m + " vs baseline " + base);
        assertTrue(m.slotAccuracy() > base.slotAccuracy() + 0.08, "slots " + m + " vs baseline " + base);
        assertTrue(m.parsed() > 0.5, "the grammar reads most captions: " + m);
    }

    @Test
    void stepwiseDecodingScoresEqualTheTeacherForcedGraph() {
        for (CaptionedImage im : test.subList(0, 10)) {
            String caption = model.caption(List.of(im), DecodeOptions.greedy()).get(0).get(0).text();
            double[] steps = model.stepLogProbabilities(im, caption);
            double[] graph = model.graphLogProbabilities(im, caption);
            assertArrayEquals(graph, steps, 1e-3, im.id() + ": " + caption);
        }
    }

    @Test
    void beamOfWidthOneEqualsGreedyAndBeamFiveNeverScoresLower() {
        List<CaptionedImage> some = test.subList(0, 40);
        List<List<Caption>> greedy = model.caption(some, DecodeOptions.greedy());
        List<List<Caption>> one = model.caption(some, DecodeOptions.beam(1, 1).withLengthAlpha(0));
        List<List<Caption>> five = model.caption(some, DecodeOptions.beam(5, 1).withLengthAlpha(0));
        for (int i = 0; i < some.size(); i++) {
            assertEquals(greedy.get(i).get(0).words(), one.get(i).get(0).words(), some.get(i).id());
            assertTrue(five.get(i).get(0).logProbability() >= greedy.get(i).get(0).logProbability() - 1e-6,
                    some.get(i).id());
        }
    }

    @Test
    void attentionWeightsArePerStepDistributionsOverTheGrid() {
        ImageCaptioner.AttentionGrid a = model.attention(test.get(0));
        assertEquals(a.words().size(), a.weights().length);
        for (double[] row : a.weights()) {
            assertEquals(4, row.length);
            assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-4);
        }
    }

    @Test
    void bundleRoundTripGivesIdenticalCaptions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("captioner.zip");
        model.save(file);
        ImageCaptioner loaded = ImageCaptioner.load(file);
        List<CaptionedImage> some = test.subList(0, 30);
        assertEquals(model.caption(some, DecodeOptions.beam(3, 2)), loaded.caption(some, DecodeOptions.beam(3, 2)));
        assertEquals(model.vocabulary(), loaded.vocabulary());
    }

    @Test
    void imagesOfTheWrongSizeAreRefusedNamingThem() {
        CaptionedImage wrong = CaptionedImage.unlabelled("small.png", new float[28 * 28], 1, 28, 28);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.caption(List.of(wrong), DecodeOptions.greedy()));
        assertTrue(e.getMessage().contains("small.png") && e.getMessage().contains("1x56x56"), e.getMessage());
    }

    @Test
    void aCorruptBundleIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.zip");
        Files.write(file, new byte[]{1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageCaptioner.load(file));
        assertTrue(e.getMessage().contains("broken.zip"), e.getMessage());
    }
}
