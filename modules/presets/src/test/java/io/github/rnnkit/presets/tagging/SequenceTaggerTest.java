package io.github.rnnkit.presets.tagging;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tagger on real Brown sentences (raw Brown tags, a small subset): it learns, saves, loads and refuses bad input. */
class SequenceTaggerTest {
    static List<TaggedSentence> train = new ArrayList<>();
    static List<TaggedSentence> test = new ArrayList<>();
    static SequenceTagger tagger;
    static TrainingConfig training = TrainingConfig.defaults().withEpochs(8).withBatchSize(16).withLearningRate(3e-3)
            .withSeed(7);

    static TaggerConfig small() {
        return TaggerConfig.defaults().withSpec(new RecurrentSpec(RecurrentCell.LSTM, 48, 1, BidirectionalMode.CONCAT,
                0.0, RecurrentImpl.RNNKIT)).withWordSize(48).withCharacters(16, 24, 3);
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
        // news (ca..), editorial (cb..), learned (cj..): train on 12 files, test on 3 others
        for (String id : List.of("ca01", "ca02", "ca03", "ca04", "ca05", "ca06", "cb01", "cb02", "cj01", "cj02", "cj03",
                "cj04")) {
            train.addAll(brown.sentences(id));
        }
        for (String id : List.of("ca10", "cb10", "cj10")) {
            test.addAll(brown.sentences(id));
        }
        tagger = SequenceTagger.create(small(), train, training);
        tagger.fit(train, List.of(), training, List.of(), null);
    }

    @Test
    void beatsTheMostFrequentTagBaselineOnHeldOutFiles() {
        TaggingReport baseline = MostFrequentTagger.train(train).evaluate(test);
        TaggingReport report = tagger.evaluate(test);
        System.out.println("baseline: " + baseline.summary() + "\ntagger:   " + report.summary());
        assertTrue(report.accuracy() > baseline.accuracy() + 0.005, report.summary() + " vs " + baseline.summary());
        assertTrue(report.unknownTokens() > 100, "the held-out files have words never seen in training");
    }

    @Test
    void savesAndLoadsWithItsVocabulariesAndTagSetGivingIdenticalTags(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tagger.zip");
        tagger.save(file);
        SequenceTagger back = SequenceTagger.load(file);
        assertEquals(tagger.tags(), back.tags());
        assertEquals(tagger.words(), back.words());
        assertEquals(tagger.chars(), back.chars());
        List<List<String>> sentences = test.stream().limit(40).map(TaggedSentence::words).toList();
        assertEquals(tagger.tagAll(sentences), back.tagAll(sentences));
    }

    @Test
    void paddingNeverChangesATagOrItsProbability() {
        // a short sentence tagged alone and in a batch padded to a 60-token sentence gives the same output
        List<String> shortOne = test.get(3).words();
        List<String> longOne = test.stream().map(TaggedSentence::words).filter(w -> w.size() > 40).findFirst()
                .orElseThrow();
        List<TagPrediction> alone = tagger.tag(shortOne);
        List<TagPrediction> batched = tagger.tagAll(List.of(longOne, shortOne)).get(1);
        assertEquals(alone.size(), batched.size());
        for (int i = 0; i < alone.size(); i++) {
            assertEquals(alone.get(i).tag(), batched.get(i).tag());
            assertEquals(alone.get(i).probability(), batched.get(i).probability(), 1e-5);
        }
    }

    @Test
    void paddedStepsAddNothingToTheLoss() {
        // the score of a batch = the mean of its sentences' scores alone (summed over real tokens, divided by the batch)
        var net = tagger.network();
        List<TaggedSentence> two = List.of(test.get(0), test.get(1));
        double together = score(net, two);
        double first = score(net, List.of(two.get(0)));
        double second = score(net, List.of(two.get(1)));
        assertTrue(two.get(0).length() != two.get(1).length(), "sentences of different lengths");
        assertEquals((first + second) / 2, together, 1e-4);
    }

