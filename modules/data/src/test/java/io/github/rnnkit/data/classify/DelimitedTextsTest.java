package io.github.rnnkit.data.classify;

import io.github.rnnkit.data.classify.DelimitedTexts.Column;
import io.github.rnnkit.data.classify.DelimitedTexts.Delimiter;
import io.github.rnnkit.data.classify.DelimitedTexts.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelimitedTextsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private IllegalArgumentException refused(Path file, Options options) {
        return assertThrows(IllegalArgumentException.class, () -> DelimitedTexts.read(file, options));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void quotedCsvFieldsKeepCommasQuotesAndBackslashes() throws IOException {
        Path file = write("reviews.csv", """
                "Loved it, really.",pos
                "She said ""meh"" twice",neg
                C:\\temp\\notes,neg
                plain text , pos
                """);
        List<LabelledText> data = DelimitedTexts.read(file, Options.columns(0, 1));
        assertEquals(List.of(
                new LabelledText("Loved it, really.", "pos", "reviews.csv:1"),
                new LabelledText("She said \"meh\" twice", "neg", "reviews.csv:2"),
                new LabelledText("C:\\temp\\notes", "neg", "reviews.csv:3"),
                new LabelledText("plain text ", "pos", "reviews.csv:4")), data);
    }

    @Test
    void anEmptyQuotedFieldAfterAnotherLineStaysEmpty() throws IOException {
        // DataVec's CSVRecordReader reuses one parser and reads the second line's "" as a lone quote
        Path file = write("quotes.csv", "good,pos\n\"\",neg\n");
        assertMentions(refused(file, Options.columns(1, 0)), "quotes.csv:2: empty label in the label column 0");
        Path doubled = write("doubled.csv", "good,pos\n\"\"\"\",neg\n");
        assertEquals(new LabelledText("\"", "neg", "doubled.csv:2"),
                DelimitedTexts.read(doubled, Options.columns(0, 1)).get(1));
    }

    @Test
    void tsvWithAHeaderTakesColumnsByName() throws IOException {
        Path file = write("sms.tsv", "id\tlabel\ttext\n"
                + "1\tham\t\"Call me, ok?\"\n"
                + "2\tspam\tWIN a \"prize\" now\n");
        List<LabelledText> data = DelimitedTexts.read(file, Options.header("text", "label"));
        assertEquals(List.of(
                new LabelledText("Call me, ok?", "ham", "sms.tsv:2"),
                new LabelledText("WIN a \"prize\" now", "spam", "sms.tsv:3")), data);
    }

    @Test
    void aHeaderCanBeSkippedWhileColumnsAreGivenByIndex() throws IOException {
        Path file = write("data.csv", "\uFEFFlabel,text\nneg,Dull.\npos,Fine.\n");
        assertEquals(List.of(new LabelledText("Dull.", "neg", "data.csv:2"),
                        new LabelledText("Fine.", "pos", "data.csv:3")),
                DelimitedTexts.read(file, Options.columns(1, 0).withHeader(true)));
        // the byte-order mark does not stick to the first header name
        assertEquals(2, DelimitedTexts.read(file, Options.header("text", "label")).size());
    }

    @Test
    void aRowWithoutTheLabelColumnIsRefusedWithFileAndLine() throws IOException {
        Path file = write("reviews.csv", "good,pos\nbad,neg\n\"only text\"\n");
        IllegalArgumentException e = refused(file, Options.columns(0, 1));
        assertMentions(e, "reviews.csv:3: row has 1 column, the label column is 1", "[\"only text\"]");
    }

    @Test
    void aRowWithMoreColumnsThanTheFirstIsRefused() throws IOException {
        Path file = write("reviews.csv", "good,pos\ngood, but long,neg\n");
        IllegalArgumentException e = refused(file, Options.columns(0, 1));
        assertMentions(e, "reviews.csv:2: row has 3 columns but the first row has 2");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithFileAndLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "good,pos\ncaf\u00e9,neg\n".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = refused(file, Options.columns(0, 1));
        assertMentions(e, "latin1.csv", "line 2", "0xe9", "UTF-8");
    }

    @Test
    void anEmptyTextIsRefusedWithFileAndLine() throws IOException {
        Path file = write("reviews.csv", "good,pos\n\"\",neg\n");
        assertMentions(refused(file, Options.columns(0, 1)), "reviews.csv:2: empty text");
        Path blankText = write("blank.csv", "good,pos\n   ,neg\n");
        assertMentions(refused(blankText, Options.columns(0, 1)), "blank.csv:2: empty text");
        Path noLabel = write("nolabel.csv", "good,pos\nbad, \n");
        assertMentions(refused(noLabel, Options.columns(0, 1)), "nolabel.csv:2: empty label");
    }

    @Test
    void aLineBreakInsideQuotesIsRefusedRatherThanMisread() throws IOException {
        Path file = write("multi.csv", "good,pos\n\"two\nlines\",neg\nlast,pos\n");
        IllegalArgumentException e = refused(file, Options.columns(0, 1));
        assertMentions(e, "multi.csv:2: a quoted field is not closed on this line", "[\"two]");
    }

    @Test
    void blankLinesAndCrLfLineEndsAreNoRecords() throws IOException {
        Path file = write("crlf.csv", "a,pos\r\n\r\nb,neg\r\n\r\n\r\n");
        assertEquals(List.of(new LabelledText("a", "pos", "crlf.csv:1"), new LabelledText("b", "neg", "crlf.csv:3")),
                DelimitedTexts.read(file, Options.columns(0, 1)));
    }

    @Test
    void aHeaderNameThatIsMissingListsTheHeader() throws IOException {
        Path file = write("reviews.csv", "review,sentiment\ngood,pos\n");
        assertMentions(refused(file, Options.header("text", "sentiment")),
                "reviews.csv:1", "'text' is not in the header", "[review, sentiment]");
    }

    @Test
    void theDelimiterComesFromTheExtensionOrTheOptions() throws IOException {
        Path file = write("reviews.txt", "good\tpos\n");
        assertMentions(refused(file, Options.columns(0, 1)), "reviews.txt", ".csv", "COMMA or TAB");
        assertEquals(List.of(new LabelledText("good", "pos", "reviews.txt:1")),
                DelimitedTexts.read(file, Options.columns(0, 1).withDelimiter(Delimiter.TAB)));
    }

    @Test
    void optionsRefuseNamesWithoutAHeaderAndOneColumnForBoth() {
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
                () -> new Options(Column.named("text"), Column.at(1), false, Delimiter.COMMA));
        assertMentions(byName, "'text'", "header = true");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Options.columns(2, 2)),
                "both column 2");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Options.columns(-1, 2)),
                "index must be >= 0, got -1");
    }

    @Test
    void aFileWithOnlyAHeaderHoldsNoRecords() throws IOException {
        Path file = write("empty.csv", "text,label\n\n");
        assertMentions(refused(file, Options.header("text", "label")), "empty.csv holds no records after its header");
    }
}
