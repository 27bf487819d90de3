package io.github.rnnkit.cli;

import io.github.rnnkit.data.brown.BrownCorpus;
import io.github.rnnkit.data.brown.TaggedSentence;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.tagging.UniversalTagset;
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
 * {@code rnnkit train tagger / tag / evaluate} in-process on real Brown sentences written as TSV (universal tags),
 * and the clear errors a user meets with bad input.
 */
class TaggerCliTest {
    @TempDir
    static Path dir;
    static Path bundle;
    static Path testTsv;
    static Path trainTsv;
    static RnnkitCliTest.Result trained;

    static Path tsv(String name, List<TaggedSentence> sentences) throws IOException {
        List<String> lines = new ArrayList<>();
        for (TaggedSentence s : sentences) {
            for (int i = 0; i < s.length(); i++) {
                lines.add(s.words().get(i) + "\t" + s.tags().get(i));
            }
            lines.add("");
        }
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    @BeforeAll
    static void trainOnRealSentences() throws IOException {
        BrownCorpus brown = BrownCorpus.fetch(DatasetStore.defaultStore());
        List<TaggedSentence> train = new ArrayList<>();
        for (String id : List.of("ca01", "ca02", "ca03", "ca04", "cb01", "cb02", "cf01", "cf02")) {
            brown.sentences(id).forEach(s -> train.add(UniversalTagset.toUniversal(s)));
        }
        List<TaggedSentence> test = new ArrayList<>();
        for (String id : List.of("ca20", "cf20")) {
            brown.sentences(id).forEach(s -> test.add(UniversalTagset.toUniversal(s)));
        }
        trainTsv = tsv("train.tsv", train);
        testTsv = tsv("test.tsv", test);
        bundle = dir.resolve("tagger.zip");
        trained = RnnkitCliTest.run("train", "tagger", "--tsv", trainTsv.toString(), "--test", testTsv.toString(),
                "--hidden", "48", "--word-size", "48", "--char-size", "16", "--char-filters", "24", "--epochs", "5",
                "--batch", "16", "--lr", "0.003", "-o", bundle.toString());
    }

    @Test
    void trainingOnATsvOfRealSentencesBeatsTheBaselineAndSavesABundle() {
        assertEquals(0, trained.code(), trained.err());
        Matcher base = Pattern.compile("most-frequent-tag baseline: accuracy ([0-9.]+) on (\\d+) tokens")
                .matcher(trained.out());
        Matcher model = Pattern.compile("\\naccuracy ([0-9.]+) on (\\d+) tokens \\(known words [0-9.]+ on \\d+, "
                + "unknown words ([0-9.]+) on (\\d+)\\)").matcher(trained.out());
        assertTrue(base.find() && model.find(), trained.out());
        assertEquals(base.group(2), model.group(2), "both scored on the same tokens");
        assertTrue(Double.parseDouble(model.group(1)) > Double.parseDouble(base.group(1)), trained.out());
        assertTrue(Integer.parseInt(model.group(4)) > 100, "the test files have unknown words: " + trained.out());
        assertTrue(Files.isRegularFile(bundle));
        assertTrue(Files.isRegularFile(dir.resolve("tagger-metrics/confusion.png")), trained.out());
    }

    @Test
    void tagsAFileOneSentencePerLineKeepingBlankLines() throws IOException {
        Path text = Files.writeString(dir.resolve("input.txt"), "The jury said it did not find any evidence .\n\n"
                + "She  walked home\n", StandardCharsets.UTF_8);
        RnnkitCliTest.Result r = RnnkitCliTest.run("tag", bundle.toString(), text.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].startsWith("The/DET jury/NOUN said/VERB "), r.out());
        assertTrue(lines[0].endsWith("./."), r.out());
        assertEquals("", lines[1]);
        assertTrue(lines[2].matches("She/\\S+ walked/\\S+ home/\\S+"), r.out());
        RnnkitCliTest.Result p = RnnkitCliTest.run("tag", bundle.toString(), text.toString(), "--probabilities");
        assertTrue(p.out().split("\n")[0].matches("The/DET/[01]\\.\\d{3} jury/NOUN/.*"), p.out());
    }

