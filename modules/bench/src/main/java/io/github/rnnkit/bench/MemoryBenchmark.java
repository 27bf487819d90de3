package io.github.rnnkit.bench;

import io.github.rnnkit.core.train.TrainingConfig;
import io.github.rnnkit.core.train.TrainingResult;
import io.github.rnnkit.data.text.TextCorpus;
import io.github.rnnkit.presets.charlm.CharLanguageModel;
import io.github.rnnkit.presets.charlm.CharLmConfig;
import io.github.rnnkit.presets.charlm.CharLmData;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the char LM for a fixed number of batches on a text and reports peak heap and peak RSS, to show
 * that training memory is bounded by window x batch and not by the corpus's size. Run it once per corpus
 * size, each in a fresh JVM ({@code bench/memory.sh}).
 */
public final class MemoryBenchmark {
    private MemoryBenchmark() {
    }

    public static void run(Path text, int batches, CharLmConfig config, TrainingConfig training, PrintWriter out)
            throws IOException {
        TextCorpus corpus = TextCorpus.scan(text);
        CharLmData data = CharLmData.split(corpus, config);
        CharLmConfig c = config.withBatchesPerEpoch(batches).withMaxValidationChars(2_000);
        CharLanguageModel lm = CharLanguageModel.create(c, data, training.withEpochs(1));
        TrainingResult r = lm.fit(data, training.withEpochs(1), List.of(), null);
        out.printf(Locale.ROOT, "{\"text\":\"%s\",\"bytes\":%d,\"chars\":%d,\"batches\":%d,\"batch\":%d,"
                        + "\"window\":%d,\"peak_heap_mb\":%.1f,\"peak_rss_mb\":%.1f,\"javacpp_physical_mb\":%.1f,"
                        + "\"seconds\":%.1f}%n",
                text.getFileName(), corpus.bytes(), corpus.chars(), r.state().iteration(), training.batchSize(),
                c.sequenceLength(), MemoryProbe.peakHeapBytes() / 1048576.0, MemoryProbe.peakRssBytes() / 1048576.0,
                Pointer.physicalBytes() / 1048576.0, r.elapsed().toMillis() / 1000.0);
    }
}
