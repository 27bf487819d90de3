package io.github.rnnkit.data.captioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rnnkit.core.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Readers for the two common layouts of a captioned image folder.
 *
 * <ul>
 *   <li><b>Flickr8k</b>: a text file of lines {@code IMAGE#N<TAB>caption} ({@code Flickr8k.token.txt}), N the
 *       caption's number; images are files in a folder.</li>
 *   <li><b>COCO</b>: a {@code captions_*.json} file with {@code images} ({@code id}, {@code file_name}) and
 *       {@code annotations} ({@code image_id}, {@code caption}).</li>
 * </ul>
 * Captions are normalised (lower case, punctuation removed). Every listed image must exist and every line must
 * parse: a bad one is refused with the file and line (or annotation) named; images are returned in the order the
 * file first lists them.
 */
public final class CaptionFiles {
    private static final Logger log = LoggerFactory.getLogger(CaptionFiles.class);

    private CaptionFiles() {
    }

    /** Lower case, every character other than letters, digits, hyphens and apostrophes a space, words joined by one space. */
    public static String normalise(String caption) {
        String s = caption.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}'-]+", " ").trim();
        return s.replaceAll("\\s+", " ");
    }

    /**
     * Reads a Flickr8k-style captions file.
     *
     * @param captions the {@code IMAGE#N<TAB>caption} file (UTF-8)
     * @param images   the folder holding the images
     * @throws IllegalArgumentException for a malformed line or an image that does not exist, naming file and line
     */
    public static List<ImageCaptions> flickr8k(Path captions, Path images) throws IOException {
        requireFile(captions, "captions file");
        requireDir(images);
        Map<String, List<String>> byImage = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(captions, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = readLine(in, captions, n + 1)) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                int hash = tab < 0 ? -1 : line.lastIndexOf('#', tab);
                if (tab < 0 || hash <= 0) {
                    throw new IllegalArgumentException(captions + ":" + n + ": expected IMAGE#N<TAB>caption, got '"
                            + abbreviate(line) + "'");
                }
                String image = line.substring(0, hash);
                String caption = normalise(line.substring(tab + 1));
                if (caption.isEmpty()) {
                    throw new IllegalArgumentException(captions + ":" + n + ": empty caption for " + image);
                }
                if (!byImage.containsKey(image) && !Files.isRegularFile(images.resolve(image))) {
                    throw new IllegalArgumentException(captions + ":" + n + ": image " + image + " is not in "
                            + images);
                }
                byImage.computeIfAbsent(image, k -> new ArrayList<>()).add(caption);
            }
        }
        return collect(byImage, images, captions);
    }

    /**
     * Reads a COCO-style captions JSON file.
     *
     * @param images the folder holding the images named by {@code file_name}
     * @throws IllegalArgumentException for malformed JSON, an annotation naming an unknown image id, an empty caption
     *                                  or a missing image file
     */
    public static List<ImageCaptions> coco(Path captions, Path images) throws IOException {
        requireFile(captions, "captions file");
        requireDir(images);
        JsonNode root;
        try {
            root = Json.mapper().readTree(captions.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(captions + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        }
        JsonNode imageList = root == null ? null : root.get("images");
        JsonNode annotations = root == null ? null : root.get("annotations");
        if (imageList == null || !imageList.isArray() || annotations == null || !annotations.isArray()) {
            throw new IllegalArgumentException(captions + ": a COCO captions file needs arrays 'images' and "
                    + "'annotations'");
        }
        Map<Long, String> names = new LinkedHashMap<>();
        for (int i = 0; i < imageList.size(); i++) {
            JsonNode im = imageList.get(i);
            if (!im.hasNonNull("id") || !im.hasNonNull("file_name")) {
                throw new IllegalArgumentException(captions + ": images[" + i + "] needs 'id' and 'file_name'");
            }
            names.put(im.get("id").asLong(), im.get("file_name").asText());
        }
        Map<String, List<String>> byImage = new LinkedHashMap<>();
        for (int i = 0; i < annotations.size(); i++) {
            JsonNode a = annotations.get(i);
            if (!a.hasNonNull("image_id") || !a.hasNonNull("caption")) {
                throw new IllegalArgumentException(captions + ": annotations[" + i + "] needs 'image_id' and "
                        + "'caption'");
            }
            String name = names.get(a.get("image_id").asLong());
            if (name == null) {
                throw new IllegalArgumentException(captions + ": annotations[" + i + "] names image_id "
                        + a.get("image_id").asText() + ", which 'images' does not list");
            }
            String caption = normalise(a.get("caption").asText());
            if (caption.isEmpty()) {
                throw new IllegalArgumentException(captions + ": annotations[" + i + "] has an empty caption");
            }
            byImage.computeIfAbsent(name, k -> new ArrayList<>()).add(caption);
        }
        for (String name : byImage.keySet()) {
            if (!Files.isRegularFile(images.resolve(name))) {
                throw new IllegalArgumentException(captions + ": image " + name + " is not in " + images);
            }
        }
        long uncaptioned = names.size() - byImage.size();
        if (uncaptioned > 0) {
            log.warn("{}: {} of {} listed images have no caption and are not used", captions, uncaptioned,
                    names.size());
        }
        return collect(byImage, images, captions);
    }

    private static List<ImageCaptions> collect(Map<String, List<String>> byImage, Path images, Path captions) {
        if (byImage.isEmpty()) {
            throw new IllegalArgumentException(captions + ": no captions");
        }
        List<ImageCaptions> out = new ArrayList<>(byImage.size());
        long total = 0;
        for (Map.Entry<String, List<String>> e : byImage.entrySet()) {
            out.add(new ImageCaptions(images.resolve(e.getKey()), e.getValue()));
            total += e.getValue().size();
        }
        log.info("{}: {} images, {} captions", captions, out.size(), total);
        return out;
    }

    private static String readLine(BufferedReader in, Path file, long line) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ":" + line + ": not valid UTF-8", e);
        }
    }

    private static void requireFile(Path file, String what) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what);
        }
    }

    private static void requireDir(Path dir) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such image folder");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
