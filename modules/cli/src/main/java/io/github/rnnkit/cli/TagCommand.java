package io.github.rnnkit.cli;

import io.github.rnnkit.presets.tagging.SequenceTagger;
import io.github.rnnkit.presets.tagging.TagPrediction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit tag BUNDLE [FILE]}: tag whitespace-tokenized sentences with a saved tagger. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Tag sentences with a saved tagger (rnnkit train tagger). Input: a UTF-8 text file, or",
                "standard input, one sentence per line, tokens separated by whitespace. Output: one line per",
                "sentence of word/TAG tokens (word/TAG/probability with --probabilities). A blank input line",
                "gives a blank output line (counted on standard error)."})
final class TagCommand implements Callable<Integer> {
    private static final int CHUNK = 4096;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a tagger bundle written by rnnkit train tagger")
    Path bundle;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "sentences to tag (default: standard input)")
    Path file;

    @Option(names = "--probabilities", description = "append each tag's probability: word/TAG/0.998")
    boolean probabilities;

    @Override
    public Integer call() throws Exception {
        SequenceTagger tagger = SequenceTagger.load(bundle);      // refuses a bundle of another preset, naming both
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file.toAbsolutePath());
        }
        String source = file == null ? "<stdin>" : file.toString();
        PrintWriter o = spec.commandLine().getOut();
        long sentences = 0;
        long tokens = 0;
        long blank = 0;
        long t0 = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file == null ? System.in
                : Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            List<List<String>> chunk = new ArrayList<>();
            long lineNo = 0;
            String line;
            while (true) {
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
                String trimmed = line.strip();
                chunk.add(trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("(?U)\\s+")));
                if (chunk.size() == CHUNK) {
                    long[] counts = write(tagger, chunk, o);
                    sentences += counts[0];
                    tokens += counts[1];
                    blank += counts[2];
                    chunk.clear();
                }
            }
            long[] counts = write(tagger, chunk, o);
            sentences += counts[0];
            tokens += counts[1];
            blank += counts[2];
        }
        o.flush();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "tagged %d sentences, %d tokens (%.0f tokens/s)%s%n", sentences, tokens,
                tokens / Math.max(seconds, 1e-9), blank == 0 ? "" : "; " + blank + " blank line(s) left blank");
        return 0;
    }

    /** Tags and prints a chunk of lines; returns {sentences, tokens, blank lines}. */
    private long[] write(SequenceTagger tagger, List<List<String>> lines, PrintWriter o) {
        List<List<String>> sentences = lines.stream().filter(l -> !l.isEmpty()).toList();
        List<List<TagPrediction>> tagged = tagger.tagAll(sentences);
        int next = 0;
        long tokens = 0;
        long blank = 0;
        for (List<String> l : lines) {
            if (l.isEmpty()) {
                o.println();
                blank++;
                continue;
            }
            StringBuilder s = new StringBuilder();
            for (TagPrediction p : tagged.get(next++)) {
                if (!s.isEmpty()) {
                    s.append(' ');
                }
                s.append(p.token()).append('/').append(p.tag());
                if (probabilities) {
                    s.append('/').append(String.format(Locale.ROOT, "%.3f", p.probability()));
                }
                tokens++;
            }
            o.println(s);
        }
        return new long[]{sentences.size(), tokens, blank};
    }
}
