package io.github.rnnkit.data.classify;

import io.github.rnnkit.core.Checks;

/**
 * One text with its class label, as the readers of this package return it.
 *
 * <pre>{@code
 * LabelledText t = new LabelledText("Free money!!!", "spam", "mail.csv:17");
 * String where = t.origin();   // "mail.csv:17", for error messages and error analysis
 * }</pre>
 *
 * @param text   the text as the source holds it (not trimmed, not lower-cased); never null
 * @param label  the class, e.g. {@code "spam"}, {@code "pos"} or a folder name; not blank
 * @param origin where the text came from, for people: {@code "reviews.csv:17"},
 *               {@code "data/spam-1/00012.<md5>.json"}, {@code "aclImdb/train/pos/123_9.txt"}; never null
 */
public record LabelledText(String text, String label, String origin) {
    public LabelledText {
        Checks.notNull(text, "text");
        Checks.notNull(label, "label");
        Checks.notNull(origin, "origin");
        if (label.isBlank()) {
            throw new IllegalArgumentException("label must not be blank, got '" + label + "' for the text from "
                    + origin);
        }
    }
}
