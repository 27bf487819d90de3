package io.github.rnnkit.data.imdb;

import io.github.rnnkit.core.Checks;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Large Movie Review Dataset (Maas et al. 2011) in its official layout,
 * {@code aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt}, read from the official {@code aclImdb_v1.tar.gz},
 * from ../shared/datasets/aclImdb-labelled.tar.gz (same layout, labelled part only), or from an extracted
 * folder (the one holding {@code aclImdb}, or {@code aclImdb} itself).
 *
 * <pre>{@code
 * Map<AclImdb.Split, List<Review>> data = AclImdb.read(Path.of("aclImdb_v1.tar.gz"));
 * }</pre>
 *
 * Reviews are returned in a fixed order (split, then negatives before positives, then id), so splits
 * derived from them are reproducible. The unlabelled part ({@code train/unsup}) and the other files
 * ({@code README}, {@code imdb.vocab}, bag-of-words {@code .feat} files, url lists) are skipped and counted
 * in the log. A review file with a malformed name, a rating that contradicts its folder, or bytes that are
 * not UTF-8 is refused with its path named.
 */
public final class AclImdb {
    private static final Logger log = LoggerFactory.getLogger(AclImdb.class);
    private static final Pattern REVIEW = Pattern.compile("(?:.*/)?aclImdb/(train|test)/(pos|neg)/([^/]+)");
    private static final Pattern NAME = Pattern.compile("(\\d{1,9})_(\\d{1,2})\\.txt");

    /** The official split. */
    public enum Split {
        TRAIN, TEST
    }

    private AclImdb() {
    }

    /**
     * Reads both splits.
     *
     * @param source a .tar.gz archive or a folder in the aclImdb layout
     * @throws IllegalArgumentException when the source is missing, holds no reviews, or a review is malformed
     */
    public static Map<Split, List<Review>> read(Path source) throws IOException {
        Checks.notNull(source, "source");
        if (!Files.exists(source)) {
            throw new IllegalArgumentException("IMDB data not found: " + source.toAbsolutePath() + " (expected "
                    + "aclImdb_v1.tar.gz or its extracted folder)");
        }
        Map<Split, List<Review>> out = new EnumMap<>(Split.class);
        out.put(Split.TRAIN, new ArrayList<>());
        out.put(Split.TEST, new ArrayList<>());
        long[] skipped = {0};
        if (Files.isDirectory(source)) {
            Path root = Files.isDirectory(source.resolve("aclImdb")) ? source : source.getParent();
            if (root == null || !Files.isDirectory(root.resolve("aclImdb"))) {
                throw new IllegalArgumentException("folder " + source + " is not in the aclImdb layout: it holds no "
                        + "aclImdb/ folder and is not one");
            }
            try (Stream<Path> files = Files.walk(root.resolve("aclImdb"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = root.relativize(f).toString().replace('\\', '/');
                    accept(name, f.toString(), () -> Files.readAllBytes(f), out, skipped);
                }
            }
        } else {
            try (InputStream fin = new BufferedInputStream(Files.newInputStream(source));
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(fin))) {
                TarArchiveEntry e;
                while ((e = tar.getNextTarEntry()) != null) {
                    if (e.isFile()) {
                        TarArchiveInputStream t = tar;
                        accept(e.getName(), source + "!/" + e.getName(), t::readAllBytes, out, skipped);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read IMDB archive " + source + " (expected a .tar.gz in "
                        + "the aclImdb layout): " + e.getMessage(), e);
            }
        }
        Comparator<Review> order = Comparator.comparing(Review::positive).thenComparingInt(Review::id);
        out.values().forEach(list -> list.sort(order));
        if (out.get(Split.TRAIN).isEmpty() && out.get(Split.TEST).isEmpty()) {
            throw new IllegalArgumentException(source + " holds no reviews under aclImdb/{train,test}/{pos,neg}/");
        }
        log.info("Read IMDB from {}: {} training and {} test reviews; {} other files skipped (unlabelled reviews, "
                + "vocabulary, feature files)", source, out.get(Split.TRAIN).size(), out.get(Split.TEST).size(), skipped[0]);
        return out;
    }

    @FunctionalInterface
    private interface Bytes {
        byte[] get() throws IOException;
    }

    /**
     * @param entry the path inside the layout, matched against it
     * @param where the file for messages: its path, or ARCHIVE!/ENTRY
     */
    private static void accept(String entry, String where, Bytes bytes, Map<Split, List<Review>> out, long[] skipped)
            throws IOException {
        Matcher m = REVIEW.matcher(entry);
        if (!m.matches()) {
            skipped[0]++;
            return;
        }
        Matcher n = NAME.matcher(m.group(3));
        if (!n.matches()) {
            throw new IllegalArgumentException("IMDB review file " + where + " is not named <id>_<rating>.txt (an id "
                    + "of up to 9 digits, a rating of 1-10)");
        }
        boolean positive = m.group(2).equals("pos");
        int rating = Integer.parseInt(n.group(2));
        if (positive ? (rating < 7 || rating > 10) : (rating < 1 || rating > 4)) {
            throw new IllegalArgumentException("IMDB review file " + where + " has rating " + rating + " but lies in "
                    + m.group(2) + "/ (positive reviews are rated 7-10, negative 1-4)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.get())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("IMDB review file " + where + " is not valid UTF-8", e);
        }
        Split split = m.group(1).equals("train") ? Split.TRAIN : Split.TEST;
        out.get(split).add(new Review(split, Integer.parseInt(n.group(1)), rating, positive, text));
    }
}