    private static double score(org.deeplearning4j.nn.graph.ComputationGraph net, List<TaggedSentence> sentences) {
        TokenIds ids = new TokenIds(tagger.words(), tagger.chars(), tagger.config().maxWordChars(), true);
        List<io.github.rnnkit.data.seq.SequenceBatches.Example> examples = new ArrayList<>();
        for (TaggedSentence s : sentences) {
            int[] labels = s.tags().stream().mapToInt(t -> tagger.tags().indexOf(t)).toArray();
            examples.add(new io.github.rnnkit.data.seq.SequenceBatches.Example(ids.encode(s.words()), labels));
        }
        var batches = io.github.rnnkit.data.seq.SequenceBatches.builder(examples,
                io.github.rnnkit.data.seq.SequenceBatches.Labels.PER_STEP_INDEX, tagger.tags().size())
                .idsPerStep(ids.width()).build();
        int[] all = new int[examples.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return net.score(batches.batch(all));
    }

    @Test
    void badInputGetsClearErrors() {
        var empty = assertThrows(IllegalArgumentException.class, () -> tagger.tag(List.of()));
        assertEquals("sentence 0 has no tokens; every sentence needs at least one", empty.getMessage());
        var emptyToken = assertThrows(IllegalArgumentException.class, () -> tagger.tag(List.of("a", "")));
        assertEquals("sentence 0, token 1 is empty", emptyToken.getMessage());
        TaggedSentence emptySentence = new TaggedSentence("f.tsv", 9, List.of(), List.of());
        var emptyTrain = assertThrows(IllegalArgumentException.class,
                () -> tagger.fit(List.of(emptySentence), List.of(), training, List.of(), null));
        assertEquals("f.tsv:9: empty sentence; every sentence needs at least one token", emptyTrain.getMessage());
        TaggedSentence unknownTag = new TaggedSentence("f.tsv", 3, List.of("the", "dog"), List.of("at", "NOUN!"));
        var badTag = assertThrows(IllegalArgumentException.class,
                () -> tagger.fit(List.of(unknownTag), List.of(), training, List.of(), null));
        assertTrue(badTag.getMessage().startsWith("f.tsv:3: tag 'NOUN!' (token 2, 'dog') is not in the tagger's tag set"),
                badTag.getMessage());
    }

    @Test
    void aGoldTagUnseenInTrainingIsCountedAndReportedNotACrash() {
        TaggedSentence s = new TaggedSentence("gold.tsv", 1, List.of("the", "dog", "barked"), List.of("at", "XYZ", "vbd"));
        TaggingReport r = tagger.evaluate(List.of(s));
        assertEquals(3, r.tokens());
        assertEquals(1, r.unseenGoldTokens());
        assertEquals(java.util.Map.of("XYZ", 1L), r.unseenGold());
        assertTrue(r.toTable().contains("1 tokens have a gold tag the tagger never saw in training"), r.toTable());
        assertTrue(r.correct() <= 2);
    }

    @Test
    void aSentenceLongerThanTheMaximumIsTaggedInPiecesNotCut() {
        SequenceTagger shortMax;
        {
            TrainingConfig one = training.withEpochs(1);
            shortMax = SequenceTagger.create(small().withMaxLength(5), train.subList(0, 50), one);
        }
        List<String> words = test.get(0).words();
        assertTrue(words.size() > 12);
        List<TagPrediction> tags = shortMax.tag(words);
        assertEquals(words.size(), tags.size(), "every token gets a tag");
        for (int i = 0; i < words.size(); i++) {
            assertEquals(words.get(i), tags.get(i).token());
        }
    }

    @Test
    void writesAConfusionMatrixPng(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("confusion.png");
        tagger.evaluate(test).writeConfusionPng(png, 15);
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 200 && image.getHeight() > 200);
    }

    @Test
    void pretrainedWordVectorsFillTheirRowsOfTheWordTable() {
        SequenceTagger fresh = SequenceTagger.create(small(), train.subList(0, 50), training.withEpochs(1));
        float[] v = new float[48];
        java.util.Arrays.fill(v, 0.25f);
        int found = fresh.useWordVectors(java.util.Map.of("the", v, "no-such-word-here", v));
        assertEquals(1, found);
        var table = fresh.network().getLayer(SequenceTagger.EMBEDDING).getParam("W");
        assertEquals(0.25, table.getDouble(fresh.words().id("the"), 7), 1e-7);
        var wrong = assertThrows(IllegalArgumentException.class,
                () -> fresh.useWordVectors(java.util.Map.of("the", new float[3])));
        assertEquals("pretrained vector of 'the' has 3 values; the word embedding size is 48", wrong.getMessage());
    }

    @Test
    void aTwoLayerGruWordOnlyTaggerTrainsSavesAndLoads(@TempDir Path dir) throws IOException {
        TaggerConfig gru = small().withSpec(new RecurrentSpec(RecurrentCell.GRU, 24, 2, BidirectionalMode.CONCAT, 0.2,
                RecurrentImpl.RNNKIT)).withoutCharacters();
        SequenceTagger t = SequenceTagger.create(gru, train.subList(0, 80), training.withEpochs(1));
        t.fit(train.subList(0, 80), List.of(), training.withEpochs(1), List.of(), null);
        assertEquals(null, t.chars());
        Path file = dir.resolve("gru.zip");
        t.save(file);
        SequenceTagger back = SequenceTagger.load(file);
        List<List<String>> few = test.stream().limit(5).map(TaggedSentence::words).toList();
        assertEquals(t.tagAll(few), back.tagAll(few));
    }
}
