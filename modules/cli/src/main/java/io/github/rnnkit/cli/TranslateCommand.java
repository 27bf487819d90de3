package io.github.rnnkit.cli;

import io.github.rnnkit.data.seq2seq.Overlong;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import io.github.rnnkit.presets.seq2seq.Seq2SeqModel;
import io.github.rnnkit.presets.seq2seq.Translation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit translate BUNDLE [FILE]}: decode inputs with a saved seq2seq model. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = {"Decode inputs with a saved seq2seq model (rnnkit train seq2seq): a UTF-8 file or standard",
                "input, one source per line (for G2P: one word per line). Output TSV, one line per output:",
                "input, rank, output symbols (space-separated), log-probability. Greedy by default; --beam K",
                "--nbest N for n-best lists. Symbols unseen in training read as UNK and are counted on standard",
                "error; blank lines are skipped and counted."})
final class TranslateCommand implements Callable<Integer> {
    private static final int CHUNK = 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a seq2seq bundle written by rnnkit train seq2seq")
    Path bundle;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "sources, one per line (default: standard input)")
    Path file;

    @Option(names = "--beam", defaultValue = "1", description = "beam width, 1 for greedy (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = "--nbest", defaultValue = "1", description = "outputs per input, at most --beam (default: ${DEFAULT-VALUE})")
    int nbest;

    @Option(names = "--length-alpha", defaultValue = "0.6",
            description = "beam search length normalisation exponent, 0 for none (default: ${DEFAULT-VALUE})")
    double lengthAlpha;

    @Option(names = "--overlong", description = "an input longer than the model's maximum: REFUSE or TRUNCATE (default: the model's setting)")
    Overlong overlong;

    @Option(names = "--attention-png", paramLabel = "PNG",
            description = "also write the attention map of the first input to this PNG")
    Path attentionPng;

    @Override
    public Integer call() throws Exception {
        DecodeOptions flags = DecodeFlags.options(beam, nbest, lengthAlpha);
        Seq2SeqModel model = Seq2SeqModel.load(bundle);            // refuses a bundle of another preset, naming both
        if (attentionPng != null && model.config().attention() == io.github.rnnkit.presets.seq2seq.Attention.NONE) {
            throw new RnnkitCli.UsageException("--attention-png: " + bundle + " was trained without attention");
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file.toAbsolutePath());
        }
        DecodeOptions options = flags.withOverlong(overlong);
        String source = file == null ? "<stdin>" : file.toString();
        PrintWriter o = spec.commandLine().getOut();
        long[] totals = new long[4];        // inputs, blank lines, unknown symbols, truncated inputs
        long t0 = System.nanoTime();
        String first = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file == null ? System.in
                : Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            List<String> chunk = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            long lineNo = 0;
            while (true) {
                String line;
                try {
                    line = in.readLine();
                } catch (MalformedInputException e) {
                    throw new IllegalArgumentException(source + ": bytes that are not UTF-8 at or after line "
                            + (lineNo + 1));
                }
                if (line == null) {
                    break;
                }
                lineNo++;
                String text = line.strip();
                if (text.indexOf('\t') >= 0) {
                    throw new IllegalArgumentException(source + ": line " + lineNo + " holds a tab; translate reads "
                            + "one source per line (the output is tab-separated)");
                }
                if (text.isEmpty()) {
                    totals[1]++;
                    continue;
                }
                first = first == null ? text : first;
                chunk.add(text);
                lines.add(lineNo);
                if (chunk.size() == CHUNK) {
                    write(model, options, chunk, lines, source, o, totals);
                    chunk.clear();
                    lines.clear();
                }
            }
            write(model, options, chunk, lines, source, o, totals);
        }
        o.flush();
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter e = spec.commandLine().getErr();
        e.printf(Locale.ROOT, "decoded %d input(s) (%.0f/s, %s)%s%s%s%n", totals[0],
                totals[0] / Math.max(seconds, 1e-9), beam == 1 ? "greedy" : "beam " + beam,
                totals[1] == 0 ? "" : "; " + totals[1] + " blank line(s) skipped",
                totals[2] == 0 ? "" : "; " + totals[2] + " symbol(s) unseen in training read as UNK",
                totals[3] == 0 ? "" : "; " + totals[3] + " input(s) cut to the maximum length");
        if (attentionPng != null && first != null) {
            model.attention(first, options.overlong() == null ? model.config().overlong() : options.overlong())
                    .writePng(attentionPng, "attention: " + first);
            e.printf(Locale.ROOT, "attention map of '%s': %s%n", first, attentionPng.toAbsolutePath());
        }
        e.flush();
        return 0;
    }

    private static void write(Seq2SeqModel model, DecodeOptions options, List<String> inputs, List<Long> lines,
                              String source, PrintWriter o, long[] totals) {
        if (inputs.isEmpty()) {
            return;
        }
        List<List<Translation>> out;
        try {
            out = model.translate(inputs, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + lineOf(e.getMessage(), lines), e);
        }
        for (int i = 0; i < inputs.size(); i++) {
            int rank = 1;
            for (Translation t : out.get(i)) {
                o.printf(Locale.ROOT, "%s\t%d\t%s\t%.4f%n", inputs.get(i), rank++, t.text(), t.logProbability());
            }
        }
        totals[0] += inputs.size();
        totals[2] += model.lastUnknownSymbols().occurrences(io.github.rnnkit.data.seq2seq.Seq2SeqVocabularies.Side.SOURCE);
        totals[3] += model.lastTruncatedInputs();
    }

    /** "input 3 (...): ..." from the model becomes "line 17 (...): ...". */
    private static String lineOf(String message, List<Long> lines) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^input (\\d+)").matcher(message);
        if (m.find()) {
            int index = Integer.parseInt(m.group(1)) - 1;
            if (index >= 0 && index < lines.size()) {
                return "line " + lines.get(index) + message.substring(m.end());
            }
        }
        return message;
    }
}
