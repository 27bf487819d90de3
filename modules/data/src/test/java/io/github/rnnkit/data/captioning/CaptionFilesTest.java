package io.github.rnnkit.data.captioning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptionFilesTest {
    @TempDir
    Path dir;

    private Path images() throws Exception {
        Path d = Files.createDirectories(dir.resolve("images"));
        Files.write(d.resolve("a.jpg"), new byte[]{1});
        Files.write(d.resolve("b.jpg"), new byte[]{1});
        return d;
    }

    @Test
    void flickr8kLinesGroupByImageInFileOrder() throws Exception {
        Path images = images();
        Path captions = Files.writeString(dir.resolve("Flickr8k.token.txt"),
                "b.jpg#0\tA dog runs.\na.jpg#0\tTwo kids, playing!\nb.jpg#1\tThe   dog is running\n\n");
        List<ImageCaptions> out = CaptionFiles.flickr8k(captions, images);
        assertEquals(2, out.size());
        assertEquals(images.resolve("b.jpg"), out.get(0).image());
        assertEquals(List.of("a dog runs", "the dog is running"), out.get(0).captions());
        assertEquals(List.of("two kids playing"), out.get(1).captions());
    }

    @Test
    void badFlickr8kLinesAreRefusedWithFileAndLine() throws Exception {
        Path images = images();
        for (String[] bad : new String[][]{{"a.jpg#0\tok\nno tab here\n", ":2"}, {"a.jpg#0\t?!\n", ":1"},
                {"c.jpg#0\tmissing image\n", ":1"}, {"a.jpg\tno number\n", ":1"}}) {
            Path f = Files.writeString(dir.resolve("bad.txt"), bad[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CaptionFiles.flickr8k(f, images));
            assertTrue(e.getMessage().contains("bad.txt" + bad[1]), e.getMessage());
        }
        assertThrows(NoSuchFileException.class, () -> CaptionFiles.flickr8k(dir.resolve("none.txt"), images));
    }

    @Test
    void cocoAnnotationsJoinTheirImages() throws Exception {
        Path images = images();
        Path f = Files.writeString(dir.resolve("captions_val.json"), """
                {"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2, "file_name": "b.jpg"}],
                 "annotations": [{"image_id": 2, "caption": "A Cat."}, {"image_id": 1, "caption": "x"},
                                 {"image_id": 2, "caption": "a cat on a mat"}]}""");
        List<ImageCaptions> out = CaptionFiles.coco(f, images);
        assertEquals(2, out.size());
        assertEquals(List.of("a cat", "a cat on a mat"), out.get(0).captions());
    }

    @Test
    void badCocoFilesAreRefusedNamingThePlace() throws Exception {
        Path images = images();
        for (String[] bad : new String[][]{{"{\"images\": [", "not valid JSON"},
                {"{\"images\": []}", "'annotations'"},
                {"{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"}], \"annotations\": [{\"image_id\": 5, "
                        + "\"caption\": \"x\"}]}", "annotations[0] names image_id 5"},
                {"{\"images\": [{\"id\": 1, \"file_name\": \"z.jpg\"}], \"annotations\": [{\"image_id\": 1, "
                        + "\"caption\": \"x\"}]}", "z.jpg"}}) {
            Path f = Files.writeString(dir.resolve("c.json"), bad[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CaptionFiles.coco(f, images));
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("c.json"), e.getMessage());
        }
    }
}
