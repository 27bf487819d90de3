package io.github.rnnkit.presets.charlm;

import io.github.rnnkit.core.RecurrentCell;
import io.github.rnnkit.core.RecurrentSpec;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.text.CodePointReader;
import io.github.rnnkit.data.text.MalformedTextException;
import io.github.rnnkit.data.text.TextCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trains on a small real subset: the first 40,000 characters of Brown's raw text. */
class CharLanguageModelTest {
    private static final CharLmConfig CONFIG = CharLmConfig.defaults()
            .withSpec(RecurrentSpec.of(RecurrentCell.LSTM, 64).withDepth(2)).withSequenceLength(50)
            .withMaxValidationChars(2_000);
    private static final TrainingConfig TRAINING = TrainingConfig.defaults().withEpochs(4).withBatchSize(16)
            .withLearningRate(0.01).withTbpttLength(25).withSeed(3);

    @TempDir
    static Path dir;
    static CharLmData data;
    static CharLanguageModel lm;
    static TrainingResult result;

    @BeforeAll
    static void trainOnASubsetOfBrown() throws IOException {
        DatasetStore store = DatasetStore.defaultStore();
        Path raw = BrownCorpus.fetch(store).rawText(store);
        Path subset = dir.resolve("brown-40k.txt");
        StringBuilder sb = new StringBuilder();
        try (CodePointReader r = CodePointReader.open(raw)) {
            for (int i = 0; i < 40_000; i++) {
                sb.appendCodePoint(r.next());
            }
        }
        Files.writeString(subset, sb, StandardCharsets.UTF_8);
        TextCorpus corpus = TextCorpus.scan(subset);
        data = CharLmData.split(corpus, CONFIG);
        lm = CharLanguageModel.create(CONFIG, data, TRAINING);
        result = lm.fit(data, TRAINING, List.of(), null);
    }

    @Test
    void learnsToBeatTheUnigramEntropyOnHeldOutText() throws IOException {
        double bpc = lm.bitsPerCharacter(data.test());
        double unigram = data.corpus().unigramEntropyBits();
        assertTrue(bpc < unigram - 0.8, "held-out BPC " + bpc + " vs unigram entropy " + unigram);
        assertTrue(result.bestValidation() < unigram, "validation BPC " + result.bestValidation());
    }

    @Test
    void generationIsReproducibleFromTheSeedAndUsesOnlyKnownCharacters() {
        String a = lm.generate("The ", 80, new Sampling(0.8, 0, 7));
        String b = lm.generate("The ", 80, new Sampling(0.8, 0, 7));
        String c = lm.generate("The ", 80, new Sampling(0.8, 0, 8));
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(80, a.codePointCount(0, a.length()));
        a.codePoints().forEach(cp -> assertTrue(lm.vocabulary().contains(Character.toString(cp))));
    }

    @Test
    void topOneSamplingIsGreedyAndIgnoresTheSeed() {
        assertEquals(lm.generate("of the", 30, new Sampling(1.0, 1, 1)), lm.generate("of the", 30, new Sampling(1.0, 1, 2)));
    }

    @Test
    void aSavedModelPredictsExactlyAsBeforeAfterLoading() throws IOException {
        Path file = dir.resolve("lm.zip");
        lm.save(file);
        CharLanguageModel loaded = CharLanguageModel.load(file);
        assertEquals(lm.vocabulary(), loaded.vocabulary());
        assertEquals(lm.config(), loaded.config());
        assertEquals(lm.bitsPerCharacter(data.test()), loaded.bitsPerCharacter(data.test()), 0.0);
        Sampling s = new Sampling(0.9, 5, 11);
        assertEquals(lm.generate("He said", 60, s), loaded.generate("He said", 60, s));
        assertEquals("charlm", loaded.provenance().preset());
        assertEquals(data.corpus().sha256(), loaded.provenance().datasetSha256());
    }

    @Test
    void temperatureMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sampling(0, 0, 1));
        assertEquals("temperature must be a finite number > 0, got 0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sampling(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(Double.NaN, 0, 1));
    }

    @Test
    void textShorterThanOneWindowIsRefused(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("short.txt"), "hello world, hello rnn\n".repeat(3));
        TextCorpus corpus = TextCorpus.scan(f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CharLmData.split(corpus, CharLmConfig.defaults()));
        assertTrue(e.getMessage().contains("short.txt") && e.getMessage().contains("too short")
                && e.getMessage().contains("201"), e.getMessage());
    }

    @Test
    void emptyAndNonUtf8FilesAreRefusedBeforeTraining(@TempDir Path tmp) throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.txt"));
        assertThrows(IllegalArgumentException.class, () -> TextCorpus.scan(empty));
        Path latin1 = Files.write(tmp.resolve("latin1.txt"), "na\u00efve".getBytes(StandardCharsets.ISO_8859_1));
        assertThrows(MalformedTextException.class, () -> TextCorpus.scan(latin1));
    }

    @Test
    void aBidirectionalSpecIsRefusedForALanguageModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CONFIG.withSpec(
                CONFIG.spec().withBidirectional(io.github.rnnkit.core.BidirectionalMode.CONCAT)));
        assertTrue(e.getMessage().contains("spec.bidirectional"), e.getMessage());
    }
}
