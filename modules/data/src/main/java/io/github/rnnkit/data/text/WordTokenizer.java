package io.github.rnnkit.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into word tokens for word-level models.
 *
 * <ul>
 *   <li>HTML line breaks ({@code <br />}, {@code <br/>}, {@code <br>}, as in IMDB reviews) become spaces;</li>
 *   <li>text is lower-cased (Locale.ROOT) unless asked not to;</li>
 *   <li>a word is a run of letters and digits, with inner apostrophes kept ({@code don't}, {@code it's});</li>
 *   <li>every other non-space character is a token of its own ({@code !}, {@code ,}, {@code "}).</li>
 * </ul>
 *
 * <pre>{@code
 * new WordTokenizer(true).tokenize("Great film!<br /><br />Don't miss it.")
 *   // [great, film, !, don't, miss, it, .]
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class WordTokenizer {
    private static final Pattern BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]");

    private final boolean lowerCase;

    /** @param lowerCase whether to lower-case the text first */
    public WordTokenizer(boolean lowerCase) {
        this.lowerCase = lowerCase;
    }

    /** The tokens of {@code text}, in order. */
    public List<String> tokenize(String text) {
        String t = BREAK.matcher(text).replaceAll(" ");
        if (lowerCase) {
            t = t.toLowerCase(Locale.ROOT);
        }
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(t);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public boolean lowerCase() {
        return lowerCase;
    }
}
