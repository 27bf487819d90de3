package io.github.rnnkit.data.classify;

import io.github.rnnkit.data.text.Utf8;
import io.github.rnnkit.core.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a folder-per-class layout, {@code root/<label>/<file>}: every regular file in a class folder is one
 * UTF-8 text, labelled with the folder's name.
 *
 * <pre>{@code
 * // reviews/neg/1.txt, reviews/neg/2.txt, reviews/pos/1.txt, ...
 * List<LabelledText> data = ClassFolders.read(Path.of("reviews"));
 * // data.get(0): label "neg", origin "reviews/neg/1.txt"
 * }</pre>
 *
 * <p>Texts are returned by label, then by file name (both in {@link String#compareTo} order), so the result
 * does not depend on the file system. Each {@link LabelledText#origin()} is the file relative to the root's
 * parent, e.g. {@code reviews/pos/1.txt}. Skipped and counted at WARN: files directly under the root, hidden
 * files and folders (names starting with {@code .}), and folders inside a class folder (the layout is one level
 * deep). Refused with the path named: a root that is not a folder or has fewer than two class folders, an
 * empty class folder, a file that is not UTF-8 (with its line), and a blank file ("empty text").
 */
public final class ClassFolders {
    private static final Logger log = LoggerFactory.getLogger(ClassFolders.class);

    private ClassFolders() {
    }

    /**
     * Reads every class folder under {@code root}.
     *
     * @param root the folder holding one folder per class
     * @throws IllegalArgumentException when the layout is wrong or a file is malformed (see the class comment)
     */
    public static List<LabelledText> read(Path root) throws IOException {
        Checks.notNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("class-folder root " + root.toAbsolutePath() + " is not a folder; "
                    + "expected root/<label>/<file>");
        }
        String rootName = root.toAbsolutePath().normalize().getFileName() == null ? ""
                : root.toAbsolutePath().normalize().getFileName() + "/";
        List<Path> classFolders = new ArrayList<>();
        long looseFiles = 0;
        long hidden = 0;
        for (Path p : sortedChildren(root)) {
            if (isHidden(p)) {
                hidden++;
            } else if (Files.isDirectory(p)) {
                classFolders.add(p);
            } else {
                looseFiles++;
            }
        }
        if (classFolders.size() < 2) {
            throw new IllegalArgumentException(root + " holds " + classFolders.size() + " class folder"
                    + (classFolders.size() == 1 ? " (" + classFolders.get(0).getFileName() + ")" : "")
                    + "; a folder-per-class layout needs at least 2, root/<label>/<file>");
        }
        List<LabelledText> out = new ArrayList<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        long nested = 0;
        for (Path folder : classFolders) {
            String label = folder.getFileName().toString();
            int before = out.size();
            for (Path f : sortedChildren(folder)) {
                if (isHidden(f)) {
                    hidden++;
                } else if (!Files.isRegularFile(f)) {
                    nested++;
                } else {
                    String text = Utf8.decode(Files.readAllBytes(f), f);
                    if (text.isBlank()) {
                        throw new IllegalArgumentException(f + ": empty text (the file is blank); every file in a "
                                + "class folder is one example (delete the file or fill it in)");
                    }
                    out.add(new LabelledText(text, label, rootName + label + "/" + f.getFileName()));
                }
            }
            if (out.size() == before) {
                throw new IllegalArgumentException("class folder " + folder + " holds no text files; every class "
                        + "needs at least one example (remove the folder if the class is not wanted)");
            }
            sizes.put(label, out.size() - before);
        }
        if (looseFiles + hidden + nested > 0) {
            log.warn("Skipped in {}: {} files directly under the root (not in a class folder), {} hidden files or "
                    + "folders, {} folders inside class folders", root, looseFiles, hidden, nested);
        }
        log.info("Read {} texts in {} classes from {}: {}", out.size(), sizes.size(), root, sizes);
        return out;
    }

    /** The entries of {@code folder} by name (String order, independent of the file system's). */
    private static List<Path> sortedChildren(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
