package io.github.rnnkit.data.captioning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void aColourPngOfAnotherSizeIsResizedAndMadeGrayscale() throws Exception {
        BufferedImage img = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 56, 56);                       // top-left quarter white, the rest black
        g.dispose();
        Path file = dir.resolve("drawn.png");
        ImageIO.write(img, "png", file.toFile());
        CaptionedImage im = new ImageFiles(1, 56, 56).load(file);
        assertEquals(56 * 56, im.pixels().length);
        assertEquals("drawn.png", im.id());
        assertEquals(1f, im.pixels()[10 * 56 + 10], 0.02f);
        assertEquals(0f, im.pixels()[40 * 56 + 40], 0.02f);
        assertEquals(3 * 28 * 28, new ImageFiles(3, 28, 28).load(file).pixels().length);
    }

    @Test
    void notAnImageEmptyAndMissingFilesAreRefusedNamingThem() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.png"), "this is not an image\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageFiles(1, 56, 56).load(text));
        assertTrue(e.getMessage().contains("notes.png"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        e = assertThrows(IllegalArgumentException.class, () -> new ImageFiles(1, 56, 56).load(empty));
        assertTrue(e.getMessage().contains("empty.png"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> new ImageFiles(1, 56, 56).load(dir.resolve("gone.png")));
        assertThrows(IllegalArgumentException.class, () -> new ImageFiles(2, 56, 56));
    }
}
