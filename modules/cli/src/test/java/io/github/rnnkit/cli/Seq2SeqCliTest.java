package io.github.rnnkit.cli;

import io.github.rnnkit.data.seq2seq.CmuDict;
import io.github.rnnkit.data.seq2seq.LexiconEntry;
import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnkit train seq2seq / translate / evaluate} in-process on real CMUdict entries written as TSV
 * (short words, a few thousand pairs), and the clear errors a user meets with bad input.
 */
class Seq2SeqCliTest {
    @TempDir
    static Path dir;
    static Path bundle;
    static Path testTsv;
    static RnnkitCliTest.Result trained;

    @BeforeAll
    static void trainOnRealDictionaryEntries() throws IOException {
        CmuDict dict = CmuDict.fetch(DatasetStore.defaultStore(), CmuDict.Stress.STRIP);
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        int n = 0;
        for (LexiconEntry e : dict.entries()) {
            if (!e.word().matches("[A-Z]{3,6}")) {
                continue;
            }
            String line = e.word() + "\t" + String.join(" ", e.pronunciations().get(0));
            (n++ % 10 == 0 ? test : train).add(line);
            if (train.size() >= 4000 && test.size() >= 200) {
                break;
            }
        }
        Path trainTsv = Files.write(dir.resolve("train.tsv"), train, StandardCharsets.UTF_8);
        testTsv = Files.write(dir.resolve("test.tsv"), test.subList(0, 200), StandardCharsets.UTF_8);
        bundle = dir.resolve("g2p.zip");
        trained = RnnkitCliTest.run("train", "seq2seq", "--pairs", trainTsv.toString(), "--test-pairs",
                testTsv.toString(), "--encoder-hidden", "48", "--decoder-hidden", "64", "--embedding", "24",
                "--epochs", "4", "--batch", "32", "--lr", "0.005", "--dropout", "0", "--beam", "3",
                "--max-length", "12", "-o", bundle.toString());
    }

    @Test
    void trainingOnRealEntriesLearnsPronunciationsAndSavesABundle() {
        assertEquals(0, trained.code(), trained.err());
        Matcher greedy = Pattern.compile("greedy: +WER ([0-9.]+)% +PER ([0-9.]+)%").matcher(trained.out());
        Matcher beam = Pattern.compile("beam 3: WER ([0-9.]+)% +PER ([0-9.]+)% +3-best oracle WER ([0-9.]+)%")
                .matcher(trained.out());
        assertTrue(greedy.find() && beam.find(), trained.out());
        // an untrained decoder is wrong on nearly every phoneme; a few seconds of training gets most right
        assertTrue(Double.parseDouble(greedy.group(2)) < 45, trained.out());
        assertTrue(Double.parseDouble(beam.group(1)) <= Double.parseDouble(greedy.group(1)) + 2, trained.out());
        assertTrue(Files.isRegularFile(bundle));
        assertTrue(Files.isRegularFile(dir.resolve("g2p-metrics/attention-1.png")), trained.out());
        assertTrue(Files.isRegularFile(dir.resolve("g2p-metrics/training-curve.png")), trained.out());
    }

    @Test
    void translateWritesNBestTsvAndCountsUnseenSymbols() throws IOException {
        Path words = Files.write(dir.resolve("words.txt"), List.of("CAT", "", "DOGS", "ÆÐ"), StandardCharsets.UTF_8);
        RnnkitCliTest.Result r = RnnkitCliTest.run("translate", bundle.toString(), words.toString(), "--beam", "3",
                "--nbest", "2", "--attention-png", dir.resolve("cat.png").toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(6, lines.length, r.out());
        String[] first = lines[0].split("\t");
        assertEquals("CAT", first[0]);
        assertEquals("1", first[1]);
        assertTrue(first[2].matches("[A-Z]+( [A-Z]+)*"), first[2]);
        assertTrue(Double.parseDouble(first[3]) <= 0);
        assertEquals("2", lines[1].split("\t")[1]);
        assertTrue(r.err().contains("1 blank line(s) skipped"), r.err());
        assertTrue(r.err().contains("2 symbol(s) unseen in training read as UNK"), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("cat.png")));
    }

