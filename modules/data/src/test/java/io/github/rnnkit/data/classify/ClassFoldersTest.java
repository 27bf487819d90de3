package io.github.rnnkit.data.classify;

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

class ClassFoldersTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void textsComeByLabelThenFileNameAndSkipLooseAndHiddenFiles() throws IOException {
        write("reviews/pos/b.txt", "Great.");
        write("reviews/pos/a.txt", "Fine.\n");
        write("reviews/neg/2.txt", "Dull.");
        write("reviews/neg/10.txt", "Awful.");
        write("reviews/neg/.DS_Store", "\u0000junk");
        write("reviews/.hidden/x.txt", "not a class");
        write("reviews/README", "a loose file");
        write("reviews/neg/nested/deeper.txt", "one level only");
        List<LabelledText> data = ClassFolders.read(dir.resolve("reviews"));
        assertEquals(List.of(
                new LabelledText("Awful.", "neg", "reviews/neg/10.txt"),
                new LabelledText("Dull.", "neg", "reviews/neg/2.txt"),
                new LabelledText("Fine.\n", "pos", "reviews/pos/a.txt"),
                new LabelledText("Great.", "pos", "reviews/pos/b.txt")), data);
    }

    @Test
    void aRootWithOneClassFolderIsRefused() throws IOException {
        write("reviews/pos/a.txt", "Fine.");
        write("reviews/notes.txt", "loose");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassFolders.read(dir.resolve("reviews")));
        assertMentions(e, "holds 1 class folder (pos)", "at least 2");
    }

    @Test
    void aRootThatIsNotAFolderIsRefused() throws IOException {
        Path file = write("file.txt", "x");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ClassFolders.read(file)),
                "file.txt", "is not a folder");
    }

    @Test
    void aBlankFileIsAnEmptyTextNamingTheFile() throws IOException {
        write("r/pos/a.txt", "Fine.");
        write("r/neg/empty.txt", " \n\t\n");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ClassFolders.read(dir.resolve("r"))),
                "empty.txt", "empty text");
    }

    @Test
    void anEmptyClassFolderIsRefused() throws IOException {
        write("r/pos/a.txt", "Fine.");
        write("r/neg/.gitkeep", "");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ClassFolders.read(dir.resolve("r"))),
                "neg", "holds no text files");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithFileAndLine() throws IOException {
        write("r/pos/a.txt", "Fine.");
        Path bad = dir.resolve("r/neg/latin1.txt");
        Files.createDirectories(bad.getParent());
        Files.write(bad, "first line\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ClassFolders.read(dir.resolve("r"))),
                "latin1.txt", "line 2", "0xef");
    }
}
