package io.github.rnnkit.data.series;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesCsvTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static void assertMessage(String part, ThrowingRunnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void readsNamedAndIndexedColumnsAfterAHeader() throws IOException {
        Path p = write("load.csv", "date,load,\"temp\"\n2020-01-01,10.5,3\n2020-01-02,11,-1.5\n\n");
        NumericSeries s = SeriesCsv.read(p, List.of("load", "2"), MissingValues.REFUSE, ',');
        assertEquals(List.of("load", "temp"), s.columns());
        assertArrayEquals(new double[] {10.5, 11}, s.values(0));
        assertArrayEquals(new double[] {3, -1.5}, s.values(1));
        assertEquals("load", s.name());
        assertEquals(64, s.sha256().length());
    }

    @Test
    void withoutAHeaderEveryNumericColumnIsReadByIndex() throws IOException {
        Path p = write("raw.csv", "1,2\n3,4\n");
        NumericSeries s = SeriesCsv.read(p, List.of(), MissingValues.REFUSE, ',');
        assertEquals(List.of("0", "1"), s.columns());
        assertEquals(2, s.length());
    }

    @Test
    void aNonNumericCellNamesFileLineAndColumn() throws IOException {
        Path p = write("bad.csv", "t,value\n1,2.5\n2,abc\n");
        assertMessage("bad.csv:3: column 'value' (2) holds 'abc'", () ->
                SeriesCsv.read(p, List.of("value"), MissingValues.INTERPOLATE, ','));
        Path inf = write("inf.csv", "value\n1\nInfinity\n");
        assertMessage("inf.csv:3", () -> SeriesCsv.read(inf, List.of("value"), MissingValues.REFUSE, ','));
    }

    @Test
    void raggedRowsAreRefused() throws IOException {
        Path p = write("ragged.csv", "a,b\n1,2\n3\n");
        assertMessage("ragged.csv:3: the row has 1 field(s) but the header has 2", () ->
                SeriesCsv.read(p, List.of("a"), MissingValues.REFUSE, ','));
    }

    @Test
    void emptyMissingAndHeaderOnlyFilesAreRefused() throws IOException {
        assertMessage("is empty", () -> SeriesCsv.read(write("empty.csv", ""), List.of(), MissingValues.REFUSE, ','));
        assertMessage("is empty", () -> SeriesCsv.read(write("blank.csv", "\n \n"), List.of(), MissingValues.REFUSE,
                ','));
        assertMessage("no rows of data", () -> SeriesCsv.read(write("head.csv", "a,b\n"), List.of("a"),
                MissingValues.REFUSE, ','));
        assertMessage("does not exist", () -> SeriesCsv.read(dir.resolve("nope.csv"), List.of(), MissingValues.REFUSE,
                ','));
        Path p = write("cols.csv", "a,b\n1,2\n");
        assertMessage("has no column 'c'; its columns are [a, b]", () ->
                SeriesCsv.read(p, List.of("c"), MissingValues.REFUSE, ','));
        Files.write(dir.resolve("latin1.csv"), new byte[] {'a', '\n', '1', (byte) 0xE9, '\n'});
        assertMessage("not valid UTF-8", () -> SeriesCsv.read(dir.resolve("latin1.csv"), List.of(),
                MissingValues.REFUSE, ','));
    }

    @Test
    void missingValuesAreRefusedOrImputedAndCounted() throws IOException {
        Path p = write("gaps.csv", "t,v\n0,\"\"\n1,1\n2,NA\n3,\n4,3\n5,4\n6,.\n");
        assertMessage("gaps.csv:2: column 'v' (2) is missing a value", () ->
                SeriesCsv.read(p, List.of("v"), MissingValues.REFUSE, ','));
        NumericSeries linear = SeriesCsv.read(p, List.of("v"), MissingValues.INTERPOLATE, ',');
        assertArrayEquals(new double[] {1, 1, 5.0 / 3, 7.0 / 3, 3, 4, 4}, linear.values(0), 1e-12);
        assertEquals(4, linear.imputed());
        NumericSeries filled = SeriesCsv.read(p, List.of("v"), MissingValues.FORWARD_FILL, ',');
        assertArrayEquals(new double[] {1, 1, 1, 1, 3, 4, 4}, filled.values(0), 1e-12);
        Path none = write("none.csv", "v,w\n,1\n,2\n");
        assertMessage("holds no value at all", () -> SeriesCsv.read(none, List.of("v"), MissingValues.INTERPOLATE,
                ','));
    }

    @Test
    void semicolonDelimited() throws IOException {
        Path p = write("eu.csv", "a;b\n1;2\n3;4\n");
        assertArrayEquals(new double[] {2, 4}, SeriesCsv.read(p, List.of("b"), MissingValues.REFUSE, ';').values(0));
    }
}
