package io.github.rnnkit.cli;

import io.github.rnnkit.data.captioning.CaptionGrammar;
import io.github.rnnkit.data.captioning.LabelledImages;
import io.github.rnnkit.data.captioning.TileLibrary;
import io.github.rnnkit.data.store.DatasetStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnnkit train captioner / caption / evaluate} in-process on a small set of real-tile scenes, a PNG composed
 * here by hand (not by the scene generator), and the clear errors a user meets with bad image files.
 */
class CaptionerCliTest {
    @TempDir
    static Path dir;
    static Path bundle;
    static RnnkitCliTest.Result trained;

    @BeforeAll
    static void trainOnSmallScenes() {
        bundle = dir.resolve("cap.zip");
        trained = RnnkitCliTest.run("train", "captioner", "--scenes", "1500", "--validation-scenes", "100",
                "--test-scenes", "100", "--tiles", "4000", "--tile-epochs", "1", "--hidden", "96", "--embedding", "32",
                "--image-vector", "96", "--epochs", "6", "--batch", "32", "--lr", "0.003", "--dropout", "0",
                "--beam", "3", "-o", bundle.toString());
    }

    @Test
    void trainingOnScenesBeatsTheBaselineAndWritesTheFigures() {
        assertEquals(0, trained.code(), trained.err());
        Matcher base = Pattern.compile("iid +baseline: BLEU-1..4 [0-9.]+ [0-9.]+ [0-9.]+ ([0-9.]+)").matcher(trained.out());
        Matcher greedy = Pattern.compile("iid +greedy: +BLEU-1..4 [0-9.]+ [0-9.]+ [0-9.]+ ([0-9.]+)").matcher(trained.out());
        assertTrue(base.find() && greedy.find(), trained.out());
        assertTrue(Double.parseDouble(greedy.group(1)) > Double.parseDouble(base.group(1)) + 0.1, trained.out());
        assertTrue(trained.out().contains("compositional gap"), trained.out());
        assertTrue(Files.isRegularFile(dir.resolve("cap-metrics/captions-iid.png")), trained.out());
        assertTrue(Files.isRegularFile(dir.resolve("cap-metrics/attention-iid-1.png")), trained.out());
    }

    /** Two real test tiles placed by this test: a digit above a bag, on a 112x112 RGB canvas (resized on load). */
    static Path composedPng() throws IOException {
        TileLibrary tiles = TileLibrary.fetch(DatasetStore.defaultStore());
        LabelledImages test = tiles.tileSet(TileLibrary.Split.TEST);
        int digit = -1;
        int bag = -1;
        for (int i = 0; i < test.size() && (digit < 0 || bag < 0); i++) {
            digit = digit < 0 && test.label(i) == 13 ? i : digit;          // digit 3
            bag = bag < 0 && test.label(i) == 8 ? i : bag;                // bag
        }
        BufferedImage img = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int a = Math.round(255 * test.pixel(digit, y / 2, x / 2));
                int b = Math.round(255 * test.pixel(bag, y / 2, x / 2));
                img.setRGB(x, y, a << 16 | a << 8 | a);
                img.setRGB(x, y + 56, b << 16 | b << 8 | b);
            }
        }
        Path png = dir.resolve("drawn.png");
        ImageIO.write(img, "png", png.toFile());
        return png;
    }

    @Test
    void captionWritesATsvLinePerCaptionForAComposedPng() throws IOException {
        Path png = composedPng();
        RnnkitCliTest.Result r = RnnkitCliTest.run("caption", bundle.toString(), png.toString(), "--beam", "3",
                "--nbest", "2", "--attention-png", dir.resolve("att.png").toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        String[] cols = lines[0].split("\t");
        assertEquals(png.toString(), cols[0]);
        assertEquals("1", cols[1]);
        // a caption the grammar reads; a model this small may still describe an impossible scene ("a digit 3 above
        // a digit 3"), which is its quality, not the command's: the training test above scores that
        assertTrue(CaptionGrammar.slots(cols[2]).isPresent(), "a caption in the grammar: " + r.out());
        assertTrue(Double.parseDouble(cols[3]) < 0, r.out());
        assertTrue(Files.isRegularFile(dir.resolve("att.png")));
    }

    @Test
    void badImageFilesGetClearErrors() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        RnnkitCliTest.Result r = RnnkitCliTest.run("caption", bundle.toString(), text.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("notes.png") && r.err().contains("not an image"), r.err());
        r = RnnkitCliTest.run("caption", bundle.toString(), dir.resolve("missing.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing.png"), r.err());
        r = RnnkitCliTest.run("caption", bundle.toString(), text.toString(), "--beam", "0");
        assertEquals(2, r.code(), r.err());
        r = RnnkitCliTest.run("caption", dir.resolve("nomodel.zip").toString(), text.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nomodel.zip"), r.err());
    }

    @Test
    void evaluateMakesTheSameTestSplitsAgain() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("evaluate", bundle.toString(), "--beam", "1");
        assertEquals(0, r.code(), r.err());
        Matcher again = Pattern.compile("iid +greedy: +(BLEU[^(]*)").matcher(r.out());
        Matcher first = Pattern.compile("iid +greedy: +(BLEU[^(]*)").matcher(trained.out());
        assertTrue(again.find() && first.find(), r.out());
        assertEquals(first.group(1), again.group(1), "the same model on the same split scores the same");
    }

    /** A Flickr8k-layout folder: real test tiles saved as PNG files, two captions each, trained end to end. */
    @Test
    void aFlickr8kLayoutFolderTrainsAndIsScoredOnItsHeldOutPart() throws IOException {
        TileLibrary tiles = TileLibrary.fetch(DatasetStore.defaultStore());
        LabelledImages test = tiles.tileSet(TileLibrary.Split.TEST).first(120);
        Path images = Files.createDirectories(dir.resolve("flickr/images"));
        StringBuilder captions = new StringBuilder();
        for (int i = 0; i < test.size(); i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = Math.round(255 * test.pixel(i, y, x));
                    img.setRGB(x, y, v << 16 | v << 8 | v);
                }
            }
            String name = "tile" + i + ".png";
            ImageIO.write(img, "png", images.resolve(name).toFile());
            String noun = io.github.rnnkit.data.captioning.SceneObject.of(test.label(i)).singular();
            captions.append(name).append("#0\tA ").append(noun).append(".\n");
            captions.append(name).append("#1\tOne ").append(noun).append(" on black\n");
        }
        Path file = Files.writeString(dir.resolve("flickr/Flickr8k.token.txt"), captions.toString());
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "captioner", "--flickr8k", file.toString(), "--images",
                images.toString(), "--image-size", "28", "--tiles", "2000", "--tile-epochs", "1", "--hidden", "32",
                "--embedding", "16", "--image-vector", "32", "--epochs", "2", "--beam", "2", "-o",
                dir.resolve("flickr.zip").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Flickr8k.token.txt (120 images)"), r.out());
        assertTrue(Pattern.compile("test +greedy: +BLEU-1..4").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("warning: the built-in encoder was trained on clothing and digit tiles"), r.out());
    }

    @Test
    void userFolderOptionsAreCheckedBeforeAnyWork() {
        RnnkitCliTest.Result r = RnnkitCliTest.run("train", "captioner", "--flickr8k", "x.txt");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--images"), r.err());
        r = RnnkitCliTest.run("train", "captioner", "--channels", "2");
        assertEquals(2, r.code(), r.err());
    }
}
