package io.github.rnnkit.presets.charlm;

import io.github.rnnkit.core.train.ProgressBar;
import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.data.text.TextCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's library example, statement for statement, on a small text with a 3-second budget and a
 * small network. Keep the two in step: if this needs changing, so does README.md.
 */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRunsAsWritten(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("shakespeare.txt"),
                "ROMEO: But soft, what light through yonder window breaks?\n".repeat(200));
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());

        TextCorpus corpus = TextCorpus.scan(text);                                         // validated, streamed
        CharLmConfig config = CharLmConfig.defaults()
                .withSpec(CharLmConfig.defaults().spec().withDepth(1).withHiddenSize(32))  // small here, for speed
                .withSequenceLength(40);
        TrainingConfig training = TrainingConfig.defaults().withTbpttLength(20).withLearningRate(2e-3)
                .withMaxDuration(Duration.ofSeconds(3));
        CharLmData data = CharLmData.split(corpus, config);                                // train / validation / test tail
        CharLanguageModel lm = CharLanguageModel.create(config, data, training);
        lm.fit(data, training, List.of(new ProgressBar(quiet)), null);
        double bpc = lm.bitsPerCharacter(data.test());
        String generated = lm.generate("ROMEO: ", 300, new Sampling(0.8, 0, 42));
        lm.save(dir.resolve("charlm.zip"));                                                // CharLanguageModel.load(...)

        assertTrue(Double.isFinite(bpc) && bpc > 0, "bits per character " + bpc);
        assertEquals(300, generated.codePointCount(0, generated.length()));
        assertEquals(bpc, CharLanguageModel.load(dir.resolve("charlm.zip")).bitsPerCharacter(data.test()), 0.0);
    }
}
