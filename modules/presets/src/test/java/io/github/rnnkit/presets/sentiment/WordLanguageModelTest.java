package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.BidirectionalMode;
import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentImpl;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.imdb.AclImdb;
import io.github.rnnkit.data.text.Vocabulary;
import io.github.rnnkit.data.text.WordTokenizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word language model on real IMDB text: it beats a unigram model (measured: perplexity ~114 against ~186 after
 * 250 batches), saves and loads, and hands its encoder only to a classifier of the same shape; so does one with a
 * linear projection before its softmax.
 */
class WordLanguageModelTest {
    private static final RecurrentSpec SPEC = new RecurrentSpec(RecurrentCell.LSTM, 64, 1, BidirectionalMode.NONE, 0.0,
            RecurrentImpl.RNNKIT);
    private static List<String> lmTexts;
    private static List<String> lmHeldOut;
    private static WordLanguageModel lm;
    private static TrainingConfig lmTraining;

    @BeforeAll
    static void pretrain() {
        lmTexts = ImdbSample.balanced(AclImdb.Split.TRAIN, 1000, 11).stream().map(LabelledText::text).toList();
        lmHeldOut = ImdbSample.balanced(AclImdb.Split.TEST, 50, 12).stream().map(LabelledText::text).toList();
        WordLmConfig config = new WordLmConfig(SPEC, 64, 40, 3, 2000, true, 250, 20_000, false, 0);
        lmTraining = TrainingConfig.defaults().withEpochs(1).withBatchSize(32).withLearningRate(3e-3)
                .withTbpttLength(30).withSeed(5);
        lm = WordLanguageModel.create(config, lmTexts, lmTraining);
        lm.fit(lmTexts, List.of(), lmTraining, List.of(), null);
    }

    /** Perplexity of the add-one unigram model of the training texts on the held-out texts (EOS included). */
    private static double unigramPerplexity(Vocabulary vocabulary) {
        WordTokenizer tok = new WordTokenizer(true);
        Map<String, Long> counts = new HashMap<>();
        long total = 0;
        for (String t : lmTexts) {
            for (String w : tok.tokenize(t)) {
                counts.merge(vocabulary.contains(w) ? w : "<unk>", 1L, Long::sum);
                total++;
            }
            counts.merge("</s>", 1L, Long::sum);
            total++;
        }
        double nats = 0;
        long n = 0;
        int v = vocabulary.size();
        for (String t : lmHeldOut) {
            List<String> words = new java.util.ArrayList<>(tok.tokenize(t));
            words.add("</s>");
            for (String w : words) {
                String key = vocabulary.contains(w) ? w : "<unk>";
                nats -= Math.log((counts.getOrDefault(key, 0L) + 1.0) / (total + v));
                n++;
            }
        }
        return Math.exp(nats / n);
    }

    @Test
    void aShortTrainingBeatsTheUnigramModelOnHeldOutReviews() {
        double unigram = unigramPerplexity(lm.vocabulary());
        double ppl = lm.perplexity(lmHeldOut);
        assertTrue(ppl < 0.8 * unigram, "LM perplexity " + ppl + " vs unigram " + unigram);
    }

    @Test
    void aSavedAndLoadedModelScoresTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lm.zip");
        lm.save(file);
        WordLanguageModel loaded = WordLanguageModel.load(file);
        assertEquals(lm.perplexity(lmHeldOut.subList(0, 10)), loaded.perplexity(lmHeldOut.subList(0, 10)), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextClassifier.load(file));
        assertTrue(e.getMessage().contains("wordlm"), e.getMessage());
    }

    @Test
    void aClassifierWhoseEncoderDiffersFromTheLanguageModelsIsRefused() {
        TextClassifierConfig other = lm.classifierConfig().withEmbeddingSize(65);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextClassifier.fromLanguageModel(
                lm, other, ImdbSample.balanced(AclImdb.Split.TRAIN, 5, 1), null, lmTraining));
        assertTrue(e.getMessage().contains("embeddingSize"), e.getMessage());
    }

    @Test
    void aModelWithAProjectionBeforeItsSoftmaxLearnsSavesAndLoadsAndHandsOnItsEncoder(@TempDir Path dir)
            throws Exception {
        WordLmConfig config = lm.config().withProjectionSize(16);
        WordLanguageModel projected = WordLanguageModel.create(config, lmTexts, lmTraining);
        MultiLayerNetwork net = projected.network();
        assertEquals(4, net.getnLayers(), "embedding, LSTM, projection, softmax");
        assertArrayEquals(new long[]{64, 16}, net.getLayer(2).getParam("W").shape());
        assertArrayEquals(new long[]{16, projected.vocabulary().size()}, net.getLayer(3).getParam("W").shape());
        projected.fit(lmTexts, List.of(), lmTraining, List.of(), null);

        double unigram = unigramPerplexity(projected.vocabulary());
        double ppl = projected.perplexity(lmHeldOut);
        assertTrue(ppl < 0.8 * unigram, "projected LM perplexity " + ppl + " vs unigram " + unigram);

        Path file = dir.resolve("projected-lm.zip");
        projected.save(file);
        WordLanguageModel loaded = WordLanguageModel.load(file);
        assertEquals(16, loaded.config().projectionSize());
        assertEquals(projected.perplexity(lmHeldOut.subList(0, 10)), loaded.perplexity(lmHeldOut.subList(0, 10)), 0.0);

        // The classifier takes the embedding and the LSTM; the projection belongs to the language model's softmax.
        TextClassifier clf = TextClassifier.fromLanguageModel(loaded, loaded.classifierConfig(),
                ImdbSample.balanced(AclImdb.Split.TRAIN, 5, 1), null, lmTraining);
        assertEquals(net.getLayer(0).params(), clf.network().getLayer(TextClassifier.EMBEDDING).params());
        assertEquals(net.getLayer(1).params(), clf.network().getLayer(TextClassifier.recurrentName(0)).params());
    }

    @Test
    void aConfigSavedBeforeProjectionsExistedHasNoneAndANegativeSizeIsRefused() {
        String json = Json.write(WordLmConfig.defaults()).replaceAll(",\\s*\"projectionSize\"\\s*:\\s*0", "");
        assertFalse(json.contains("projectionSize"), json);
        assertEquals(WordLmConfig.defaults(), Json.read(json, WordLmConfig.class, "old config"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordLmConfig.defaults().withProjectionSize(-1));
        assertTrue(e.getMessage().contains("projectionSize") && e.getMessage().contains("-1"), e.getMessage());
    }
}
