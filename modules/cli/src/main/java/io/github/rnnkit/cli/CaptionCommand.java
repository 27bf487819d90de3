package io.github.rnnkit.cli;

import io.github.rnnkit.data.captioning.CaptionedImage;
import io.github.rnnkit.data.captioning.ImageFiles;
import io.github.rnnkit.presets.captioning.Caption;
import io.github.rnnkit.presets.captioning.CaptionGrid;
import io.github.rnnkit.presets.captioning.ImageCaptioner;
import io.github.rnnkit.presets.captioning.ImageEncoder;
import io.github.rnnkit.presets.seq2seq.Attention;
import io.github.rnnkit.presets.seq2seq.DecodeOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnkit caption BUNDLE IMAGE...}: write a caption for each image with a saved captioner. */
@Command(name = "caption", mixinStandardHelpOptions = true,
        description = {"Caption image files (PNG, JPEG, BMP, GIF, TIFF) with a saved captioner (rnnkit train captioner).",
                "Each image is decoded, resized to the model's image size and converted to its channel count",
                "(as in training). Output TSV, one line per caption: file, rank, caption, log-probability.",
                "Greedy by default; --beam K --nbest N for n-best lists."})
final class CaptionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a captioner bundle written by rnnkit train captioner")
    Path bundle;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "image files to caption")
    List<Path> images;

    @Option(names = "--beam", defaultValue = "1", description = "beam width, 1 for greedy (default: ${DEFAULT-VALUE})")
    int beam;

    @Option(names = "--nbest", defaultValue = "1", description = "captions per image, at most --beam (default: ${DEFAULT-VALUE})")
    int nbest;

    @Option(names = "--length-alpha", defaultValue = "0.6", description = "beam search length normalisation exponent, 0 for none (default: ${DEFAULT-VALUE})")
    double lengthAlpha;

    @Option(names = "--attention-png", paramLabel = "PNG", description = "also write the first image's attention, word by word, to this PNG")
    Path attentionPng;

    @Override
    public Integer call() throws Exception {
        DecodeOptions options = DecodeFlags.options(beam, nbest, lengthAlpha);
        ImageCaptioner model = ImageCaptioner.load(bundle);        // refuses a bundle of another preset, naming both
        if (attentionPng != null && model.config().attention() == Attention.NONE) {
            throw new RnnkitCli.UsageException("--attention-png: " + bundle + " was trained without attention");
        }
        ImageEncoder.Shape shape = model.encoder().shape();
        ImageFiles loader = new ImageFiles(shape.channels(), shape.height(), shape.width());
        List<CaptionedImage> loaded = new ArrayList<>(images.size());
        for (Path p : images) {
            loaded.add(loader.load(p));               // a missing file or a non-image is refused, naming it
        }
        List<List<Caption>> out = model.caption(loaded, options);
        PrintWriter o = spec.commandLine().getOut();
        for (int i = 0; i < images.size(); i++) {
            List<Caption> captions = out.get(i);
            for (int r = 0; r < captions.size(); r++) {
                o.printf(Locale.ROOT, "%s\t%d\t%s\t%.4f%n", images.get(i), r + 1, captions.get(r).text(),
                        captions.get(r).logProbability());
            }
        }
        o.flush();
        if (attentionPng != null) {
            CaptionGrid.writeAttention(attentionPng, loaded.get(0), model.attention(loaded.get(0)));
            spec.commandLine().getErr().printf(Locale.ROOT, "attention of %s: %s%n", images.get(0),
                    attentionPng.toAbsolutePath());
        }
        return 0;
    }
}
