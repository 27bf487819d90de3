package io.github.rnnkit.data.tagging;

import io.github.rnnkit.core.Checks;
import io.github.rnnkit.data.brown.TaggedSentence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps Brown corpus tags to the 12 tags of the universal part-of-speech tagset: {@code NOUN VERB ADJ ADV
 * PRON DET ADP NUM CONJ PRT . X}.
 *
 * <pre>{@code
 * UniversalTagset.universal("nn-tl");      // "NOUN"
 * UniversalTagset.universal("ppss+md");    // "PRT"  (I'll)
 * TaggedSentence u = UniversalTagset.toUniversal(brown.sentences("ca01").get(0));
 * }</pre>
 *
 * <p>Reference: S. Petrov, D. Das and R. McDonald, "A Universal Part-of-Speech Tagset", LREC 2012
 * (arXiv:1104.2086), and its mapping {@code en-brown.map} in github.com/slavpetrov/universal-pos-tags in the
 * revision of 2014-10-28, which added {@code NR-TL} and {@code NR-TL-HL}. That file lists the 472 tags of
 * the corpus one by one; here the same mapping is written as a table of 92 base tags and the rules that
 * build the compound tags from them, and gives the file's answer for every one of the 472. On the pinned
 * corpus (1,161,192 tokens) it gives NOUN 275,558, VERB 182,750, {@code .} 147,565, ADP 144,766,
 * DET 137,019, ADJ 83,721, ADV 56,239, PRON 49,334, CONJ 38,151, PRT 29,829, NUM 14,874, X 1,386.
 *
 * <p>A tag is read case-insensitively (NLTK's files are lower case: {@code at}, {@code nn-tl}) and resolved
 * in this order:
 * <ol>
 *   <li>Two tags the corpus writes cut short are read as their full form: {@code ppss+ber-n} as
 *       {@code ppss+ber-nc}, {@code fw-in+at-t} as {@code fw-in+at-tl}.</li>
 *   <li>{@code FW-} (foreign word) followed by any tag this class knows: {@code X}.</li>
 *   <li>The suffixes {@code -HL} (headline), {@code -TL} (title) and {@code -NC} (cited word), in any
 *       number and order, are dropped: {@code nns-tl-hl} is {@code nns}.</li>
 *   <li>A trailing {@code *} (negation fused to a verb: {@code bez*} "isn't", {@code do*} "don't") is
 *       dropped; the tag {@code *} alone ("not", "n't") is ADV.</li>
 *   <li>A contraction of two base tags, {@code A+B}: VERB when A is a verb ({@code vb+ppo} "let's",
 *       {@code md+hv} "must've"); else PRT when B is a verb ({@code ppss+md} "I'll", {@code pps+bez}
 *       "it's", {@code np+hvz} "Bill's"); else A's tag ({@code nn+in} "buncha" NOUN, {@code rb+cs}
 *       "soon's" ADV). The published map departs from this for four contractions, taken as it gives
 *       them: {@code do+ppss} ("d'you") X, {@code wrb+in} ("why'n") PRT, and the three-part
 *       {@code wdt+ber+pp} and {@code wdt+do+pps} ("whaddya") X.</li>
 *   <li>Otherwise the tag must be a base tag ({@link #universal} lists them in its error); {@code nil}
 *       (tokens the corpus left untagged) is X.</li>
 * </ol>
 *
 * <p>Some of the published choices are not what one would guess, and are kept: possessives follow no single
 * rule ({@code nn$} NOUN but {@code cd$} "1960's" NOUN, {@code ap$} "other's", {@code jj$} and {@code rb$}
 * "else's" PRT, {@code pp$} "his" DET, {@code pp$$} "mine" PRON); contractions of a pronoun or noun with a
 * verb are PRT, not PRON or NOUN; {@code ex} "there", {@code abl} "such", {@code abn} "all", {@code uh} are
 * PRT; {@code cs} (subordinating conjunctions "that", "if") is ADP, not CONJ.
 */
public final class UniversalTagset {
    /** The 12 universal tags, in the order the paper lists them. */
    public static final List<String> TAGS = List.of("NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM",
            "CONJ", "PRT", ".", "X");

    /** Brown base tags by universal tag: no suffix, no prefix, no negation, no contraction. */
    private static final Map<String, String> BASE = table(
            "NOUN", "NN NNS NP NPS NR NRS PN NN$ NNS$ NP$ NPS$ NR$ PN$ CD$",
            "VERB", "VB VBD VBG VBN VBZ BE BED BEDZ BEG BEM BEN BER BEZ DO DOD DOZ HV HVD HVG HVN HVZ MD",
            "ADJ", "JJ JJR JJS JJT AP OD",
            "ADV", "RB RBR RBT RN QL QLP WQL WRB *",
            "PRON", "PPS PPSS PPO PPL PPLS PP$$ WPS WPO",
            "DET", "AT DT DTI DTS DTX DT$ ABX PP$ WDT WP$",
            "ADP", "IN CS",
            "NUM", "CD",
            "CONJ", "CC",
            "PRT", "RP TO EX UH ABL ABN AP$ JJ$ RB$",
            ".", ". , : ( ) ' '' `` --",
            "X", "NIL");

    /** Contractions the published map gives otherwise than the contraction rule. */
    private static final Map<String, String> CONTRACTION_EXCEPTIONS = Map.of(
            "DO+PPSS", "X",         // d'you: the rule says VERB
            "WRB+IN", "PRT",        // why'n: the rule says ADV
            "WDT+BER+PP", "X",      // whaddya (three parts)
            "WDT+DO+PPS", "X");     // Whaddya (three parts)

    /** Tags the corpus writes cut short, and their full form. */
    private static final Map<String, String> TRUNCATED = Map.of(
            "PPSS+BER-N", "PPSS+BER-NC",
            "FW-IN+AT-T", "FW-IN+AT-TL");

    private static final List<String> SUFFIXES = List.of("-HL", "-TL", "-NC");
    private static final String FOREIGN = "FW-";
    private static final String NEGATION = "*";

    private UniversalTagset() {
    }

    /**
     * The universal tag of a Brown tag.
     *
     * @param brownTag a Brown corpus tag in any case, e.g. {@code nn-tl}, {@code BEZ*}, {@code ppss+md}
     * @return one of {@link #TAGS}
     * @throws IllegalArgumentException when the tag is not a Brown tag (the message names it and lists the
     *                                  base tags and the compound forms allowed)
     */
    public static String universal(String brownTag) {
        Checks.notNull(brownTag, "brownTag");
        String tag = brownTag.toUpperCase(Locale.ROOT);
        String universal = map(TRUNCATED.getOrDefault(tag, tag));
        if (universal == null) {
            throw new IllegalArgumentException("unknown Brown tag '" + brownTag + "'; allowed: a base tag "
                    + new TreeSet<>(BASE.keySet()) + ", in any case, with optional suffixes -HL, -TL, -NC, a "
                    + "trailing * (negation), the prefix FW- (foreign word), or a contraction A+B of two base tags");
        }
        return universal;
    }

    /**
     * The same sentence with every tag replaced by its universal tag.
     *
     * @param sentence a sentence tagged with Brown tags
     * @throws IllegalArgumentException naming the sentence's source and line and the word, for a tag
     *                                  {@link #universal} does not know
     */
    public static TaggedSentence toUniversal(TaggedSentence sentence) {
        Checks.notNull(sentence, "sentence");
        List<String> tags = new ArrayList<>(sentence.length());
        for (int i = 0; i < sentence.length(); i++) {
            try {
                tags.add(universal(sentence.tags().get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(sentence.source() + ":" + sentence.line() + ": word " + (i + 1)
                        + " '" + sentence.words().get(i) + "': " + e.getMessage(), e);
            }
        }
        return new TaggedSentence(sentence.source(), sentence.line(), sentence.words(), tags);
    }

    /** The universal tag of an upper-case tag, or null when it is not a Brown tag. */
    private static String map(String tag) {
        if (tag.startsWith(FOREIGN)) {
            return nativeTag(tag.substring(FOREIGN.length())) == null ? null : "X";
        }
        return nativeTag(tag);
    }

    /** {@link #map} for a tag without the {@code FW-} prefix. */
    private static String nativeTag(String tag) {
        tag = withoutSuffixes(tag);
        if (tag.length() > 1 && tag.endsWith(NEGATION)) {
            tag = tag.substring(0, tag.length() - 1);
            if (tag.endsWith(NEGATION)) {
                return null;        // ** and the like: one negation only
            }
        }
        String exception = CONTRACTION_EXCEPTIONS.get(tag);
        if (exception != null) {
            return exception;
        }
        int plus = tag.indexOf('+');
        return plus < 0 ? BASE.get(tag) : contraction(tag.substring(0, plus), tag.substring(plus + 1));
    }

    /** {@code first+second}: VERB if first is a verb, else PRT if second is a verb, else first's tag. */
    private static String contraction(String first, String second) {
        String a = BASE.get(first);
        String b = BASE.get(second);
        if (a == null || b == null) {
            return null;
        }
        if (a.equals("VERB")) {
            return "VERB";
        }
        return b.equals("VERB") ? "PRT" : a;
    }

    private static String withoutSuffixes(String tag) {
        boolean dropped = true;
        while (dropped) {
            dropped = false;
            for (String suffix : SUFFIXES) {
                if (tag.length() > suffix.length() && tag.endsWith(suffix)) {
                    tag = tag.substring(0, tag.length() - suffix.length());
                    dropped = true;
                }
            }
        }
        return tag;
    }

    /** {@code universal, "brown brown ...", ...} to a map from each Brown tag to its universal tag. */
    private static Map<String, String> table(String... universalThenBrown) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < universalThenBrown.length; i += 2) {
            String universal = universalThenBrown[i];
            if (!TAGS.contains(universal)) {
                throw new IllegalStateException("not a universal tag: " + universal);
            }
            for (String brown : universalThenBrown[i + 1].split(" ")) {
                if (out.put(brown, universal) != null) {
                    throw new IllegalStateException("Brown tag listed twice: " + brown);
                }
            }
        }
        return Map.copyOf(out);
    }
}