    @Test
    void badInputIsAClearErrorNamingTheFileAndLine() throws IOException {
        RnnkitCliTest.Result beam = RnnkitCliTest.run("translate", bundle.toString(), "--beam", "0");
        assertEquals(2, beam.code());
        assertTrue(beam.err().contains("--beam must be >= 1, got 0"), beam.err());
        RnnkitCliTest.Result nbest = RnnkitCliTest.run("translate", bundle.toString(), "--beam", "2", "--nbest", "3");
        assertEquals(2, nbest.code());
        assertTrue(nbest.err().contains("--nbest must be in [1, --beam = 2], got 3"), nbest.err());
        Path tab = Files.write(dir.resolve("tab.txt"), List.of("CAT", "DOG\tX"), StandardCharsets.UTF_8);
        RnnkitCliTest.Result tabbed = RnnkitCliTest.run("translate", bundle.toString(), tab.toString());
        assertTrue(tabbed.err().contains("tab.txt: line 2 holds a tab"), tabbed.err());
        RnnkitCliTest.Result units = RnnkitCliTest.run("train", "seq2seq", "--source-units", "TOKENS",
                "-o", dir.resolve("z.zip").toString());
        assertEquals(2, units.code());
        assertTrue(units.err().contains("--source-units/--target-units go with --pairs FILE"), units.err());
        RnnkitCliTest.Result stress = RnnkitCliTest.run("evaluate", bundle.toString(), "--no-strip-stress");
        assertEquals(2, stress.code());
        assertTrue(stress.err().contains("the model writes phonemes without stress digits; pass --strip-stress"),
                stress.err());

        Path longWord = Files.write(dir.resolve("long.txt"), List.of("CAT", "SUPERCALIFRAGILISTIC"),
                StandardCharsets.UTF_8);
        RnnkitCliTest.Result refused = RnnkitCliTest.run("translate", bundle.toString(), longWord.toString());
        assertTrue(refused.code() != 0);
        assertTrue(refused.err().contains("long.txt: line 2") && refused.err().contains("maxSourceLength = 12"),
                refused.err());
        RnnkitCliTest.Result cut = RnnkitCliTest.run("translate", bundle.toString(), longWord.toString(),
                "--overlong", "TRUNCATE");
        assertEquals(0, cut.code(), cut.err());
        assertTrue(cut.err().contains("1 input(s) cut to the maximum length"), cut.err());

        Path noTab = Files.write(dir.resolve("notab.tsv"), List.of("CAT\tK AE T", "DOG D AO G"),
                StandardCharsets.UTF_8);
        RnnkitCliTest.Result malformed = RnnkitCliTest.run("train", "seq2seq", "--pairs", noTab.toString(),
                "-o", dir.resolve("x.zip").toString());
        assertTrue(malformed.code() != 0);
        assertTrue(malformed.err().contains("notab.tsv:2"), malformed.err());
        Path emptySide = Files.write(dir.resolve("empty.tsv"), List.of("CAT\tK AE T", "DOG\t "),
                StandardCharsets.UTF_8);
        RnnkitCliTest.Result empty = RnnkitCliTest.run("train", "seq2seq", "--pairs", emptySide.toString(),
                "-o", dir.resolve("y.zip").toString());
        assertTrue(empty.err().contains("empty.tsv:2"), empty.err());
    }

    @Test
    void evaluateScoresAHeldOutFileWithTheSameNumbersAsTraining() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("evaluate", bundle.toString(), "--pairs", testTsv.toString(),
                "--beam", "3", "--metrics-dir", dir.resolve("eval").toString());
        assertEquals(0, r.code(), r.err());
        Matcher greedyEval = Pattern.compile("greedy: +WER ([0-9.]+)%").matcher(r.out());
        Matcher greedyTrain = Pattern.compile("greedy: +WER ([0-9.]+)%").matcher(trained.out());
        assertTrue(greedyEval.find() && greedyTrain.find(), r.out());
        assertEquals(greedyTrain.group(1), greedyEval.group(1));
    }
}
