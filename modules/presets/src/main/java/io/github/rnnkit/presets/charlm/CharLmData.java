package io.github.rnnkit.presets.charlm;

import io.github.rnnkit.data.text.CodePointReader;
import io.github.rnnkit.data.text.TextCorpus;
import io.github.rnnkit.data.text.TextRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A text file cut into the three parts a character language model uses, in file order: training head,
 * validation slice, test tail. Nothing is shuffled across the cuts, so the test tail is text the model has
 * never seen (as in the compressor comparison of ../shared/BENCHMARKS.md: the last 10% given the rest).
 *
 * @param corpus     the scanned file
 * @param train      the training head
 * @param validation the slice between head and tail
 * @param test       the tail
 */
public record CharLmData(TextCorpus corpus, TextRegion train, TextRegion validation, TextRegion test) {
    private static final Logger log = LoggerFactory.getLogger(CharLmData.class);

    /**
     * Splits {@code corpus} by {@code config}'s fractions.
     *
     * @throws IllegalArgumentException when the training part is shorter than one window plus one character,
     *                                  or a held-out part is empty
     */
    public static CharLmData split(TextCorpus corpus, CharLmConfig config) throws IOException {
        long n = corpus.chars();
        long testStart = n - Math.round(n * config.testFraction());
        long validationStart = testStart - Math.round(n * config.validationFraction());
        long needed = config.sequenceLength() + 1L;
        if (validationStart < needed || testStart - validationStart < 2 || n - testStart < 2) {
            throw new IllegalArgumentException("text file " + corpus.file() + " has " + n + " characters: too short. "
                    + "The training part (" + Math.round((1 - config.validationFraction() - config.testFraction()) * 100)
                    + "% of it, " + validationStart + " characters) must hold at least one window of sequenceLength + 1 = "
                    + needed + " characters, and validation and test at least 2 each. Use a longer text or a "
                    + "shorter --seq-length.");
        }
        long[] cuts = corpus.byteOffsetsOfChars(validationStart, testStart);     // one pass over the file
        long vByte = cuts[0];
        long tByte = cuts[1];
        CharLmData data = new CharLmData(corpus,
                new TextRegion(corpus.file(), 0, vByte, validationStart),
                new TextRegion(corpus.file(), vByte, tByte, testStart - validationStart),
                new TextRegion(corpus.file(), tByte, corpus.bytes(), n - testStart));
        log.info("Split {}: {} training, {} validation, {} test characters", corpus.file().getFileName(),
                data.train.chars(), data.validation.chars(), data.test.chars());
        return data;
    }

    /** Character counts of the training part only (what the vocabulary is fitted on). */
    public Map<String, Long> trainingCharCounts() throws IOException {
        Map<String, Long> counts = new HashMap<>();
        try (CodePointReader r = new CodePointReader(train.file(), train.startByte(), train.endByte(), 1 << 16,
                null)) {
            for (int cp = r.next(); cp >= 0; cp = r.next()) {
                counts.merge(Character.toString(cp), 1L, Long::sum);
            }
        }
        return counts;
    }
}
