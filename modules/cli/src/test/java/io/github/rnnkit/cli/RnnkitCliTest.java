package io.github.rnnkit.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real command line in-process: a tiny "hello" char LM that trains and generates in seconds. */
class RnnkitCliTest {
    @TempDir
    static Path dir;
    static Path text;
    static Path bundle;
    static Result trained;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RnnkitCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainTheHelloModel() throws IOException {
        text = Files.writeString(dir.resolve("hello.txt"), "hello world\n".repeat(400), StandardCharsets.UTF_8);
        bundle = dir.resolve("hello.zip");
        trained = run("train", "charlm", "--text", text.toString(), "-o", bundle.toString(), "--hidden", "24",
                "--layers", "1", "--seq-length", "24", "--tbptt", "12", "--batch", "16", "--epochs", "6",
                "--lr", "0.02", "--sample-length", "24", "--temperature", "0.5",
                "--checkpoint-dir", dir.resolve("ckpt").toString());
    }

    @Test
    void trainingReallyLearnsTheTextAndReportsBpcAgainstTheUnigramEntropy() {
        assertEquals(0, trained.code(), trained.err());
        Matcher bpc = Pattern.compile("held-out bits per character: ([0-9.]+)").matcher(trained.out());
        Matcher unigram = Pattern.compile("unigram character entropy of the text: ([0-9.]+)").matcher(trained.out());
        assertTrue(bpc.find() && unigram.find(), trained.out());
        assertTrue(Double.parseDouble(bpc.group(1)) < 1.0, "BPC " + bpc.group(1) + " on a text that repeats");
        // "hello world\n": seven characters once in 12, l three times, o twice
        double expected = 7.0 / 12 * log2(12) + 0.25 * 2 + 1.0 / 6 * log2(6);
        assertEquals(expected, Double.parseDouble(unigram.group(1)), 1e-4);
        assertTrue(Files.exists(bundle));
        assertTrue(Files.exists(dir.resolve("hello-metrics/metrics.jsonl")));
        assertTrue(Files.exists(dir.resolve("hello-metrics/training-curve.png")));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void generateContinuesThePrimeWithTheLearntText() {
        Result r = run("generate", bundle.toString(), "--prime", "hello wor", "--length", "14", "--top-k", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals("hello world\nhello world", r.out().strip());
    }

    @Test
    void evaluateReportsTheSameSplitAsTraining() {
        Result r = run("evaluate", bundle.toString(), "--text", text.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("bits per character") && r.out().contains("test tail of hello.txt"), r.out());
    }

    @Test
    void infoShowsPresetProvenanceAndConfig() {
        Result r = run("info", bundle.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("preset:      charlm"), r.out());
        assertTrue(r.out().contains("trained on:  hello.txt"), r.out());
        assertTrue(r.out().contains("\"hiddenSize\" : 24"), r.out());
    }

    @Test
    void resumingFromTheCheckpointDirectoryContinuesTheRun() {
        Result r = run("train", "charlm", "--text", text.toString(), "-o", dir.resolve("resumed.zip").toString(),
                "--resume", dir.resolve("ckpt").toString(), "--epochs", "7", "--batch", "16", "--tbptt", "12",
                "--sample-length", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("training stopped: COMPLETED"), r.out());
    }

    @Test
    void theCharLmTrainsWithAGruCellNamedInLowerCase() {
        Path gru = dir.resolve("gru.zip");
        Result r = run("train", "charlm", "--text", text.toString(), "--cell", "gru", "-o", gru.toString(), "--hidden",
                "16", "--layers", "1", "--seq-length", "24", "--tbptt", "12", "--batch", "16", "--epochs", "2",
                "--lr", "0.02", "--sample-length", "5");
        assertEquals(0, r.code(), r.err());
        Result info = run("info", gru.toString());
        assertTrue(info.out().contains("\"cell\" : \"GRU\""), info.out());
    }

    @Test
    void unknownPresetIsAUsageError() {
        Result r = run("train", "poetry");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown preset 'poetry'; available presets: charlm"), r.err());
    }

    @Test
    void missingBundleIsAFailureNamingTheFile() {
        Result r = run("generate", dir.resolve("missing.zip").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("model bundle not found") && r.err().contains("missing.zip"), r.err());
    }

    @Test
    void truncatedBundleIsAFailureNamingTheFile() throws IOException {
        byte[] all = Files.readAllBytes(bundle);
        Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(all, all.length - 100));
        Result r = run("info", cut.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cut.zip") && r.err().contains("truncated"), r.err());
    }

    @Test
    void nonPositiveTemperatureIsAUsageError() {
        Result r = run("generate", bundle.toString(), "--temperature", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--temperature must be a finite number > 0, got 0.0"), r.err());
        assertEquals(2, run("train", "charlm", "--temperature", "-1").code());
    }

    @Test
    void invalidTrainingOptionsAreUsageErrorsNamingTheOption() {
        Result lr = run("train", "charlm", "--text", text.toString(), "--lr", "0");
        assertEquals(2, lr.code());
        assertTrue(lr.err().contains("error: --lr must be a finite number > 0, got 0.0"), lr.err());
        Result hidden = run("train", "charlm", "--text", text.toString(), "--hidden", "0");
        assertEquals(2, hidden.code());
        assertTrue(hidden.err().contains("error: --hidden must be >= 1, got 0"), hidden.err());
        Result topK = run("generate", bundle.toString(), "--top-k", "-1");
        assertEquals(2, topK.code());
        assertTrue(topK.err().contains("error: --top-k must be >= 0, got -1"), topK.err());
        Result gru = run("train", "charlm", "--text", text.toString(), "--impl", "dl4j", "--cell", "gru");
        assertEquals(2, gru.code());
        assertTrue(gru.err().contains("error: --impl DL4J has no GRU cell; use impl RNNKIT (the default) for GRU"),
                gru.err());
    }

    @Test
    void emptyTextFileIsAFailure() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        Result r = run("train", "charlm", "--text", empty.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("empty.txt is empty"), r.err());
    }

    @Test
    void nonUtf8TextFileIsAFailureWithTheLine() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "ok\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Result r = run("train", "charlm", "--text", latin1.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not valid UTF-8 at line 2"), r.err());
    }

    @Test
    void textShorterThanOneWindowIsAFailure() throws IOException {
        Path tiny = Files.writeString(dir.resolve("tiny.txt"), "just a few words\n");
        Result r = run("train", "charlm", "--text", tiny.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("too short"), r.err());
    }

    @Test
    void gradcheckOfAllCellsWithTruncatedBpttAndMasksPasses() {
        Result r = run("gradcheck", "--cell", "all", "--tbptt", "5", "--masks");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("rnnkit Gru tBPTT(5) segment 2/2 vs true truncated gradient"), r.out());
        assertTrue(r.out().contains("[expected to FAIL]") && r.out().strip().endsWith("passed, 0 failed"), r.out());
    }

    @Test
    void gradcheckRefusesBadInputWithUsageErrors() {
        Result cell = run("gradcheck", "--cell", "transformer");
        assertEquals(2, cell.code());
        assertTrue(cell.err().contains("--cell must be one of rnn, lstm, gru, all; got 'transformer'"), cell.err());
        Result precision = run("gradcheck", "--precision", "float");
        assertEquals(2, precision.code());
        assertTrue(precision.err().contains("--precision must be double"), precision.err());
        Result hidden = run("gradcheck", "--hidden", "0");
        assertEquals(2, hidden.code());
        assertTrue(hidden.err().contains("--hidden must be >= 1, got 0"), hidden.err());
        Result tbptt = run("gradcheck", "--tbptt", "20");
        assertEquals(2, tbptt.code());
        assertTrue(tbptt.err().contains("--tbptt must be in [1, --steps = 8], got 20"), tbptt.err());
        assertEquals(2, run("gradcheck", "--tbptt", "0").code());
        assertEquals(2, run("gradcheck", "--tbptt", "-1").code());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][]{{"--help"}, {"train", "--help"}, {"train", "charlm", "--help"},
                {"evaluate", "--help"}, {"generate", "--help"}, {"data", "fetch", "--help"}, {"info", "--help"},
                {"gradcheck", "--help"}, {"bench", "charlm", "--help"}}) {
            Result r = run(cmd);
            assertEquals(0, r.code(), String.join(" ", cmd));
            assertTrue(r.out().contains("Usage:"), String.join(" ", cmd));
        }
    }

    /**
     * picocli passes every description line through String.format; a lone % (as in "5% of") makes it print a
     * warning on the console beside the help. Renders the help of every command, so that none does.
     */
    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarning() {
        PrintStream console = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        int commands = 0;
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            Deque<CommandLine> todo = new ArrayDeque<>(List.of(new CommandLine(new RnnkitCli())));
            while (!todo.isEmpty()) {
                CommandLine c = todo.pop();
                todo.addAll(c.getSubcommands().values());
                c.getUsageMessage();
                commands++;
            }
        } finally {
            System.setErr(console);
        }
        assertTrue(commands > 10, "only " + commands + " commands found");
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    }
}