    @Test
    void evaluatesABundleOnAFile() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("evaluate", bundle.toString(), "--tsv", testTsv.toString(),
                "--confusion", dir.resolve("eval-confusion.png").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("all of test.tsv:"), r.out());
        assertTrue(r.out().matches("(?s).*accuracy 0\\.\\d+ on \\d+ tokens.*NOUN.*"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("eval-confusion.png")));
    }

    @Test
    void aTagUnseenInTrainingIsCountedAtEvaluationNotACrash() throws IOException {
        Path odd = Files.writeString(dir.resolve("odd.tsv"), "The\tDET\ncat\tANIMAL\nsat\tVERB\n",
                StandardCharsets.UTF_8);
        RnnkitCliTest.Result r = RnnkitCliTest.run("evaluate", bundle.toString(), "--tsv", odd.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 tokens have a gold tag the tagger never saw in training (counted as errors): "
                + "{ANIMAL=1}"), r.out());
    }

    @Test
    void aTsvLineWithThreeColumnsIsAnErrorNamingFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("three.tsv"), "The\tDET\ncat\tNOUN\textra\n", StandardCharsets.UTF_8);
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "tagger", "--tsv", bad.toString(), "--epochs", "1",
                "-o", dir.resolve("never.zip").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("three.tsv:2") && r.err().contains("3 columns"), r.err());
    }

    @Test
    void aConlluLineWithTheWrongNumberOfFieldsIsAnErrorNamingFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.conllu"), "# text = The cat\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
                + "2\tcat\tcat\tNOUN\tNN\t_\t0\troot\n\n", StandardCharsets.UTF_8);
        RnnkitCliTest.Result r = RnnkitCliTest.run("evaluate", bundle.toString(), "--conllu", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.conllu:3") && r.err().contains("8"), r.err());
    }

    @Test
    void dataOptionsThatDoNotFitTogetherAreUsageErrors() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "tagger", "--test", testTsv.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dev and --test go with --conllu FILE or --tsv FILE"), r.err());
        RnnkitCliTest.Result lr = RnnkitCliTest.run("train", "tagger", "--tsv", testTsv.toString(), "--word-size", "0");
        assertEquals(2, lr.code());
        assertTrue(lr.err().contains("--word-size"), lr.err());
        RnnkitCliTest.Result ld = RnnkitCliTest.run("train", "tagger", "--tsv", testTsv.toString(), "--layer-dropout", "1.5");
        assertEquals(2, ld.code());
        assertTrue(ld.err().contains("--layer-dropout must be in [0, 1), got 1.5"), ld.err());
        RnnkitCliTest.Result ev = RnnkitCliTest.run("evaluate", bundle.toString(), "--tsv", trainTsv.toString(), "--test",
                testTsv.toString());
        assertEquals(2, ev.code());
        assertTrue(ev.err().contains("evaluate scores all of the --conllu/--tsv file"), ev.err());
    }

    @Test
    void benchPutsTheTaggerBesideOpenNlpAndTheBaselineOnTheSameTokens() throws IOException {
        Path out = dir.resolve("bench");
        RnnkitCliTest.Result r = RnnkitCliTest.run("bench", "tagging", "--tsv", trainTsv.toString(), "--test",
                testTsv.toString(), "--model", bundle.toString(), "--peer", "PERCEPTRON", "--peer-iterations", "5",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| model | accuracy | known words | unknown words | train time | tag tokens/s |"),
                r.out());
        assertTrue(r.out().matches("(?s).*\\| most frequent tag \\(unknown words: 'NOUN'\\) \\| 0\\.\\d{4} .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\| OpenNLP 2\\.5\\.11 POSTaggerME, PERCEPTRON, 5 iterations.*\\| 0\\.\\d{4} .*"),
                r.out());
        assertTrue(r.out().matches("(?s).*\\| rnnkit BiLSTM 1x48, words 48 \\+ char CNN 24 \\(width 3\\) \\(trained before this run\\) "
                + "\\| 0\\.\\d{4} .*"), r.out());
        try (var files = Files.list(out)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".md")).count());
        }
        RnnkitCliTest.Result other = RnnkitCliTest.run("bench", "tagging", "--tsv", testTsv.toString(), "--model",
                bundle.toString(), "--peer", "NONE", "--out", out.toString());
        assertEquals(1, other.code());
        assertTrue(other.err().contains("was trained on other sentences"), other.err());
    }
}
