package io.github.rnnkit.cli;

import io.github.rnnkit.presets.sentiment.TextClassifier;
import io.github.rnnkit.presets.sentiment.TextClassifierEnsemble;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit predict BUNDLE "text" ...}: classify texts with a saved text classifier (or several, averaged). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify texts with a saved text classifier (rnnkit train sentiment).",
                "Prints one tab-separated line per text: the predicted class, then each class's probability."})
final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a classifier bundle written by rnnkit train sentiment")
    Path bundle;

    @Parameters(index = "1..*", paramLabel = "TEXT", description = "texts to classify")
    List<String> texts = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "also classify every line of this UTF-8 file (one text per line)")
    Path file;

    @Option(names = "--threshold",
            description = "two classes: predict the second class when its probability is at least this (default: the one saved with the model; 0.5 with --and)")
    Double threshold;

    @Option(names = "--and", paramLabel = "BUNDLE",
            description = "average the class probabilities with this classifier bundle's too (repeatable), e.g. the backward model of bench sentiment --both-directions")
    List<Path> and = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new RnnkitCli.UsageException("--threshold must be in (0, 1), got " + threshold);
        }
        List<String> all = new ArrayList<>(texts);
        if (file != null) {
            all.addAll(lines(file));
        }
        if (all.isEmpty()) {
            throw new RnnkitCli.UsageException("nothing to classify: give texts after the bundle, or --file FILE");
        }
        TextClassifierEnsemble classifier = ensemble(bundle, and);
        double[][] p = classifier.probabilities(all);
        List<String> predicted = classifier.predict(all, threshold != null ? threshold : classifier.defaultThreshold());
        PrintWriter o = spec.commandLine().getOut();
        o.println("class\t" + String.join("\t", classifier.classes().stream().map(c -> "p(" + c + ")").toList()) + "\ttext");
        for (int i = 0; i < all.size(); i++) {
            StringBuilder line = new StringBuilder(predicted.get(i));
            for (double v : p[i]) {
                line.append('\t').append(String.format(Locale.ROOT, "%.4f", v));
            }
            String t = all.get(i).replaceAll("\\s+", " ");
            o.println(line.append('\t').append(t.length() > 70 ? t.substring(0, 67) + "..." : t));
        }
        return 0;
    }

    /**
     * The classifier of {@code bundle}, with those of {@code others} (the mean of their probabilities); each load
     * refuses a bundle of another preset, naming both.
     */
    static TextClassifierEnsemble ensemble(Path bundle, List<Path> others) throws IOException {
        List<TextClassifier> members = new ArrayList<>();
        members.add(TextClassifier.load(bundle));
        for (Path other : others) {
            members.add(TextClassifier.load(other));
        }
        try {
            return TextClassifierEnsemble.of(members);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(bundle + " and --and " + others + ": " + e.getMessage(), e);
        }
    }

    /** The lines of a UTF-8 file; a blank line or bytes that are not UTF-8 are errors naming the line. */
    static List<String> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file);
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not valid UTF-8 text", e);
        }
        List<String> out = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        int last = lines.length;
        while (last > 0 && lines[last - 1].isBlank()) {
            last--;                                   // trailing newline(s)
        }
        for (int i = 0; i < last; i++) {
            if (lines[i].isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": empty line (one text per line; remove it)");
            }
            out.add(lines[i]);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty: no text to classify");
        }
        return out;
    }
}
