package io.github.rnnkit.core.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngTest {
    @Test
    void readsAPlotItWrote(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("curve.png");
        new LinePlot("t", "x").add(new LinePlot.Series("y", new double[]{0, 1, 2}, new double[]{3, 1, 2}, false))
                .writePng(file, 320, 200);
        var image = Png.read(file);
        assertEquals(320, image.getWidth());
        assertEquals(200, image.getHeight());
    }

    @Test
    void namesAMissingFileOrOneThatIsNoImage(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IllegalArgumentException.class, () -> Png.read(dir.resolve("nope.png")));
        assertTrue(missing.getMessage().contains("nope.png"), missing.getMessage());
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image", StandardCharsets.UTF_8);
        var notImage = assertThrows(IllegalArgumentException.class, () -> Png.read(text));
        assertTrue(notImage.getMessage().contains("notes.png") && notImage.getMessage().contains("not an image"),
                notImage.getMessage());
    }
}
